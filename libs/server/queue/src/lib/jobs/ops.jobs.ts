import type { JobPayloads } from '../jobs';
import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the ops area. Name them '<queue>.<verb-noun>' or 'ops.<verb-noun>' and list each in
 * OPS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
export interface OpsJobPayloads {
  /** Seals the current audit-chain head with the office seal (+ RFC 3161 timestamp); once per head. */
  'ops.seal-audit-head': Record<string, never>;
}

export const OPS_JOB_QUEUE: { readonly [J in keyof OpsJobPayloads]: QueueName } = {
  'ops.seal-audit-head': 'housekeeping',
};

/** Every night shortly after midnight, Prague time: the head of the day just ended. */
export const OPS_SCHEDULES: ReadonlyArray<ScheduleOf<JobPayloads>> = [{ job: 'ops.seal-audit-head', pattern: '5 0 * * *', tz: 'Europe/Prague', payload: () => ({}) }];
