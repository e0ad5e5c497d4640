export * from './lib/effect-jobs';
export * from './lib/outbox-writer';
export * from './lib/outbox-relay';
export * from './lib/outbox-poller';
export * from './lib/outbox-processor';
export * from './lib/outbox.module';
