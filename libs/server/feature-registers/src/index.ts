export * from './lib/registers.module';
export * from './lib/contracts/contract-rules';
export * from './lib/contracts/contract-export';
export * from './lib/regulations/regulations.service';
export * from './lib/registers-jobs.handlers';
export * from './lib/publish-to-register.handler';
export * from './lib/open-data/open-data.service';
export * from './lib/registers-config';
