import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the attendance area. Name them '<queue>.<verb-noun>' or 'attendance.<verb-noun>' and list each in
 * ATTENDANCE_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface AttendanceJobPayloads {}

export const ATTENDANCE_JOB_QUEUE: { readonly [J in keyof AttendanceJobPayloads]: QueueName } = {};

export const ATTENDANCE_SCHEDULES: ReadonlyArray<ScheduleOf<AttendanceJobPayloads>> = [];
