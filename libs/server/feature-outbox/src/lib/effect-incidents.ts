import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { redeliveryDelaySql } from './redelivery-schedule';

/** An incident just opened: what the listeners (the admins' notification) get. */
export interface OpenedIncident {
  id: string;
  outboxId: string;
  effectType: string;
  requestId: string | null;
  reference: string | null;
  lastError: string | null;
  nextAttemptAt: Date;
}

/** Runs inside the transaction that opened the incident, so the incident and its alert commit together. */
export type IncidentOpenedListener = (em: EntityManager, incident: OpenedIncident) => Promise<void>;

export interface ExhaustedEffect {
  outboxId: string;
  /** The failed job's `delivery`: a report about an earlier delivery than the row's current one is ignored. */
  delivery?: number;
  /** The sweep's claim: only the claimer may act on what it read from Redis. */
  claim?: string;
  error: string;
}

export type ExhaustedOutcome = 'opened' | 'recorded' | 'ignored';

export interface IncidentRow {
  id: string;
  outbox_id: string;
  effect_type: string;
  job: string | null;
  request_id: string | null;
  reference: string | null;
  opened_at: Date;
  closed_at: Date | null;
  failures: number;
  last_error: string | null;
  last_failed_at: Date;
  next_attempt_at: Date | null;
  redeliveries: number;
}

/**
 * The durable record of effects whose job ran out of tries (table `outbox_incidents`, written
 * only here and by OutboxProcessor, which closes an incident in the transaction that finally
 * processes its effect). Recording an exhausted job also schedules the outbox row's redelivery
 * (`redeliver_at`, backoff from JOB_* / OUTBOX_REDELIVER_* settings): one statement, so an
 * incident never exists without its redelivery or the other way round.
 */
@Injectable()
export class EffectIncidents {
  private readonly logger = new Logger('EffectIncidents');
  private readonly listeners: IncidentOpenedListener[] = [];

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called once per listener at boot (the ops library registers the admins' notification). */
  onOpened(listener: IncidentOpenedListener): void {
    this.listeners.push(listener);
  }

  /**
   * An effect's job will not be tried again by BullMQ. Idempotent: a row already scheduled for
   * redelivery, or claimed by someone else since, is left alone ('ignored'). A processed row counts
   * too: its job failed after the handler's transaction, in work done after commit (the e-mails of
   * a notification), and only another run of the job finishes that work.
   */
  async recordExhausted(input: ExhaustedEffect): Promise<ExhaustedOutcome> {
    const { redeliverBackoffSeconds, redeliverMaxSeconds } = this.config.jobs;
    return this.ds.transaction(async (em) => {
      const rows: Array<{ id: string; outbox_id: string; opened: boolean; next_attempt_at: Date; last_error: string | null; effect_type: string; request_id: string | null }> = await em.query(
        `WITH o AS (
           UPDATE outbox SET redeliver_at = now() + ${redeliveryDelaySql('redeliveries', '$3', '$4')}, last_error = $2
           WHERE id = $1 AND redeliver_at IS NULL
             AND ($5::int IS NULL OR redeliveries = $5) AND ($6::uuid IS NULL OR relay_claim = $6)
           RETURNING id, effect_type, request_id, redeliver_at, last_error
         ), i AS (
           INSERT INTO outbox_incidents (outbox_id, last_error, next_attempt_at)
           SELECT id, last_error, redeliver_at FROM o
           ON CONFLICT (outbox_id) WHERE closed_at IS NULL DO UPDATE
             SET failures = outbox_incidents.failures + 1, last_error = excluded.last_error, last_failed_at = now(), next_attempt_at = excluded.next_attempt_at
           RETURNING id, outbox_id, (xmax = 0) AS opened, next_attempt_at, last_error
         )
         SELECT i.*, o.effect_type, o.request_id FROM i JOIN o ON o.id = i.outbox_id`,
        [input.outboxId, input.error.slice(0, 500), redeliverBackoffSeconds, redeliverMaxSeconds, input.delivery ?? null, input.claim ?? null],
      );
      const row = rows[0];
      if (!row) return 'ignored';
      this.logger.error({ effect: row.outbox_id, incident: row.id, nextAttemptAt: row.next_attempt_at, err: row.last_error }, 'Effect job ran out of tries; redelivery scheduled');
      if (!row.opened) return 'recorded';
      const [req]: Array<{ reference: string }> = row.request_id ? await em.query(`SELECT reference FROM requests WHERE id = $1`, [row.request_id]) : [];
      const incident: OpenedIncident = {
        id: row.id,
        outboxId: row.outbox_id,
        effectType: row.effect_type,
        requestId: row.request_id,
        reference: req?.reference ?? null,
        lastError: row.last_error,
        nextAttemptAt: new Date(row.next_attempt_at),
      };
      for (const listener of this.listeners) await listener(em, incident);
      return 'opened';
    });
  }

  /**
   * The job of a processed effect completed: its incident, if any, is over. (An unprocessed effect's
   * incident closes in OutboxProcessor.runOnce, in the transaction that processes it.)
   */
  async closeCompleted(outboxId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH c AS (
         UPDATE outbox_incidents i SET closed_at = now(), next_attempt_at = NULL
         FROM outbox o
         WHERE i.outbox_id = $1 AND i.closed_at IS NULL AND o.id = i.outbox_id AND o.processed_at IS NOT NULL AND o.redeliver_at IS NULL
         RETURNING i.id
       ) SELECT id FROM c`,
      [outboxId],
    );
    return rows.length > 0;
  }

  /** Newest first, open ones before closed ones; `all` adds the closed ones. */
  async list(all: boolean, limit: number): Promise<{ rows: IncidentRow[]; open: number }> {
    const rows: IncidentRow[] = await this.ds.query(
      `SELECT i.id, i.outbox_id, o.effect_type, o.job, o.request_id, r.reference, i.opened_at, i.closed_at, i.failures,
              i.last_error, i.last_failed_at, i.next_attempt_at, o.redeliveries
       FROM outbox_incidents i JOIN outbox o ON o.id = i.outbox_id LEFT JOIN requests r ON r.id = o.request_id
       WHERE $1 OR i.closed_at IS NULL
       ORDER BY (i.closed_at IS NULL) DESC, i.opened_at DESC, i.id DESC
       LIMIT $2`,
      [all, limit],
    );
    const [count]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM outbox_incidents WHERE closed_at IS NULL`);
    return { rows, open: count.n };
  }
}
