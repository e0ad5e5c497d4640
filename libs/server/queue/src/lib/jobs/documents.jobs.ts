import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the documents area. Name them '<queue>.<verb-noun>' or 'documents.<verb-noun>' and list each in
 * DOCUMENTS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface DocumentsJobPayloads {}

export const DOCUMENTS_JOB_QUEUE: { readonly [J in keyof DocumentsJobPayloads]: QueueName } = {};

export const DOCUMENTS_SCHEDULES: ReadonlyArray<ScheduleOf<DocumentsJobPayloads>> = [];
