import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log without a global lock (issue 26, docs/adr/0005-audit-sequencer.md).
 *
 * Before: every audited transaction locked the single `audit_chain_head` row and wrote `prev_hash`
 * and `hash` into its own `audit_log` row, so every audited write in the office queued on one row
 * until commit. Now a business transaction only INSERTs its `audit_log` row (sequence number from a
 * sequence, its transaction id from `pg_current_xact_id()`, no hash); one sequencer (a worker
 * holding an advisory lock) chains finished rows into `audit_chain` shortly after commit and moves
 * `audit_chain_head`. Rows chained before this migration keep their in-row hashes (positions 1..N
 * of the same chain); the first `audit_chain` entry links to the last of them.
 *
 * Both tables stay append-only (the existing refusing trigger). `xid` and `at` are set by a trigger,
 * so no writer can place a row behind the sequencer's watermark or back-date it.
 */
export class AuditSequencer1732720600000 implements MigrationInterface {
  name = 'AuditSequencer1732720600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL, ADD COLUMN xid xid8`);
    await q.query(`CREATE SEQUENCE audit_log_seq_seq OWNED BY audit_log.seq`);
    await q.query(`SELECT setval('audit_log_seq_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false)`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq_seq')`);
    // Rows written from now on are chained by the sequencer; an in-row hash would be a forgery.
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_chained_in_one_place CHECK ((xid IS NULL) = (hash IS NOT NULL) AND (hash IS NULL) = (prev_hash IS NULL))`);
    await q.query(`
      CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The writing transaction and its start time (milliseconds: what the hash covers), whatever the INSERT said.
        NEW.xid := pg_current_xact_id();
        NEW.at := date_trunc('milliseconds', now());
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp()`);
    // The sequencer reads rows after its watermark in (xid, seq) order.
    await q.query(`CREATE INDEX audit_log_xid_idx ON audit_log (xid, seq) WHERE xid IS NOT NULL`);
    await q.query(`
      CREATE TABLE audit_chain (
        pos bigint PRIMARY KEY,
        log_seq bigint NOT NULL UNIQUE REFERENCES audit_log (seq),
        prev_hash text NOT NULL,
        hash text NOT NULL,
        chained_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    // The head: chain position and hash (what the daily seal signs) and the sequencer's watermark.
    await q.query(`ALTER TABLE audit_chain_head ADD COLUMN last_xid xid8 NOT NULL DEFAULT '0', ADD COLUMN last_log_seq bigint NOT NULL DEFAULT 0`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, last_hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`ALTER TABLE audit_chain_head DROP COLUMN last_xid, DROP COLUMN last_log_seq`);
    await q.query(`DROP TRIGGER audit_log_stamp ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_stamp()`);
    await q.query(`DROP INDEX audit_log_xid_idx`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_chained_in_one_place, ALTER COLUMN seq DROP DEFAULT, DROP COLUMN xid`);
    await q.query(`DROP SEQUENCE audit_log_seq_seq`);
  }
}
