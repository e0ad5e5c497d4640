import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { assertOutsideTransaction } from '@agendy/server/db';
import { ExhaustedJob, FinishedJob, JOB_NAMES, JOB_QUEUE, JobEvents, JobName, JobProducer } from '@agendy/server/queue';
import { EffectIncidents } from './effect-incidents';
import { withinDeadline } from './redis-deadline';
import { addEffectJobs, ClaimedRow, OutboxRelay } from './outbox-relay';

const BATCH = 200;

/** What the sweep found when it looked at stale rows' jobs in Redis. */
export interface InspectOutcome {
  inspected: number;
  /** Jobs BullMQ had given up on: now incidents with a redelivery scheduled. */
  exhausted: number;
  /** Jobs Redis no longer had (or had completed without processing the row): relayed again. */
  lost: number;
  /** Incidents of processed effects whose job has completed since: closed. */
  closed: number;
}

interface InspectedRow {
  id: string;
  job: JobName;
  processed: boolean;
}

interface SeenJob {
  row: InspectedRow;
  state: string;
  failedReason: string;
}

/** Which stale rows a sweep looks at: unprocessed ones, or processed ones with an open incident. */
type Candidates = 'unprocessed' | 'incidents';

const STALE = `relayed_at IS NOT NULL AND job = ANY($4::text[]) AND redeliver_at IS NULL
  AND relayed_at < now() - make_interval(secs => $3) AND available_at < now() - make_interval(secs => $3)`;

const CANDIDATES: Record<Candidates, string> = {
  unprocessed: `SELECT id FROM outbox WHERE processed_at IS NULL AND ${STALE} ORDER BY relayed_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
  // Open incidents are few: start from them rather than from the (large) processed part of the outbox.
  incidents: `SELECT id FROM outbox WHERE id IN (SELECT outbox_id FROM outbox_incidents WHERE closed_at IS NULL)
              AND processed_at IS NOT NULL AND ${STALE} ORDER BY relayed_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
};

/**
 * Effects are never lost (docs/runtime.md, "Retries, redelivery and incidents"). Runs in the worker (OutboxPoller); each
 * part claims its rows in one short statement and talks to Redis after commit:
 *
 * - inspect(): rows relayed more than OUTBOX_REDELIVER_SECONDS ago and still unprocessed (or
 *   processed with an open incident) are looked up in BullMQ. A failed job (attempts exhausted, or
 *   failed permanently) becomes an incident and its row gets a redelivery time; a job Redis lost is
 *   relayed again; a job still waiting, delayed or running is left alone.
 * - redeliverDue(): rows whose redelivery time has come get their failed job removed and added again
 *   under the same id (`delivery` + 1), fresh attempts included. Never gives up: when that job runs
 *   out of tries too, the next redelivery waits twice as long, at most OUTBOX_REDELIVER_MAX_SECONDS.
 *
 * The worker host also reports exhausted and completed jobs as they happen (JobEvents); this class
 * acts on them at once, and the sweep catches whatever a report missed (database down at the time,
 * a crashed worker, a stalled job failed by BullMQ's stall checker).
 */
@Injectable()
export class OutboxRedelivery implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRedelivery');
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly ds: DataSource,
    private readonly producer: JobProducer,
    private readonly relay: OutboxRelay,
    private readonly incidents: EffectIncidents,
    private readonly events: JobEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.onExhausted((job) => this.exhaustedNow(job)),
      this.events.onCompleted((job) => this.completedNow(job)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The fast path: BullMQ just gave up on a job of this process's worker. */
  async exhaustedNow(job: ExhaustedJob): Promise<void> {
    const effect = effectJob(job);
    if (!effect) return;
    await this.incidents.recordExhausted({ outboxId: effect.outboxId, delivery: effect.delivery, error: job.failedReason });
  }

  /**
   * A redelivered job completed: if its effect had been processed before (the job failed in work
   * after the handler's transaction), the incident ends here. First deliveries cannot have one.
   */
  async completedNow(job: FinishedJob): Promise<void> {
    const effect = effectJob(job);
    if (!effect || effect.delivery < 1) return;
    await this.incidents.closeCompleted(effect.outboxId);
  }

  /** Looks at stale rows' jobs until none is left to look at. */
  async inspectAll(): Promise<InspectOutcome> {
    const total: InspectOutcome = { inspected: 0, exhausted: 0, lost: 0, closed: 0 };
    for (const candidates of ['unprocessed', 'incidents'] as const) {
      for (;;) {
        const r = await this.inspectBatch(candidates);
        total.inspected += r.inspected;
        total.exhausted += r.exhausted;
        total.lost += r.lost;
        total.closed += r.closed;
        if (r.inspected < BATCH) break;
      }
    }
    return total;
  }

  async inspectBatch(candidates: Candidates = 'unprocessed'): Promise<InspectOutcome> {
    assertOutsideTransaction('Inspecting outbox jobs in Redis');
    const claim = randomUUID();
    // The claim moves relayed_at to now: another sweeper skips these rows, and each row is looked at
    // again only after another OUTBOX_REDELIVER_SECONDS.
    const rows: InspectedRow[] = await this.ds.query(
      `WITH c AS (
         UPDATE outbox SET relayed_at = now(), relay_claim = $2 WHERE id IN (${CANDIDATES[candidates]})
         RETURNING id, job, processed_at IS NOT NULL AS processed
       ) SELECT * FROM c`,
      [BATCH, claim, this.config.runtime.outboxRedeliverSeconds, JOB_NAMES],
    );
    const outcome: InspectOutcome = { inspected: rows.length, exhausted: 0, lost: 0, closed: 0 };
    if (rows.length === 0) return outcome;
    let seen: SeenJob[];
    try {
      seen = await withinDeadline(this.lookUp(rows), 'Inspecting outbox jobs');
    } catch (e) {
      // Redis away: give unprocessed rows back to the relay; its add is a no-op for jobs Redis still holds.
      await this.relay.release(
        rows.map((r) => r.id),
        claim,
        e as Error,
      );
      throw e;
    }
    const lost: string[] = [];
    const again: string[] = [];
    for (const { row, state, failedReason } of seen) {
      if (state === 'failed') {
        const recorded = await this.incidents.recordExhausted({ outboxId: row.id, claim, error: failedReason || 'job failed' });
        if (recorded !== 'ignored') outcome.exhausted++;
      } else if (row.processed) {
        // Processed, with an open incident: over once its job completed; a job Redis lost runs again
        // (it finishes what is left after the handler's transaction, e.g. unsent e-mails).
        if (state === 'completed' && (await this.incidents.closeCompleted(row.id))) outcome.closed++;
        if (state === 'unknown') again.push(row.id);
      } else if (state === 'completed' || state === 'unknown') {
        lost.push(row.id);
      }
      // waiting, delayed, active, prioritized: BullMQ still has it in hand.
    }
    if (lost.length > 0) {
      this.logger.warn({ rows: lost.length }, 'Outbox rows whose job Redis no longer holds; relaying them again');
      await this.relay.release(lost, claim, new Error('job missing from Redis; relayed again'));
    }
    if (again.length > 0) {
      await this.ds.query(`UPDATE outbox SET redeliver_at = now() WHERE id = ANY($1) AND relay_claim = $2 AND redeliver_at IS NULL`, [again, claim]);
    }
    outcome.lost = lost.length + again.length;
    return outcome;
  }

  /**
   * Each row's job state in Redis. A job that completed without processing its unprocessed row
   * (should not happen: handlers mark the row in their transaction) is removed here, so that the
   * relay can add a new one under the same id.
   */
  private async lookUp(rows: readonly InspectedRow[]): Promise<SeenJob[]> {
    const seen: SeenJob[] = [];
    for (const row of rows) {
      const queue = this.producer.queue(JOB_QUEUE[row.job]);
      const job = await queue.getJob(row.id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed' && !row.processed) await queue.remove(row.id);
      seen.push({ row, state, failedReason: job?.failedReason ?? '' });
    }
    return seen;
  }

  /** Redelivers every row whose redelivery time has come; returns how many. */
  async redeliverDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.redeliverBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  async redeliverBatch(): Promise<number> {
    assertOutsideTransaction('Redelivering outbox jobs to Redis');
    const claim = randomUUID();
    const rows: ClaimedRow[] = await this.ds.query(
      `WITH c AS (
         UPDATE outbox SET redeliver_at = NULL, redeliveries = redeliveries + 1, relayed_at = now(), relay_claim = $2
         WHERE id IN (SELECT id FROM outbox WHERE redeliver_at <= now() AND job = ANY($3::text[]) ORDER BY redeliver_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, job, available_at, redeliveries
       ), i AS (
         UPDATE outbox_incidents SET next_attempt_at = NULL WHERE closed_at IS NULL AND outbox_id IN (SELECT id FROM c)
       )
       SELECT * FROM c`,
      [BATCH, claim, JOB_NAMES],
    );
    if (rows.length === 0) return 0;
    let fresh: ClaimedRow[] = [];
    try {
      fresh = await withinDeadline(this.replaceJobs(rows), 'Redelivering outbox jobs');
    } catch (e) {
      // Try again at the next sweep; the attempt stays counted.
      await this.ds
        .query(`UPDATE outbox SET redeliver_at = now(), last_error = $3 WHERE id = ANY($1) AND relay_claim = $2`, [
          rows.map((r) => r.id),
          claim,
          String((e as Error).message).slice(0, 500),
        ])
        .catch(() => undefined);
      throw e;
    }
    this.logger.warn({ rows: rows.length, jobs: fresh.length, effects: rows.slice(0, 10).map((r) => r.id) }, 'Redelivered effects whose jobs had run out of tries');
    return rows.length;
  }

  /** Removes each row's finished job and adds a fresh one under the same id; returns the rows that got one. */
  private async replaceJobs(rows: readonly ClaimedRow[]): Promise<ClaimedRow[]> {
    const fresh: ClaimedRow[] = [];
    for (const row of rows) {
      const queue = this.producer.queue(JOB_QUEUE[row.job]);
      const job = await queue.getJob(row.id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'failed' || state === 'completed') {
        // 0 means the job is locked by a worker right now (someone retried it by hand): it is alive, leave it.
        if ((await queue.remove(row.id)) === 1) fresh.push(row);
      } else if (state === 'unknown') {
        fresh.push(row);
      }
      // waiting, delayed, active: a job is already in hand (retried by hand, or a late add), nothing to do.
    }
    await addEffectJobs(this.producer, fresh);
    return fresh;
  }
}

/** An effect job's outbox row and delivery, or null for any other job. */
function effectJob(job: FinishedJob): { outboxId: string; delivery: number } | null {
  const data = job.data as { outboxId?: unknown; delivery?: unknown } | null;
  if (typeof data?.outboxId !== 'string' || data.outboxId !== job.id) return null;
  return { outboxId: data.outboxId, delivery: typeof data.delivery === 'number' ? data.delivery : 0 };
}
