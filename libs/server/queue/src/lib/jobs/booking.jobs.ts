import type { JobPayloads } from '../jobs';
import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the booking area. Name them '<queue>.<verb-noun>' or 'booking.<verb-noun>' and list each in
 * BOOKING_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
export interface BookingJobPayloads {
  /**
   * Delayed until 15 minutes after a room booking's start: releases it when nobody checked in.
   * The handler re-reads the booking (it may have been moved, cancelled or checked into meanwhile).
   */
  'booking.release-no-show': { bookingId: string };
  /** Safety net for lost delayed jobs (Redis flushed, api down at booking time): releases every overdue no-show. */
  'booking.sweep-no-shows': Record<string, never>;
  // Booking notices and their e-mail are outbox rows carried out by `effects.notify` (issue 19): no booking mail job.
}

export const BOOKING_JOB_QUEUE: { readonly [J in keyof BookingJobPayloads]: QueueName } = {
  'booking.release-no-show': 'housekeeping',
  'booking.sweep-no-shows': 'housekeeping',
};

/*
 * Typed against the whole catalogue (type-only import): jobs.ts joins every area's schedules with a
 * cast that only holds while one of the joined element types is comparable to ScheduleOf<JobPayloads>.
 */
export const BOOKING_SCHEDULES: ReadonlyArray<ScheduleOf<JobPayloads>> = [{ job: 'booking.sweep-no-shows', everyMs: 60_000, payload: () => ({}) }];
