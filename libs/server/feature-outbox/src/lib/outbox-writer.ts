import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { availableAt, JOB_OF_EFFECT, type OutboxEffect } from './effect-jobs';

/**
 * Writes one outbox row per effect inside the caller's transaction, so effects exist exactly when
 * the state change that caused them committed. The row id is the engine's deterministic effect id
 * (or a notice's own stable id); a row whose id exists already is left as it is (once only).
 */
@Injectable()
export class OutboxWriter {
  async write(em: EntityManager, effects: readonly OutboxEffect[], now: Date): Promise<number> {
    if (effects.length === 0) return 0;
    const rows = effects.map((e) => {
      const job = JOB_OF_EFFECT[e.type];
      return { id: e.id, request_id: e.requestId, effect_type: e.type, job, effect: e, available_at: availableAt(e, now).toISOString(), processed: job === null };
    });
    // One statement for all rows: json_to_recordset keeps it a single round trip.
    const result: unknown[] = await em.query(
      `INSERT INTO outbox (id, request_id, effect_type, job, effect, available_at, relayed_at, processed_at, process_count)
       SELECT r.id, r.request_id, r.effect_type, r.job, r.effect, r.available_at,
              CASE WHEN r.processed THEN now() END, CASE WHEN r.processed THEN now() END, CASE WHEN r.processed THEN 1 ELSE 0 END
       FROM json_to_recordset($1::json) AS r(id text, request_id uuid, effect_type text, job text, effect jsonb, available_at timestamptz, processed boolean)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return result.length;
  }
}
