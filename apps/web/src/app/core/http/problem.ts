import { HttpErrorResponse } from '@angular/common/http';
import { ErrorCode, ProblemDetails, isProblemDetails } from '@agendy/shared/contracts';

/** A problem the client made up because the server never answered (offline, DNS, proxy down). */
export const NETWORK_PROBLEM_TYPE = 'about:blank#network';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * Turns anything thrown by an HTTP call into RFC 9457 problem details. A real problem document from
 * the server is returned as is; anything else (network failure, an HTML error page from a proxy)
 * gets a code derived from the status.
 */
export function toProblem(error: unknown): ProblemDetails {
  if (isProblemDetails(error)) return error;
  if (error instanceof HttpErrorResponse) {
    const body = parseBody(error.error);
    if (isProblemDetails(body)) return body;
    if (error.status === 0) {
      return { type: NETWORK_PROBLEM_TYPE, title: 'Network error', status: 0, code: 'SERVICE_UNAVAILABLE' };
    }
    return {
      type: 'about:blank',
      title: error.statusText || 'Error',
      status: error.status,
      code: STATUS_CODES[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
    };
  }
  return { type: 'about:blank', title: 'Error', status: 500, code: 'INTERNAL' };
}

export function isNetworkProblem(problem: ProblemDetails): boolean {
  return problem.type === NETWORK_PROBLEM_TYPE;
}

/** `/username` → `username`, `/budget/0/amount` → `budget.0.amount`; RFC 6901 escapes decoded. */
export function pointerToField(pointer: string): string {
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
