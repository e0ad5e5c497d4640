import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the registers area. Name them '<queue>.<verb-noun>' or 'registers.<verb-noun>' and list each in
 * REGISTERS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
export interface RegistersJobPayloads {
  /** Reminds the contract officers of publications due soon and escalates missed ones (once each). */
  'registers.contract-deadlines': { requestedAt: string };
  /** Writes the anonymised open-data export (CSV, JSON, data dictionary) to REGISTERS_OPEN_DATA_DIR. */
  'registers.open-data-export': { requestedAt: string };
}

export const REGISTERS_JOB_QUEUE: { readonly [J in keyof RegistersJobPayloads]: QueueName } = {
  'registers.contract-deadlines': 'housekeeping',
  'registers.open-data-export': 'reports',
};

export const REGISTERS_SCHEDULES: ReadonlyArray<ScheduleOf<RegistersJobPayloads>> = [
  // Hourly: a reminder goes out on the first run of its day; the check is cheap (partial index).
  { job: 'registers.contract-deadlines', everyMs: 60 * 60_000, payload: () => ({ requestedAt: new Date().toISOString() }) },
  // Daily at 02:30 Prague time, when nobody works.
  { job: 'registers.open-data-export', pattern: '30 2 * * *', tz: 'Europe/Prague', payload: () => ({ requestedAt: new Date().toISOString() }) },
];
