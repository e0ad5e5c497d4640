import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxEffect } from './effect-jobs';

export interface OutboxRow {
  id: string;
  requestId: string | null;
  effect: OutboxEffect;
  availableAt: Date;
}

export type RunOnceResult = 'done' | 'already-processed' | 'missing';

/**
 * The idempotency every effect handler shares: the row is locked, skipped if already processed,
 * and marked processed in the same transaction as the handler's own writes. A duplicate job
 * (redelivery, a retry after a crash) therefore finds the row processed and does nothing.
 * `process_count` can therefore never exceed 1.
 */
@Injectable()
export class OutboxProcessor {
  constructor(private readonly ds: DataSource) {}

  async runOnce(outboxId: string, work: (em: EntityManager, row: OutboxRow) => Promise<void>): Promise<RunOnceResult> {
    return this.ds.transaction(async (em) => {
      const [row]: Array<{ id: string; request_id: string | null; effect: OutboxEffect; available_at: Date; processed_at: Date | null }> = await em.query(
        `SELECT id, request_id, effect, available_at, processed_at FROM outbox WHERE id = $1 FOR UPDATE`,
        [outboxId],
      );
      if (!row) return 'missing';
      if (row.processed_at) return 'already-processed';
      await work(em, { id: row.id, requestId: row.request_id, effect: row.effect, availableAt: row.available_at });
      // The effect's incident (if its jobs ran out of tries before) closes in the same transaction.
      await em.query(
        `WITH done AS (UPDATE outbox SET processed_at = now(), process_count = process_count + 1, redeliver_at = NULL WHERE id = $1 RETURNING id)
         UPDATE outbox_incidents SET closed_at = now(), next_attempt_at = NULL WHERE closed_at IS NULL AND outbox_id IN (SELECT id FROM done)`,
        [outboxId],
      );
      return 'done';
    });
  }

  /**
   * For handlers with slow work (PDF rendering, signing, anything outside the database): `prepare`
   * runs first, outside any transaction, for a row not yet processed; its result is then written
   * by `work` in the run-once transaction. `prepare` must be safe to repeat (a redelivered job may
   * run it again before finding the row processed).
   */
  async prepareThenRunOnce<P>(outboxId: string, prepare: (row: OutboxRow) => Promise<P>, work: (em: EntityManager, row: OutboxRow, prepared: P) => Promise<void>): Promise<RunOnceResult> {
    const [row]: Array<{ id: string; request_id: string | null; effect: OutboxEffect; available_at: Date; processed_at: Date | null }> = await this.ds.query(
      `SELECT id, request_id, effect, available_at, processed_at FROM outbox WHERE id = $1`,
      [outboxId],
    );
    if (!row) return 'missing';
    if (row.processed_at) return 'already-processed';
    const prepared = await prepare({ id: row.id, requestId: row.request_id, effect: row.effect, availableAt: row.available_at });
    return this.runOnce(outboxId, (em, locked) => work(em, locked, prepared));
  }
}
