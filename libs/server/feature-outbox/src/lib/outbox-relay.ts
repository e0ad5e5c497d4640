import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertOutsideTransaction } from '@agendy/server/db';
import { JOB_NAMES, JOB_QUEUE, JobName, JobProducer, QueueName } from '@agendy/server/queue';
import { withinDeadline } from './redis-deadline';

const BATCH = 200;

/** An outbox row claimed for Redis (by the relay or the redelivery sweep). */
export interface ClaimedRow {
  id: string;
  job: JobName;
  available_at: Date;
  redeliveries: number;
}

/**
 * Moves committed outbox rows to BullMQ, the job id being the row id. Three steps, so that no
 * transaction ever waits on Redis (DESIGN §7): (1) one statement claims a batch of unrelayed rows
 * (FOR UPDATE SKIP LOCKED, `relayed_at` set, a fresh `relay_claim` token) and commits; (2) the jobs
 * are added to Redis; (3) if Redis failed, the claim is released (`relayed_at` back to NULL, the
 * error kept in `last_error`) — only rows still under this claim. Any number of api and worker
 * processes may relay at once: a row is claimed by one of them, and the job id makes a row relayed
 * twice (a crash after Redis, a redelivery) still one job. A crash between claim and Redis leaves
 * the row relayed but missing from Redis; the redelivery sweep (OutboxRedelivery) finds and relays it.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running: Promise<void> | null = null;
  private again = false;
  private pausedUntil = 0;
  private closing = false;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: JobProducer,
  ) {}

  /**
   * Relay soon, without waiting: called after a transition commits. One pass at a time per
   * process; a kick during a pass schedules one more. After a Redis failure kicks pause briefly
   * (the worker's poller keeps trying), so an outage never multiplies connections.
   */
  kick(): void {
    if (this.closing || Date.now() < this.pausedUntil) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.relayAll();
        } catch (e) {
          this.pausedUntil = Date.now() + 1000;
          this.logger.warn({ err: (e as Error).message }, 'Outbox relay failed; rows stay in the outbox');
          break;
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Waits for a pass in flight (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Before Redis and the database close: no new pass (rows committed from now on wait for the
   * worker's poller), and the pass in flight finishes, so no row is left claimed but not on BullMQ.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.idle();
  }

  /** Relays until nothing is pending; returns how many rows went to Redis. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  async relayBatch(): Promise<number> {
    assertOutsideTransaction('Relaying the outbox to Redis');
    const claim = randomUUID();
    const rows: ClaimedRow[] = await this.ds.query(
      // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      `WITH c AS (
         UPDATE outbox SET relayed_at = now(), relay_attempts = relay_attempts + 1, relay_claim = $2
         WHERE id IN (SELECT id FROM outbox WHERE relayed_at IS NULL AND job = ANY($3::text[])
                      ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, job, available_at, redeliveries
       ) SELECT * FROM c`,
      // Only jobs this build knows: a row of a job that no longer exists must not block the rows behind it.
      [BATCH, claim, JOB_NAMES],
    );
    if (rows.length === 0) return 0;
    try {
      await withinDeadline(addEffectJobs(this.producer, rows), 'Relaying outbox rows');
    } catch (e) {
      await this.release(rows.map((r) => r.id), claim, e as Error);
      throw e;
    }
    return rows.length;
  }

  /** Gives rows back to the next relay pass; the attempt stays counted and the error is kept for the operator. */
  async release(ids: readonly string[], claim: string, error: Error): Promise<void> {
    await this.ds
      .query(`UPDATE outbox SET relayed_at = NULL, relay_claim = NULL, last_error = $3 WHERE id = ANY($1) AND relay_claim = $2 AND processed_at IS NULL`, [
        ids,
        claim,
        String(error.message).slice(0, 500),
      ])
      .catch((e: unknown) =>
        // The database is away too: the rows stay claimed, and the redelivery sweep finds them once it is back.
        this.logger.warn({ rows: ids.length, err: (e as Error).message }, 'Could not release claimed outbox rows; the redelivery sweep will'),
      );
  }
}

/**
 * Adds one job per row (job id = row id, `delivery` = the row's redelivery count, delayed until the
 * row is due). A job id BullMQ still holds makes the add a no-op.
 */
export async function addEffectJobs(producer: JobProducer, rows: readonly ClaimedRow[]): Promise<void> {
  const now = Date.now();
  const byQueue = new Map<QueueName, ClaimedRow[]>();
  for (const r of rows) byQueue.set(JOB_QUEUE[r.job], [...(byQueue.get(JOB_QUEUE[r.job]) ?? []), r]);
  for (const [queue, list] of byQueue) {
    await producer.queue(queue).addBulk(
      list.map((r) => ({
        name: r.job,
        data: { outboxId: r.id, delivery: r.redeliveries },
        opts: { jobId: r.id, delay: Math.max(0, new Date(r.available_at).getTime() - now) },
      })),
    );
  }
}
