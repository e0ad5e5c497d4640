/**
 * The catalogue of queues and jobs: every job name, the queue it runs on and its payload.
 * Payloads carry ids only (never whole objects) so a retried job always sees current data.
 * Adding a job here without a handler in the worker stops the worker from booting.
 *
 * Each area keeps its jobs in its own file under ./jobs (so work on different areas never edits
 * the same file); this file joins them.
 */
import { ATTENDANCE_JOB_QUEUE, ATTENDANCE_SCHEDULES, type AttendanceJobPayloads } from './jobs/attendance.jobs';
import { BOOKING_JOB_QUEUE, BOOKING_SCHEDULES, type BookingJobPayloads } from './jobs/booking.jobs';
import type { OutboxJob, QueueName, ScheduleOf } from './jobs/catalogue-types';
import { DOCUMENTS_JOB_QUEUE, DOCUMENTS_SCHEDULES, type DocumentsJobPayloads } from './jobs/documents.jobs';
import { IDEMPOTENCY_JOB_QUEUE, IDEMPOTENCY_SCHEDULES, type IdempotencyJobPayloads } from './jobs/idempotency.jobs';
import { OPS_JOB_QUEUE, OPS_SCHEDULES, type OpsJobPayloads } from './jobs/ops.jobs';
import { REGISTERS_JOB_QUEUE, REGISTERS_SCHEDULES, type RegistersJobPayloads } from './jobs/registers.jobs';

export { QUEUES, type QueueName, type OutboxJob, type ScheduleOf } from './jobs/catalogue-types';

export interface CoreJobPayloads {
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

export interface JobPayloads
  extends CoreJobPayloads, BookingJobPayloads, DocumentsJobPayloads, AttendanceJobPayloads, RegistersJobPayloads, OpsJobPayloads, IdempotencyJobPayloads {}

export type JobName = keyof JobPayloads;

const CORE_JOB_QUEUE: { readonly [J in keyof CoreJobPayloads]: QueueName } = {
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

export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  ...CORE_JOB_QUEUE,
  ...BOOKING_JOB_QUEUE,
  ...DOCUMENTS_JOB_QUEUE,
  ...ATTENDANCE_JOB_QUEUE,
  ...REGISTERS_JOB_QUEUE,
  ...OPS_JOB_QUEUE,
  ...IDEMPOTENCY_JOB_QUEUE,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

const CORE_SCHEDULES: ReadonlyArray<ScheduleOf<CoreJobPayloads>> = [
  { job: 'housekeeping.heartbeat', everyMs: 30_000, payload: () => ({ requestedAt: new Date().toISOString() }) },
  { job: 'housekeeping.purge-sessions', everyMs: 15 * 60_000, payload: () => ({}) },
];

/** Recurring jobs the worker (re)declares at boot; upserting is idempotent across replicas. */
export const SCHEDULES: ReadonlyArray<ScheduleOf<JobPayloads>> = [
  ...CORE_SCHEDULES,
  ...BOOKING_SCHEDULES,
  ...DOCUMENTS_SCHEDULES,
  ...ATTENDANCE_SCHEDULES,
  ...REGISTERS_SCHEDULES,
  ...OPS_SCHEDULES,
  ...IDEMPOTENCY_SCHEDULES,
] as unknown as ReadonlyArray<ScheduleOf<JobPayloads>>;
