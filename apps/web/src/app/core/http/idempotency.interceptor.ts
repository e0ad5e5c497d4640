import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { Observable, retry, throwError, timer } from 'rxjs';
import { API_BASE, isApiUrl } from './api';

/** IETF draft-ietf-httpapi-idempotency-key-header; the API's rules are in docs/runtime.md. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const KEYED_METHODS = new Set(['POST', 'PATCH']);
/** Logging in and out are not keyed by the API (no user to scope a key to). */
const UNKEYED_PREFIX = `${API_BASE}/auth/`;

/** Failures after which the same request may be sent again: its key makes the retry safe. */
const MAX_AUTOMATIC_RETRIES = 2;
const MAX_RETRY_DELAY_MS = 3000;

/**
 * One key per HttpRequest object. Every user action builds its own request (HttpClient.post …), so
 * it gets its own key; sending that same object again — our automatic retry below, or a caller's
 * `retry()` around `http.request(req)` — reuses the key, and the API answers the retry with the
 * first answer instead of doing the work twice.
 */
const keys = new WeakMap<HttpRequest<unknown>, string>();

export function idempotencyKeyOf(req: HttpRequest<unknown>): string {
  let key = keys.get(req);
  if (!key) {
    key = randomUuid();
    keys.set(req, key);
  }
  return key;
}

/**
 * crypto.randomUUID exists only in secure contexts (https, localhost); an intranet reached over
 * plain http still has getRandomValues.
 */
function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isKeyed(req: HttpRequest<unknown>): boolean {
  const path = req.url.split('?')[0];
  return KEYED_METHODS.has(req.method) && isApiUrl(path) && !path.startsWith(UNKEYED_PREFIX);
}

/**
 * Worth sending again with the same key: no answer at all (network, proxy), the API or its database
 * briefly away (502–504, incl. 503 DATABASE_BUSY), or the first attempt still running (409
 * IDEMPOTENCY_KEY_IN_FLIGHT — the retry then gets its answer). Anything else is the answer.
 */
function retryDelayMs(error: unknown, attempt: number): number | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const inFlight = error.status === 409 && (error.error as { code?: unknown } | null)?.code === 'IDEMPOTENCY_KEY_IN_FLIGHT';
  if (!(error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504 || inFlight)) return null;
  const header = error.headers?.get('Retry-After');
  const seconds = header === null || header === undefined ? NaN : Number(header);
  const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 500 * attempt;
  return Math.min(ms, MAX_RETRY_DELAY_MS);
}

/** Adds an Idempotency-Key to every POST/PATCH of the API that has none, and retries transient failures with it. */
export const idempotencyKeyInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isKeyed(req)) return next(req);
  const keyed = req.headers.has(IDEMPOTENCY_KEY_HEADER) ? req : req.clone({ setHeaders: { [IDEMPOTENCY_KEY_HEADER]: `"${idempotencyKeyOf(req)}"` } });
  return next(keyed).pipe(
    retry({
      count: MAX_AUTOMATIC_RETRIES,
      delay: (error: unknown, attempt: number): Observable<unknown> => {
        const ms = retryDelayMs(error, attempt);
        return ms === null ? throwError(() => error) : timer(ms);
      },
    }),
  );
};
