/** Queues of the system. Heavy or slow work gets its own queue so it cannot starve e-mail and effects. */
export const QUEUES = ['housekeeping', 'effects', 'documents', 'reports'] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * A recurring job the worker (re)declares at boot; upserting is idempotent across replicas.
 * Either `everyMs` or `pattern` (cron, evaluated in `tz`, default Europe/Prague).
 */
export interface ScheduleOf<P> {
  job: keyof P & string;
  everyMs?: number;
  pattern?: string;
  tz?: string;
  payload: () => P[keyof P];
}

/** Payload of every effect job: the outbox row to carry out. */
export interface OutboxJob {
  outboxId: string;
  /**
   * Which delivery of the row this job is (the row's `redeliveries` when it was added): lets the
   * outbox tell a failure of the current job from a late report about an earlier one. Handlers ignore it.
   */
  delivery?: number;
}
