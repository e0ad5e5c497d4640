import { Injectable, Logger } from '@nestjs/common';
import type { QueueName } from './jobs';

/** A job as the worker host reports it to the library that owns the work. */
export interface FinishedJob {
  queue: QueueName;
  name: string;
  id: string;
  data: unknown;
  attemptsMade: number;
}

/** A job that BullMQ will not try again: its attempts ran out, or it failed permanently. */
export interface ExhaustedJob extends FinishedJob {
  failedReason: string;
}

export type JobListener<J> = (job: J) => Promise<void>;

/**
 * Where the worker host reports jobs that BullMQ gave up on, or completed, so the library that owns
 * the work (the outbox, for effects) can react at once. Listeners are a fast path only: a report can
 * be lost (the database is down when it arrives, the process dies), so owners must also find such
 * jobs by themselves (the outbox's redelivery sweep does).
 */
@Injectable()
export class JobEvents {
  private readonly logger = new Logger('JobEvents');
  private readonly exhaustedListeners: Array<JobListener<ExhaustedJob>> = [];
  private readonly completedListeners: Array<JobListener<FinishedJob>> = [];

  onExhausted(listener: JobListener<ExhaustedJob>): () => void {
    return add(this.exhaustedListeners, listener);
  }

  onCompleted(listener: JobListener<FinishedJob>): () => void {
    return add(this.completedListeners, listener);
  }

  /** Never throws: a listener's failure is logged and left to the owner's sweep. */
  exhausted(job: ExhaustedJob): Promise<void> {
    return this.emit(this.exhaustedListeners, job);
  }

  completed(job: FinishedJob): Promise<void> {
    return this.emit(this.completedListeners, job);
  }

  private async emit<J extends FinishedJob>(listeners: ReadonlyArray<JobListener<J>>, job: J): Promise<void> {
    await Promise.all(
      listeners.map((l) =>
        l(job).catch((e: unknown) => this.logger.warn({ job: job.name, jobId: job.id, err: (e as Error).message }, 'Job event listener failed; the owner will find the job later')),
      ),
    );
  }
}

function add<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  };
}
