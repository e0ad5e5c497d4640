export * from './lib/jobs';
export * from './lib/job-handler.decorator';
export * from './lib/handler-registry';
export * from './lib/redis';
export * from './lib/job-events';
export * from './lib/queue.module';
export * from './lib/worker-host';
export * from './lib/worker.module';
