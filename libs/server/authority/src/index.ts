export * from './lib/access.decorator';
export * from './lib/access.guard';
export * from './lib/authority.module';
export * from './lib/decision';
export * from './lib/declaration';
export * from './lib/registry';
export * from './lib/rules';
export * from './lib/subject';
