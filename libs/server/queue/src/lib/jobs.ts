/**
 * The catalogue of queues and jobs: every job name, the queue it runs on and its payload.
 * Payloads carry ids only (never whole objects) so a retried job always sees current data.
 * Adding a job here without a handler in the worker stops the worker from booting.
 */
export const QUEUES = ['housekeeping', 'effects'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Proves the pipeline producer → Redis → worker → database; written to worker_heartbeats. */
  'housekeeping.heartbeat': { requestedAt: string };
  /** Deletes sessions past their idle or absolute expiry. */
  'housekeeping.purge-sessions': Record<string, never>;
  /*
   * Workflow effects (issue 5). The outbox relay puts one job per outbox row with jobId = the row id
   * (`<requestId>/<version>/<n>`); the handler reloads the row and skips it if it was processed.
   */
  /** In-app notification + e-mail. */
  'effects.notify': OutboxJob;
  /** A deadline reminder or escalation, delayed until due; re-checks the request before acting. */
  'effects.timer': OutboxJob;
  'effects.generate-document': OutboxJob;
  'effects.request-signatures': OutboxJob;
  'effects.publish-to-register': OutboxJob;
  'effects.create-booking': OutboxJob;
  'effects.cancel-booking': OutboxJob;
}

/** Payload of every effect job: the outbox row to carry out. */
export interface OutboxJob {
  outboxId: string;
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'housekeeping.heartbeat': 'housekeeping',
  'housekeeping.purge-sessions': 'housekeeping',
  'effects.notify': 'effects',
  'effects.timer': 'effects',
  'effects.generate-document': 'effects',
  'effects.request-signatures': 'effects',
  'effects.publish-to-register': 'effects',
  'effects.create-booking': 'effects',
  'effects.cancel-booking': 'effects',
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** Recurring jobs the worker (re)declares at boot; upserting is idempotent across replicas. */
export const SCHEDULES: ReadonlyArray<{ job: JobName; everyMs: number; payload: () => JobPayloads[JobName] }> = [
  { job: 'housekeeping.heartbeat', everyMs: 30_000, payload: () => ({ requestedAt: new Date().toISOString() }) },
  { job: 'housekeeping.purge-sessions', everyMs: 15 * 60_000, payload: () => ({}) },
];
