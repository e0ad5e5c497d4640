import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operations (issue 12): the daily seal of the audit-chain head. Each row proves that the audit
 * log up to `head_seq` ended in `head_hash` at `sealed_at` (office seal over the statement, and an
 * RFC 3161 timestamp over the seal when a TSA is configured). Append-only like the audit log.
 */
export class Ops1732790000000 implements MigrationInterface {
  name = 'Ops1732790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_head_seals (
        id bigserial PRIMARY KEY,
        sealed_at timestamptz NOT NULL DEFAULT now(),
        head_seq bigint NOT NULL UNIQUE,
        head_hash text NOT NULL,
        statement text NOT NULL,
        signature bytea NOT NULL,
        certificate bytea NOT NULL,
        timestamp_token bytea,
        key_source text NOT NULL
      )`);
    await q.query(`
      CREATE TRIGGER audit_head_seals_append_only BEFORE UPDATE OR DELETE ON audit_head_seals
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_head_seals`);
  }
}
