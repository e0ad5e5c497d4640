import type { AreaError } from './problem-codes/area-error';
import { ATTENDANCE_ERRORS } from './problem-codes/attendance';
import { BOOKING_ERRORS } from './problem-codes/booking';
import { DESIGNER_ERRORS } from './problem-codes/designer';
import { DOCUMENTS_ERRORS } from './problem-codes/documents';
import { IDEMPOTENCY_ERRORS } from './problem-codes/idempotency';
import { IDENTITY_ERRORS } from './problem-codes/identity';
import { OPS_ERRORS } from './problem-codes/ops';
import { REGISTERS_ERRORS } from './problem-codes/registers';

export type { AreaError } from './problem-codes/area-error';

/**
 * Stable machine-readable error codes carried in every RFC 9457 problem document.
 * Clients (the web app, scripts) branch on `code`, never on `title` or HTTP status alone,
 * so a code once published is never renamed.
 */
const CORE_ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'LOGIN_THROTTLED',
  'OTP_REQUIRED',
  'OTP_INVALID',
  'SESSION_EXPIRED',
  'CSRF_INVALID',
  'FORBIDDEN',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'STALE',
  /** The workflow step is not possible in the request's current state (or the request is closed). */
  'WRONG_STATE',
  /** The step's condition does not hold on the request's data (e.g. approved amount over the requested one). */
  'GUARD_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  /** PostgreSQL or Redis unreachable, or the connection was lost mid-request (503 + Retry-After). */
  'SERVICE_UNAVAILABLE',
  /**
   * The database is reachable but the request could not finish in time: a statement or lock
   * timeout, or a transaction ended for idling (503 + Retry-After; safe to retry, nothing was written).
   */
  'DATABASE_BUSY',
  'INTERNAL',
] as const;

/**
 * The codes of each feature area live in their own file under ./problem-codes (so work on different
 * areas never edits the same file), with their HTTP status and title; this joins them.
 */
export const AREA_ERRORS = {
  ...BOOKING_ERRORS,
  ...DOCUMENTS_ERRORS,
  ...ATTENDANCE_ERRORS,
  ...REGISTERS_ERRORS,
  ...DESIGNER_ERRORS,
  ...OPS_ERRORS,
  ...IDEMPOTENCY_ERRORS,
  ...IDENTITY_ERRORS,
} as const satisfies Record<string, AreaError>;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];
export type AreaErrorCode = keyof typeof AREA_ERRORS;
export type ErrorCode = CoreErrorCode | AreaErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...CORE_ERROR_CODES, ...(Object.keys(AREA_ERRORS) as AreaErrorCode[])];

/** One problem with one input field, addressed by a JSON pointer into the request body. */
export interface FieldError {
  /** JSON pointer, e.g. `/budget/0/amount`; empty string for the whole body. */
  pointer: string;
  /** Machine code of the failed rule, e.g. `required`, `minimum`, `pattern`. */
  rule: string;
  message: { cs: string; en: string };
}

/** RFC 9457 problem details, as every error of the API is answered (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  /** Correlates the answer with the server's log lines. */
  requestId?: string;
  errors?: FieldError[];
  /** Extra, code-specific facts (e.g. `retryAfterSeconds` for LOGIN_THROTTLED). */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function isProblemDetails(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['status'] === 'number' && typeof v['code'] === 'string' && typeof v['title'] === 'string';
}
