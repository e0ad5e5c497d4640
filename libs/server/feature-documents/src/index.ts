export * from './lib/documents.module';
export { readSigningSettings } from './lib/signing-settings';
export type { SigningSettings } from './lib/signing-settings';
// For system tests: redelivered effect jobs and regeneration.
export { DocumentEffectHandlers } from './lib/documents/document-effects.handler';
export { DocumentGenerator } from './lib/documents/document-generator';
