import { createHash } from 'node:crypto';

/** The `prev_hash` of the first row: the chain starts from a known value, not from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** What goes into a row's hash: every column except `id` (a surrogate) and `hash` itself. */
export interface AuditHashInput {
  seq: number;
  at: Date;
  actorId: string | null;
  onBehalfOf: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  details: unknown;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every level. `details` travels through jsonb, which reorders keys,
 * so the hash must not depend on key order; values themselves round-trip unchanged.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return '[' + value.map((v) => canonicalJson(v === undefined ? null : v)).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

export function auditRowHash(row: AuditHashInput): string {
  const material = canonicalJson([
    row.seq,
    row.at.toISOString(),
    row.actorId,
    row.onBehalfOf,
    row.action,
    row.objectType,
    row.objectId,
    row.ip,
    row.details,
    row.prevHash,
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/** SHA-256 of a JSON value in canonical form: the "before/after" fingerprints of audited objects. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * The hash of an `audit_chain` entry (issue 26): the entry's position, the `audit_log` row it
 * chains (its `seq`) and that row's content, linked to the previous entry. A tag keeps these hashes
 * apart from the in-row hashes of rows chained before the sequencer.
 */
export interface ChainEntryHashInput extends Omit<AuditHashInput, 'seq'> {
  pos: number;
  logSeq: number;
}

export function chainEntryHash(e: ChainEntryHashInput): string {
  const material = canonicalJson([
    'agendy.audit-chain.v2',
    e.pos,
    e.logSeq,
    e.at.toISOString(),
    e.actorId,
    e.onBehalfOf,
    e.action,
    e.objectType,
    e.objectId,
    e.ip,
    e.details,
    e.prevHash,
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
