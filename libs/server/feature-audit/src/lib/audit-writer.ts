import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
  /** The row's number in `audit_log` (order of writing; its chain position comes later). */
  seq: number;
}

/** The seven values of one audit row, in the order of {@link auditInsertSql}. */
export function auditRowValues(entry: AuditEntry): unknown[] {
  return [entry.actorId, entry.onBehalfOf ?? null, entry.action, entry.objectType ?? null, entry.objectId ?? null, entry.ip ?? null, JSON.stringify(entry.details ?? {})];
}

/**
 * The INSERT of one audit row with its values as parameters `$first … $first+6` — for a store that
 * writes its change and the audit row in one statement (a CTE chain). The audit library keeps the
 * SQL of its table; `seq`, `xid` and `at` come from the database (sequence and trigger).
 */
export function auditInsertSql(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO audit_log (actor_id, on_behalf_of, action, object_type, object_id, ip, details)
    VALUES (${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::jsonb) RETURNING seq`;
}

/**
 * Appends an audit row inside the caller's transaction — one INSERT, no shared row. The row is
 * durable with the caller's commit and is chained into the hash chain by the sequencer shortly
 * after (AuditSequencer; bound in docs/adr/0005-audit-sequencer.md). Concurrent writers never wait
 * for each other here: the sequence number comes from a sequence, which takes no row lock.
 */
@Injectable()
export class AuditWriter {
  async append(em: EntityManager, entry: AuditEntry): Promise<AppendedAudit> {
    const [row]: Array<{ seq: string }> = await em.query(auditInsertSql(1), auditRowValues(entry));
    return { seq: Number(row.seq) };
  }
}
