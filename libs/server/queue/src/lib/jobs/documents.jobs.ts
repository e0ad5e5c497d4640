import type { QueueName, ScheduleOf } from './catalogue-types';

/**
 * Jobs of the documents area. Name them '<queue>.<verb-noun>' or 'documents.<verb-noun>' and list each in
 * DOCUMENTS_JOB_QUEUE; a job without exactly one @JobHandler in the worker stops the worker from booting.
 */
export interface DocumentsJobPayloads {
  /**
   * Applies the office seal to a document whose turn for it has come (after the signature before
   * it committed). The job id names the seal task, so it runs once per seal.
   */
  'documents.apply-seals': { documentId: string };
  /** Finds seals whose turn has come but whose job was never queued (Redis down, api crashed) and applies them. */
  'documents.sweep-seals': { requestedAt: string };
}

export const DOCUMENTS_JOB_QUEUE: { readonly [J in keyof DocumentsJobPayloads]: QueueName } = {
  'documents.apply-seals': 'documents',
  'documents.sweep-seals': 'documents',
};

export const DOCUMENTS_SCHEDULES: ReadonlyArray<ScheduleOf<DocumentsJobPayloads>> = [
  { job: 'documents.sweep-seals', everyMs: 60_000, payload: () => ({ requestedAt: new Date().toISOString() }) },
];
