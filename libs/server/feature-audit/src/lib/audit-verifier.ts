import type { DataSource } from 'typeorm';
import type { AuditVerifyResponse } from '@agendy/shared/contracts';
import { auditRowHash, chainEntryHash, GENESIS_HASH } from './audit-hash';
import { AUDIT_CHAIN_BOUND_SECONDS } from './audit-sequencer';

const BATCH = 5000;

interface LogColumns {
  at: Date;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  details: unknown;
}

interface LegacyRow extends LogColumns {
  seq: string;
  id: string;
  prev_hash: string;
  hash: string;
}

interface ChainRow extends LogColumns {
  pos: string;
  log_seq: string;
  id: string;
  prev_hash: string;
  hash: string;
  lag_ms: number;
}

/**
 * What the verification found, beyond the contract's answer: how far behind the sequencer is.
 * `unchained`: rows committed but not yet chained; `oldestUnchainedSeconds`: the age of the oldest
 * of them (fails the verification above `boundSeconds`); `maxLagMs`: the longest any chained row
 * waited between its transaction's start and its chaining.
 */
export interface AuditVerification extends AuditVerifyResponse {
  unchained: number;
  oldestUnchainedSeconds: number;
  boundSeconds: number;
  maxLagMs: number;
}

/**
 * Recomputes the chain from the first position: rows chained in-row before the sequencer
 * (`audit_log.hash`, positions 1..N), then the `audit_chain` entries, each over the content of the
 * `audit_log` row it names. Checks gap-free positions, each link, each hash, the head, that every
 * row behind the sequencer's watermark is chained, and that no row has waited for the chain longer
 * than AUDIT_CHAIN_BOUND_SECONDS. The first row that fails is named — where an investigation starts.
 * Reads in keyset batches, so memory stays flat.
 */
export async function verifyAuditChain(ds: DataSource, boundSeconds = AUDIT_CHAIN_BOUND_SECONDS): Promise<AuditVerification> {
  // One snapshot for the whole verification, or the sequencer moving meanwhile would look like a broken head.
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await verifyIn(<T>(sql: string, params?: unknown[]) => qr.query(sql, params) as Promise<T[]>, boundSeconds);
    await qr.query('COMMIT');
    return result;
  } finally {
    await qr.release();
  }
}

// TypeORM's query() answers any[]; each call below names the row type it reads.
type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

async function verifyIn(query: Query, boundSeconds: number): Promise<AuditVerification> {
  const [head] = await query<{ seq: string; last_hash: string; last_xid: string; last_log_seq: string }>(
    `SELECT seq::text, last_hash, last_xid::text, last_log_seq::text FROM audit_chain_head WHERE id = 1`,
  );
  const headSeq = head ? Number(head.seq) : 0;
  let expectedPrev = GENESIS_HASH;
  let expectedPos = 1;
  let rows = 0;
  let maxLagMs = 0;
  const extra = { unchained: 0, oldestUnchainedSeconds: 0, boundSeconds, maxLagMs: 0 };
  const broken = (seq: number, id: string, reason: string): AuditVerification => ({ ok: false, rows, headSeq, firstBroken: { seq, id, reason }, ...extra, maxLagMs });

  // 1. Rows chained in-row before the sequencer existed.
  for (;;) {
    const batch = await query<LegacyRow>(
      `SELECT seq::text, id, at, actor_id, on_behalf_of, action, object_type, object_id, ip, details, prev_hash, hash
       FROM audit_log WHERE xid IS NULL AND seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedPos, BATCH],
    );
    for (const r of batch) {
      rows++;
      const seq = Number(r.seq);
      if (seq !== expectedPos) return broken(seq, r.id, `row ${expectedPos} is missing (next row found is ${seq})`);
      if (r.prev_hash !== expectedPrev) return broken(seq, r.id, 'prev_hash does not link to the previous row');
      if (auditRowHash({ seq, ...content(r), prevHash: r.prev_hash }) !== r.hash) return broken(seq, r.id, 'content does not match its hash (the row was altered)');
      expectedPrev = r.hash;
      expectedPos = seq + 1;
    }
    if (batch.length < BATCH) break;
  }

  // 2. Entries the sequencer chained, each over its audit_log row. The answer names the row by its
  //    audit_log seq (what every query of the log uses); the reason says the chain position.
  for (;;) {
    const batch = await query<ChainRow>(
      `SELECT c.pos::text, c.log_seq::text, l.id, l.at, l.actor_id, l.on_behalf_of, l.action, l.object_type, l.object_id, l.ip, l.details,
              c.prev_hash, c.hash, (extract(epoch FROM c.chained_at - l.at) * 1000)::float8 AS lag_ms
       FROM audit_chain c LEFT JOIN audit_log l ON l.seq = c.log_seq
       WHERE c.pos >= $1 ORDER BY c.pos LIMIT $2`,
      [expectedPos, BATCH],
    );
    for (const r of batch) {
      rows++;
      const pos = Number(r.pos);
      const seq = Number(r.log_seq);
      if (pos !== expectedPos) return broken(seq, r.id ?? '', `chain position ${expectedPos} is missing (next found is ${pos})`);
      if (r.id === null) return broken(seq, '', `chain position ${pos} names audit row ${seq}, which is gone`);
      if (r.prev_hash !== expectedPrev) return broken(seq, r.id, `prev_hash of chain position ${pos} does not link to the previous entry`);
      if (chainEntryHash({ pos, logSeq: seq, ...content(r), prevHash: r.prev_hash }) !== r.hash) {
        return broken(seq, r.id, `content does not match its hash at chain position ${pos} (the row was altered)`);
      }
      maxLagMs = Math.max(maxLagMs, r.lag_ms);
      expectedPrev = r.hash;
      expectedPos = pos + 1;
    }
    if (batch.length < BATCH) break;
  }

  const chainedUpTo = expectedPos - 1;
  if (headSeq !== chainedUpTo || (head && chainedUpTo > 0 && head.last_hash !== expectedPrev)) {
    // Entries cut off the end (or a head moved without its entry) show up only here.
    return broken(expectedPos, '', `the chain head says ${headSeq} entries, ${chainedUpTo} found`);
  }

  // 3. Completeness: every row at or behind the watermark is chained; rows after it are waiting.
  const [counts] = await query<{ behind: number; chained: number; waiting: number; oldest: number | null; oldest_seq: string | null; oldest_id: string | null }>(
    `WITH w AS (SELECT COALESCE((SELECT last_xid FROM audit_chain_head WHERE id = 1), '0'::xid8) AS x,
                      COALESCE((SELECT last_log_seq FROM audit_chain_head WHERE id = 1), 0) AS s),
          waiting AS (SELECT l.seq, l.id, l.at FROM audit_log l, w WHERE l.xid IS NOT NULL AND (l.xid, l.seq) > (w.x, w.s))
     SELECT (SELECT count(*) FROM audit_log l, w WHERE l.xid IS NOT NULL AND (l.xid, l.seq) <= (w.x, w.s))::int AS behind,
            (SELECT count(*) FROM audit_chain)::int AS chained,
            (SELECT count(*) FROM waiting)::int AS waiting,
            (SELECT extract(epoch FROM now() - min(at))::float8 FROM waiting) AS oldest,
            (SELECT seq::text FROM waiting ORDER BY at, seq LIMIT 1) AS oldest_seq,
            (SELECT id::text FROM waiting ORDER BY at, seq LIMIT 1) AS oldest_id`,
  );
  extra.unchained = counts?.waiting ?? 0;
  extra.oldestUnchainedSeconds = counts?.oldest ?? 0;
  if (counts && counts.behind !== counts.chained) {
    return broken(0, '', `${counts.behind} rows lie behind the sequencer's watermark but ${counts.chained} are chained (a row was slipped in behind it)`);
  }
  if (extra.oldestUnchainedSeconds > boundSeconds) {
    return broken(
      Number(counts?.oldest_seq ?? 0),
      counts?.oldest_id ?? '',
      `not chained for ${Math.round(extra.oldestUnchainedSeconds)} s, longer than the bound of ${boundSeconds} s (is a worker running the audit sequencer?)`,
    );
  }
  return { ok: true, rows, headSeq, firstBroken: null, ...extra, maxLagMs };
}

function content(r: LogColumns) {
  return {
    at: r.at,
    actorId: r.actor_id,
    onBehalfOf: r.on_behalf_of,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    ip: r.ip,
    details: r.details,
  };
}
