export * from './lib/health.module';
export * from './lib/health.service';
export * from './lib/vitals.service';
export * from './lib/health-decision';
export * from './lib/database-vitals';
export * from './lib/limits';
export * from './lib/pool-pressure';
export * from './lib/timed-check';
