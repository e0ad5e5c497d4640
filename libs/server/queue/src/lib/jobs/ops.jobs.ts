import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the ops area. Name them '<queue>.<verb-noun>' or 'ops.<verb-noun>' and list each in
 * OPS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface OpsJobPayloads {}

export const OPS_JOB_QUEUE: { readonly [J in keyof OpsJobPayloads]: QueueName } = {};

export const OPS_SCHEDULES: ReadonlyArray<ScheduleOf<OpsJobPayloads>> = [];
