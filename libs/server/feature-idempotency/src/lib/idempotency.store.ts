import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { IDEMPOTENCY_POLICY } from './idempotency-policy';
import { decide, KeyRow, KeyState, StoredAnswer } from './stored-answer';

export interface ClaimInput {
  userId: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
}

export type ClaimResult = { kind: 'owned'; token: string } | Exclude<KeyState, { kind: 'retry-claim' }>;

/**
 * Rows touched by an UPDATE or DELETE: TypeORM's postgres driver answers those with
 * `[rows, rowCount]` instead of the rows.
 */
function affected(raw: unknown): number {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[1];
  throw new Error('Unexpected result shape of an UPDATE/DELETE');
}

/** A claim row can vanish or expire between our two statements; after this many rounds something is badly wrong. */
const CLAIM_ROUNDS = 5;

/**
 * The only writer of `idempotency_keys`. Each method is a single statement outside any transaction,
 * except `markCommitted`, which runs inside the business transaction on its EntityManager.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Claims the key for a new attempt, or says what a retry should be told. The claim is its own
   * committed statement so that concurrent duplicates see it at once (409 in flight) instead of
   * racing each other through their handlers. An expired key, or an uncommitted key of the same
   * request whose lease ran out (its attempt died before writing anything), is taken over.
   */
  async claim(input: ClaimInput): Promise<ClaimResult> {
    const { ttlSeconds, leaseSeconds } = IDEMPOTENCY_POLICY;
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const token = randomUUID();
      const claimed: Array<{ claim_token: string }> = await this.ds.query(
        `INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, method, path, claim_token, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
         ON CONFLICT (user_id, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method, path = EXCLUDED.path, claim_token = EXCLUDED.claim_token,
               claimed_at = now(), created_at = now(), expires_at = EXCLUDED.expires_at, committed_at = NULL, finished_at = NULL,
               response_status = NULL, response_headers = NULL, response_body = NULL, response_text = NULL
           WHERE k.expires_at <= now()
              OR (k.committed_at IS NULL AND k.finished_at IS NULL AND k.fingerprint = EXCLUDED.fingerprint AND k.claimed_at < now() - make_interval(secs => $8))
         RETURNING k.claim_token`,
        [input.userId, input.key, input.fingerprint, input.method, input.path, token, ttlSeconds, leaseSeconds],
      );
      if (claimed[0]?.claim_token === token) return { kind: 'owned', token };

      const rows: KeyRow[] = await this.ds.query(
        `SELECT fingerprint, committed_at IS NOT NULL AS committed, finished_at IS NOT NULL AS finished,
                claimed_at < now() - make_interval(secs => $3) AS lease_expired, expires_at <= now() AS expired,
                response_status, response_headers, response_body, response_text
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [input.userId, input.key, leaseSeconds],
      );
      const state = decide(rows[0], input.fingerprint);
      if (state.kind !== 'retry-claim') return state;
    }
    // Keeps changing under us: tell the client to come back rather than risk running it twice.
    return { kind: 'in-flight' };
  }

  /**
   * The commit hook: runs inside the business transaction, just before COMMIT, so the key is
   * consumed exactly when the write it protects becomes durable — and never otherwise. If a retry
   * took the key over (our lease ran out), the write must not happen: throwing rolls it back.
   */
  async markCommitted(em: EntityManager, userId: string, key: string, token: string): Promise<void> {
    const marked = affected(
      await em.query(`UPDATE idempotency_keys SET committed_at = coalesce(committed_at, now()) WHERE user_id = $1 AND key = $2 AND claim_token = $3`, [userId, key, token]),
    );
    if (marked === 0) {
      throw new DomainException('IDEMPOTENCY_KEY_IN_FLIGHT', 'Another attempt with the same Idempotency-Key took this request over; nothing was saved by this one', {}, { 'Retry-After': String(IDEMPOTENCY_POLICY.retryAfterSeconds) });
    }
  }

  /** Extends the lease of a running attempt; false when the attempt no longer owns the key. */
  async renew(userId: string, key: string, token: string): Promise<boolean> {
    const renewed = affected(
      await this.ds.query(`UPDATE idempotency_keys SET claimed_at = now() WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND finished_at IS NULL`, [userId, key, token]),
    );
    return renewed > 0;
  }

  /**
   * Ends an attempt. With an answer to keep: stored if the write committed or the answer is a
   * success (a handler that writes outside a transaction, or writes nothing). Otherwise an
   * uncommitted key is released (nothing happened: a retry may run it) and a committed one is
   * closed without an answer (retries hear "carried out").
   */
  async finish(userId: string, key: string, token: string, answer: StoredAnswer | null): Promise<'stored' | 'released' | 'closed'> {
    if (answer) {
      const stored = affected(
        await this.ds.query(
        `UPDATE idempotency_keys
            SET committed_at = coalesce(committed_at, now()), finished_at = now(),
                response_status = $4, response_headers = $5, response_body = $6, response_text = $7
          WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND (committed_at IS NOT NULL OR $4::int < 400)`,
          [userId, key, token, answer.status, JSON.stringify(answer.headers), answer.body, answer.text],
        ),
      );
      if (stored > 0) return 'stored';
    }
    const released = affected(
      await this.ds.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND committed_at IS NULL`, [userId, key, token]),
    );
    if (released > 0) return 'released';
    await this.ds.query(`UPDATE idempotency_keys SET finished_at = now() WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND finished_at IS NULL`, [userId, key, token]);
    return 'closed';
  }

  /** Deletes expired keys in short batches; returns how many. */
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = affected(
        await this.ds.query(`DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT $1))`, [IDEMPOTENCY_POLICY.purgeBatch]),
      );
      total += deleted;
      if (deleted < IDEMPOTENCY_POLICY.purgeBatch) return total;
    }
  }
}
