import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the attendance area. Name them '<queue>.<verb-noun>' or 'attendance.<verb-noun>' and list each in
 * ATTENDANCE_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
export interface AttendanceJobPayloads {
  /** Activates the deputies of approved leave requests and revokes those of cancelled ones. Idempotent. */
  'attendance.sync-leave-deputies': Record<string, never>;
}

export const ATTENDANCE_JOB_QUEUE: { readonly [J in keyof AttendanceJobPayloads]: QueueName } = {
  'attendance.sync-leave-deputies': 'housekeeping',
};

export const ATTENDANCE_SCHEDULES: ReadonlyArray<ScheduleOf<AttendanceJobPayloads>> = [
  { job: 'attendance.sync-leave-deputies', everyMs: 60_000, payload: () => ({}) },
];
