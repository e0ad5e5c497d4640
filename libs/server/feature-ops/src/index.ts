export * from './lib/ops.module';
export * from './lib/metrics/metrics.service';
export * from './lib/queues/queue-dashboard';
export * from './lib/seal/audit-seal';
export * from './lib/seal/audit-seal.handler';
export * from './lib/incidents/incident-alerts';
export * from './lib/incidents/incidents.controller';
