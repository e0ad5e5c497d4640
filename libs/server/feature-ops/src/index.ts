export * from './lib/ops.module';
