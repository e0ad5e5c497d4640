import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the booking area. Name them '<queue>.<verb-noun>' or 'booking.<verb-noun>' and list each in
 * BOOKING_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface BookingJobPayloads {}

export const BOOKING_JOB_QUEUE: { readonly [J in keyof BookingJobPayloads]: QueueName } = {};

export const BOOKING_SCHEDULES: ReadonlyArray<ScheduleOf<BookingJobPayloads>> = [];
