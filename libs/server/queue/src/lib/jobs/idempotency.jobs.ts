import type { JobPayloads } from '../jobs';
import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the Idempotency-Key store (libs/server/feature-idempotency); a job without exactly one
 * @JobHandler in the worker stops the worker from booting.
 */
export interface IdempotencyJobPayloads {
  /** Deletes idempotency keys past their 24-hour life (expired keys are already ignored). */
  'housekeeping.purge-idempotency-keys': Record<string, never>;
}

export const IDEMPOTENCY_JOB_QUEUE: { readonly [J in keyof IdempotencyJobPayloads]: QueueName } = {
  'housekeeping.purge-idempotency-keys': 'housekeeping',
};

export const IDEMPOTENCY_SCHEDULES: ReadonlyArray<ScheduleOf<JobPayloads>> = [{ job: 'housekeeping.purge-idempotency-keys', everyMs: 60 * 60_000, payload: () => ({}) }];
