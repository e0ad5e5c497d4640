export * from './lib/audit-hash';
export * from './lib/audit-writer';
export * from './lib/audit-sequencer';
export * from './lib/audit-sequencer.service';
export * from './lib/audit-verifier';
export * from './lib/audit.module';
