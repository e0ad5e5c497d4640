export * from './lib/documents.module';
export { readSigningSettings } from './lib/signing-settings';
export type { SigningSettings } from './lib/signing-settings';
