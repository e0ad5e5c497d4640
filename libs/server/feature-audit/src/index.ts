export * from './lib/audit-hash';
export * from './lib/audit-writer';
export * from './lib/audit-verifier';
export * from './lib/audit.module';
