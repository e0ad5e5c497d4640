import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Effects are never lost (issue 18). The relay claims rows in a short statement and talks to Redis
 * after commit (`relay_claim` marks whose claim a row is under, so only that relayer releases it);
 * an effect whose job ran out of tries is redelivered on a backoff that never gives up
 * (`redeliveries`, `redeliver_at`) and is an incident for system administrators meanwhile
 * (`outbox_incidents`, closed when the effect is finally processed). Written by feature-outbox only.
 */
export class OutboxIncidents1732720300000 implements MigrationInterface {
  name = 'OutboxIncidents1732720300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        ADD COLUMN relay_claim uuid,
        ADD COLUMN redeliveries integer NOT NULL DEFAULT 0,
        ADD COLUMN redeliver_at timestamptz`);
    await q.query(`CREATE INDEX outbox_redeliver_idx ON outbox (redeliver_at) WHERE redeliver_at IS NOT NULL AND processed_at IS NULL`);
    await q.query(`
      CREATE TABLE outbox_incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id text NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        -- How often a job of this effect ran out of tries while the incident was open.
        failures integer NOT NULL DEFAULT 1 CHECK (failures >= 1),
        last_error text,
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz,
        CHECK (closed_at IS NULL OR closed_at >= opened_at)
      )`);
    // At most one open incident per effect; a later failure after it closed opens a new one.
    await q.query(`CREATE UNIQUE INDEX outbox_incidents_open_idx ON outbox_incidents (outbox_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX outbox_incidents_opened_idx ON outbox_incidents (opened_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_incidents`);
    await q.query(`DROP INDEX outbox_redeliver_idx`);
    await q.query(`ALTER TABLE outbox DROP COLUMN redeliver_at, DROP COLUMN redeliveries, DROP COLUMN relay_claim`);
  }
}
