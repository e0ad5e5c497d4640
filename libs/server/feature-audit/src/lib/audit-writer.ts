import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditRowHash, GENESIS_HASH } from './audit-hash';

export interface AuditEntry {
  /** User id; null for the system (timers, integrations). */
  actorId: string | null;
  /** The absent person a deputy acted for. */
  onBehalfOf?: string | null;
  /** Dotted verb, e.g. `request.transition`, `attachment.download`, `agenda.publish`. */
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  /** Client address as seen by the api (after TRUST_PROXY). */
  ip?: string | null;
  /** What happened: transition name, before/after fingerprints, … Never secrets. */
  details?: Record<string, unknown>;
}

export interface AppendedAudit {
  seq: number;
  hash: string;
}

/**
 * Appends to the hash chain inside the caller's transaction. The single chain-head row is
 * locked first (INSERT … ON CONFLICT DO UPDATE takes the row lock), so concurrent writers queue
 * on it and every row links to exactly one predecessor; reading "the last row" instead forks the
 * chain under concurrency. Call it last in the transaction: the lock is held until commit.
 */
@Injectable()
export class AuditWriter {
  async append(em: EntityManager, entry: AuditEntry): Promise<AppendedAudit> {
    const [head]: Array<{ seq: string; last_hash: string }> = await em.query(
      `INSERT INTO audit_chain_head (id, seq, last_hash) VALUES (1, 0, $1)
       ON CONFLICT (id) DO UPDATE SET seq = audit_chain_head.seq
       RETURNING seq, last_hash`,
      [GENESIS_HASH],
    );
    const seq = Number(head.seq) + 1;
    const at = new Date();
    const row = {
      seq,
      at,
      actorId: entry.actorId,
      onBehalfOf: entry.onBehalfOf ?? null,
      action: entry.action,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
      prevHash: head.last_hash,
    };
    const hash = auditRowHash(row);
    await em.query(
      `WITH appended AS (
         INSERT INTO audit_log (seq, at, actor_id, on_behalf_of, action, object_type, object_id, ip, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq
       )
       UPDATE audit_chain_head SET seq = (SELECT seq FROM appended), last_hash = $11, updated_at = now() WHERE id = 1`,
      [seq, at, row.actorId, row.onBehalfOf, row.action, row.objectType, row.objectId, row.ip, JSON.stringify(row.details), row.prevHash, hash],
    );
    return { seq, hash };
  }
}
