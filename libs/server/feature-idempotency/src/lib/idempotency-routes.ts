/**
 * Which operations honour Idempotency-Key: every POST and PATCH of the versioned API — creates
 * (requests, transitions, comments, attachments, bookings, trips, attendance events, admin creates…)
 * and the other non-idempotent changes alike, so no create can be forgotten when one is added.
 * PUT and DELETE are idempotent by definition (RFC 9110) and GETs change nothing.
 * Excluded: /api/v1/auth/* — logging in has no signed-in user to scope a key to, and a replayed
 * login or logout answer would hand out or clear a session that is not the current one.
 */
const METHODS = new Set(['POST', 'PATCH']);
const API_PREFIX = '/api/v1/';
const EXCLUDED_PREFIXES = ['/api/v1/auth/'];

export function honoursIdempotencyKey(method: string, path: string): boolean {
  if (!METHODS.has(method.toUpperCase())) return false;
  if (!path.startsWith(API_PREFIX)) return false;
  return !EXCLUDED_PREFIXES.some((p) => path.startsWith(p));
}

/**
 * Answers that carry a secret are never kept in idempotency_keys (which is plain table data for
 * 24 h): a TOTP enrolment's shared secret, a calendar feed's token URL (stored only hashed by its
 * owner). The key still guards the operation: a retry hears 409 IDEMPOTENCY_KEY_COMPLETED.
 */
const SECRET_ANSWER_PREFIXES = ['/api/v1/me/otp/', '/api/v1/booking-feeds'];

export function keepsAnswer(path: string): boolean {
  return !SECRET_ANSWER_PREFIXES.some((p) => path.startsWith(p));
}
