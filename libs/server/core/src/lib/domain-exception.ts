import { AREA_ERRORS, type AreaErrorCode, type CoreErrorCode, type ErrorCode, type FieldError } from '@agendy/shared/contracts';

const areaStatuses = Object.fromEntries(Object.entries(AREA_ERRORS).map(([code, e]) => [code, e.status])) as Record<AreaErrorCode, number>;
const areaTitles = Object.fromEntries(Object.entries(AREA_ERRORS).map(([code, e]) => [code, e.title])) as Record<AreaErrorCode, string>;

/** HTTP status of each core error code; area codes carry theirs in libs/shared/contracts/src/lib/problem-codes. */
const CORE_STATUS: Record<CoreErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  LOGIN_THROTTLED: 429,
  OTP_REQUIRED: 401,
  OTP_INVALID: 401,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  STALE: 409,
  WRONG_STATE: 409,
  GUARD_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_BUSY: 503,
  INTERNAL: 500,
};
export const STATUS_OF: Record<ErrorCode, number> = { ...CORE_STATUS, ...areaStatuses };

/** Short English titles; the web app shows its own Czech/English text per code. */
const CORE_TITLE: Record<CoreErrorCode, string> = {
  VALIDATION_FAILED: 'The request did not pass validation',
  BAD_REQUEST: 'The request is malformed',
  UNAUTHENTICATED: 'Authentication required',
  INVALID_CREDENTIALS: 'Invalid username or password',
  SESSION_EXPIRED: 'The session has expired',
  LOGIN_THROTTLED: 'Too many login attempts',
  OTP_REQUIRED: 'A one-time code from the authenticator app is required',
  OTP_INVALID: 'The one-time code is invalid',
  CSRF_INVALID: 'Missing or invalid CSRF token',
  FORBIDDEN: 'Access denied',
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'No such endpoint',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict with the current state',
  STALE: 'The object was changed by someone else',
  WRONG_STATE: 'The step is not possible in the current state',
  GUARD_FAILED: 'The conditions of the step are not met',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  SERVICE_UNAVAILABLE: 'Service temporarily unavailable',
  DATABASE_BUSY: 'The database is busy; try again shortly',
  INTERNAL: 'Internal server error',
};
export const TITLE_OF: Record<ErrorCode, string> = { ...CORE_TITLE, ...areaTitles };

/**
 * The one exception type that services throw for anything a client should be told.
 * The problem filter turns it into RFC 9457 JSON; anything else becomes a logged 500.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extensions: { errors?: FieldError[]; [key: string]: unknown } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? TITLE_OF[code]);
    this.name = 'DomainException';
  }

  get status(): number {
    return STATUS_OF[this.code];
  }
}
