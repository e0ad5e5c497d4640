import type { DataSource } from 'typeorm';
import type { AuditVerifyResponse } from '@agendy/shared/contracts';
import { auditRowHash, GENESIS_HASH } from './audit-hash';

const BATCH = 5000;

interface AuditRow {
  seq: string;
  id: string;
  at: Date;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/**
 * Recomputes the chain from the first row: each row's hash over its own content, its link to the
 * previous row, gap-free sequence numbers, and finally the head. The first row that fails is named,
 * which is where an investigation starts. Reads in keyset batches, so memory stays flat.
 */
export async function verifyAuditChain(ds: DataSource): Promise<AuditVerifyResponse> {
  const [head]: Array<{ seq: string; last_hash: string }> = await ds.query(`SELECT seq, last_hash FROM audit_chain_head WHERE id = 1`);
  const headSeq = head ? Number(head.seq) : 0;
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let last: AuditRow | undefined;
  for (;;) {
    const batch: AuditRow[] = await ds.query(
      `SELECT seq, id, at, actor_id, on_behalf_of, action, object_type, object_id, ip, details, prev_hash, hash
       FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, BATCH],
    );
    for (const r of batch) {
      rows++;
      const seq = Number(r.seq);
      const broken = (reason: string): AuditVerifyResponse => ({ ok: false, rows, headSeq, firstBroken: { seq, id: r.id, reason } });
      if (seq !== expectedSeq) return broken(`row ${expectedSeq} is missing (next row found is ${seq})`);
      if (r.prev_hash !== expectedPrev) return broken('prev_hash does not link to the previous row');
      const recomputed = auditRowHash({
        seq,
        at: r.at,
        actorId: r.actor_id,
        onBehalfOf: r.on_behalf_of,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        ip: r.ip,
        details: r.details,
        prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash) return broken('content does not match its hash (the row was altered)');
      expectedPrev = r.hash;
      expectedSeq = seq + 1;
      last = r;
    }
    if (batch.length < BATCH) break;
  }
  if (headSeq !== expectedSeq - 1 || (head && last && head.last_hash !== last.hash)) {
    // Rows cut off the end (or a head moved without its row) show up only here.
    return {
      ok: false,
      rows,
      headSeq,
      firstBroken: { seq: expectedSeq, id: '', reason: `the chain head says ${headSeq} rows, ${expectedSeq - 1} found` },
    };
  }
  return { ok: true, rows, headSeq, firstBroken: null };
}
