export * from './lib/request-runtime.service';
export * from './lib/transition-checks';
export * from './lib/request-queries.service';
export * from './lib/request-visibility';
export * from './lib/request-store';
export * from './lib/effect-handlers';
export * from './lib/file-type';
export * from './lib/requests.module';
