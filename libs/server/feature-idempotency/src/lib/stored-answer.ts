import { REPLAYED_RESPONSE_HEADERS } from './idempotency-policy';

/** An answer as it left the API, kept so that a retry gets the very same one. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  /** Null for an answer without a body (204). */
  body: Buffer | null;
  /** The body was sent as text (JSON, problem+json): replayed as text so Express adds the same charset. */
  text: boolean;
}

/** The replayable headers currently set on a response. */
export function answerHeaders(getHeader: (name: string) => number | string | string[] | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name of REPLAYED_RESPONSE_HEADERS) {
    const value = getHeader(name);
    if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
  }
  return headers;
}

/** What a row of idempotency_keys says about a retry that did not get the key. */
export type KeyState =
  | { kind: 'reused' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in-flight' }
  | { kind: 'completed' }
  /** The row changed under us (deleted, expired, or a takeover is possible): claim again. */
  | { kind: 'retry-claim' };

export interface KeyRow {
  fingerprint: string;
  committed: boolean;
  finished: boolean;
  lease_expired: boolean;
  expired: boolean;
  response_status: number | null;
  response_headers: Record<string, string | string[]> | null;
  response_body: Buffer | null;
  response_text: boolean | null;
}

/**
 * The decision table of the draft's enforcement scenarios, in this order:
 * another request under the same key → 422; the answer is kept → replay it; the attempt is over or
 * died after its commit → "carried out" (never run it again); the attempt is alive → 409 in flight.
 */
export function decide(row: KeyRow | undefined, fingerprint: string): KeyState {
  if (!row || row.expired) return { kind: 'retry-claim' };
  if (row.fingerprint !== fingerprint) return { kind: 'reused' };
  if (row.response_status !== null) {
    return { kind: 'replay', answer: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body, text: row.response_text === true } };
  }
  if (row.finished || (row.committed && row.lease_expired)) return { kind: 'completed' };
  // Uncommitted and abandoned: the claim statement takes such a key over; it raced with us.
  if (row.lease_expired) return { kind: 'retry-claim' };
  return { kind: 'in-flight' };
}
