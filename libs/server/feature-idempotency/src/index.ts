export * from './lib/idempotency.module';
export * from './lib/idempotency.store';
export * from './lib/idempotency-key';
export * from './lib/idempotency-policy';
export * from './lib/idempotency-routes';
export * from './lib/openapi';
