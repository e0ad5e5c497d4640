/**
 * The published idempotency policy (docs/runtime.md "Idempotency-Key"). Constants, not settings:
 * clients are told these numbers, and every api replica must apply the same ones.
 */
export const IDEMPOTENCY_POLICY = {
  /** A key (and the answer it replays) lives this long after its first use. */
  ttlSeconds: 24 * 60 * 60,
  /**
   * An attempt holds its key this long without a sign of life; it renews the lease while its
   * handler runs. A lease that ran out means the attempt died (crash, SIGKILL): a retry may take an
   * uncommitted key over, and a committed key without an answer is reported as carried out.
   */
  leaseSeconds: 15,
  renewEverySeconds: 5,
  /** Retry-After of a 409 IDEMPOTENCY_KEY_IN_FLIGHT: most requests finish well within a second. */
  retryAfterSeconds: 1,
  /** Larger answers are not kept (a retry gets 409 IDEMPOTENCY_KEY_COMPLETED instead of a replay). */
  maxStoredBodyBytes: 1024 * 1024,
  /** Rows deleted per statement by the hourly purge (short statements, short locks). */
  purgeBatch: 5000,
} as const;

/** Response headers that belong to the answer and are replayed; everything else is per request. */
export const REPLAYED_RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'location',
  'content-location',
  'etag',
  'last-modified',
  'link',
  'retry-after',
] as const;
