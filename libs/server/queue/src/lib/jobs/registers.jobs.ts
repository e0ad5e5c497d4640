import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the registers area. Name them '<queue>.<verb-noun>' or 'registers.<verb-noun>' and list each in
 * REGISTERS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface RegistersJobPayloads {}

export const REGISTERS_JOB_QUEUE: { readonly [J in keyof RegistersJobPayloads]: QueueName } = {};

export const REGISTERS_SCHEDULES: ReadonlyArray<ScheduleOf<RegistersJobPayloads>> = [];
