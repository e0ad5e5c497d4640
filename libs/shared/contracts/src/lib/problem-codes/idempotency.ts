import type { AreaError } from './area-error';

/**
 * Stable error codes of Idempotency-Key handling (IETF draft-ietf-httpapi-idempotency-key-header;
 * docs/runtime.md "Idempotency-Key"). Every code needs a sentence in the web app's dictionaries
 * under 'error.<CODE>' (cs and en). A code once published is never renamed.
 */
export const IDEMPOTENCY_ERRORS = {
  /** The Idempotency-Key header is not one key of the published format. */
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'The Idempotency-Key header is malformed' },
  /** The key was already used for a different request (other body, method or path). */
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was already used for a different request' },
  /** A request with this key is still being processed; retry after Retry-After seconds. */
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  /**
   * The request with this key was carried out (its write is committed) but its answer was not kept
   * (the server stopped in between, or the answer was an error or a file): it must not be repeated;
   * load the current state instead.
   */
  IDEMPOTENCY_KEY_COMPLETED: { status: 409, title: 'The request with this Idempotency-Key was already carried out' },
} as const satisfies Record<string, AreaError>;
