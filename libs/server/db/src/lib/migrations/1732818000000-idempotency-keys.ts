import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys (issue 18, IETF draft-ietf-httpapi-idempotency-key-header): one row per
 * (user, key). The row is claimed in its own statement before the handler runs (so a concurrent
 * duplicate sees it and answers 409), marked `committed_at` inside the transaction of the write it
 * protects (so a retry can never repeat a committed write, even after a crash), and finally holds
 * the answer that retries replay. See docs/runtime.md "Idempotency-Key".
 */
export class IdempotencyKeys1732818000000 implements MigrationInterface {
  name = 'IdempotencyKeys1732818000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        -- No foreign key: the row is short-lived (24 h) and must not lock or block users rows.
        user_id uuid NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        -- SHA-256 (hex) of method, path with query and body: same key with another request → 422.
        fingerprint text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        -- The attempt that owns the row; a retry may take over an uncommitted claim whose lease ran out.
        claim_token uuid NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        -- Set in the business transaction (commit hook): the protected write is durable.
        committed_at timestamptz,
        -- The original attempt is over (answer stored, or given up after a commit: no replay).
        finished_at timestamptz,
        response_status smallint,
        response_headers jsonb,
        response_body bytea,
        -- The body was sent as text: replayed as text, so the charset in Content-Type comes out the same.
        response_text boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key),
        CHECK (response_status IS NULL OR finished_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
