import { createHash } from 'node:crypto';

/** The request header (IETF draft-ietf-httpapi-idempotency-key-header) and our replay marker. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * The published key format: 1–255 characters of letters, digits and `._:~+/=-` (a UUID, a ULID,
 * base64 of random bytes …). Keys are scoped to the signed-in user, so another client can never
 * read an answer by guessing a key; the charset keeps keys safe in logs and SQL parameters alike.
 */
const KEY_FORMAT = /^[A-Za-z0-9._:~+/=-]{1,255}$/;

export type ParsedIdempotencyKey = { kind: 'absent' } | { kind: 'invalid'; reason: string } | { kind: 'key'; key: string };

/**
 * The draft makes the field an RFC 8941 sf-string (`Idempotency-Key: "8e03…"`). A bare value of the
 * same characters is accepted too, because most clients in the wild (Stripe-style) send it unquoted.
 * Node joins repeated header fields with ", ", which no valid key contains: two keys are refused.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): ParsedIdempotencyKey {
  if (header === undefined) return { kind: 'absent' };
  if (Array.isArray(header)) return { kind: 'invalid', reason: 'The Idempotency-Key header must appear once' };
  const value = header.trim();
  const quoted = /^"([^"\\]*)"$/.exec(value);
  const key = quoted ? quoted[1] : value;
  if (!KEY_FORMAT.test(key)) {
    return { kind: 'invalid', reason: 'The Idempotency-Key must be one string of 1–255 characters from A–Z a–z 0–9 . _ : ~ + / = - (a UUID is recommended)' };
  }
  return { kind: 'key', key };
}

/**
 * Members whose values never enter a fingerprint. A fingerprint is a fast, unsalted hash kept for
 * 24 h; over a password or a one-time code it would be a guessable copy of that secret (a signing
 * request re-authenticates with `{password}` or `{otp}`). Two requests that differ only there count
 * as the same request.
 */
const SECRET_MEMBERS = /^(password|passphrase|otp|pin|secret|token)$/i;

/**
 * JSON with object keys sorted at every level: a client that re-serialises the same body in another
 * key order is still sending the same request. Secret members are replaced by a marker.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${SECRET_MEMBERS.test(k) ? '"<secret>"' : canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export interface FingerprintInput {
  method: string;
  /** Path with the query string (e.g. `?filename=` of an upload is part of the request). */
  url: string;
  contentType: string | undefined;
  contentLength: string | undefined;
  /** The parsed JSON body; undefined when the body was not parsed (raw uploads). */
  body: unknown;
  /** True when the body was parsed as JSON by the API's body parser. */
  parsed: boolean;
}

/**
 * The draft's "idempotency fingerprint": SHA-256 over method, path with query and body. A JSON body
 * counts by its canonical form. A raw body (file uploads) is streamed to the handler and is not read
 * here, so it counts by its media type and length only (docs/runtime.md says so).
 */
export function requestFingerprint(input: FingerprintInput): string {
  const body = input.parsed ? `json:${canonicalJson(input.body)}` : `raw:${input.contentType ?? ''}:${input.contentLength ?? ''}`;
  return createHash('sha256').update(`${input.method.toUpperCase()}\n${input.url}\n${body}`).digest('hex');
}
