import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { JOB_QUEUE, JobName, JobProducer } from '@agendy/server/queue';

const BATCH = 200;

interface PendingRow {
  id: string;
  job: JobName;
  available_at: Date;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of api and worker processes may relay at once; the job id is the row id, so a row relayed
 * twice (a crash between Redis and the commit, or a redelivery) is still one job. When Redis is
 * down the rows simply stay unrelayed and the next pass takes them.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running: Promise<void> | null = null;
  private again = false;
  private pausedUntil = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Relay soon, without waiting: called after a transition commits. One pass at a time per
   * process; a kick during a pass schedules one more. After a Redis failure kicks pause briefly
   * (the worker's poller keeps trying), so an outage never multiplies connections.
   */
  kick(): void {
    if (Date.now() < this.pausedUntil) return;
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
    return this.ds.transaction(async (em) => {
      const rows: PendingRow[] = await em.query(
        `SELECT id, job, available_at FROM outbox
         WHERE relayed_at IS NULL AND job IS NOT NULL
         ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const now = Date.now();
      const byQueue = new Map<string, PendingRow[]>();
      for (const r of rows) byQueue.set(JOB_QUEUE[r.job], [...(byQueue.get(JOB_QUEUE[r.job]) ?? []), r]);
      try {
        for (const [queue, list] of byQueue) {
          await this.producer.queue(queue as never).addBulk(
            list.map((r) => ({
              name: r.job,
              data: { outboxId: r.id },
              opts: { jobId: r.id, delay: Math.max(0, new Date(r.available_at).getTime() - now) },
            })),
          );
        }
      } catch (e) {
        // Count the attempt but keep the rows pending; the error text helps an operator.
        await em.query(`UPDATE outbox SET relay_attempts = relay_attempts + 1, last_error = $2 WHERE id = ANY($1)`, [
          rows.map((r) => r.id),
          String((e as Error).message).slice(0, 500),
        ]);
        throw e;
      }
      await em.query(`UPDATE outbox SET relayed_at = now(), relay_attempts = relay_attempts + 1, last_error = NULL WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /**
   * Rows relayed long ago but never processed are relayed again. With the same job id this is a
   * no-op while BullMQ still holds the job, and recovers it if Redis lost it (a restart without
   * persistence, a flushed instance). Handlers skip rows already processed, so nothing runs twice.
   */
  async redeliverStale(): Promise<number> {
    const result: Array<{ id: string }> = await this.ds.query(
      `WITH u AS (UPDATE outbox SET relayed_at = NULL
       WHERE processed_at IS NULL AND relayed_at IS NOT NULL AND job IS NOT NULL AND relay_attempts < 50
         AND relayed_at < now() - make_interval(secs => $1) AND available_at < now() - make_interval(secs => $1)
       RETURNING id) SELECT id FROM u`,
      [this.config.runtime.outboxRedeliverSeconds],
    );
    return result.length;
  }
}
