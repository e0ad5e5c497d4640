import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode, PROBLEM_CONTENT_TYPE, ProblemDetails } from '@agendy/shared/contracts';
import { DomainException, STATUS_OF, TITLE_OF } from './domain-exception';
import { requestIdOf } from './request-id';

const PROBLEM_TYPE_BASE = 'https://agendy.kraj-lbc.cz/problems/';

/** Maps Nest's and body-parser's own HTTP errors (thrown before our code runs) to stable codes. */
function codeForHttpStatus(status: number): ErrorCode {
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return 'BAD_REQUEST';
    case HttpStatus.UNAUTHORIZED:
      return 'UNAUTHENTICATED';
    case HttpStatus.FORBIDDEN:
      return 'FORBIDDEN';
    case HttpStatus.NOT_FOUND:
      return 'ROUTE_NOT_FOUND';
    case HttpStatus.METHOD_NOT_ALLOWED:
      return 'METHOD_NOT_ALLOWED';
    case HttpStatus.CONFLICT:
      return 'CONFLICT';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'PAYLOAD_TOO_LARGE';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case HttpStatus.TOO_MANY_REQUESTS:
      return 'RATE_LIMITED';
    case HttpStatus.SERVICE_UNAVAILABLE:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  }
}

/** Errors raised by express' body parser carry a status and a `type` such as `entity.parse.failed`. */
function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';
}

/**
 * The database (or Redis) is gone or refuses us: node's socket errors, PostgreSQL's
 * connection_exception class (08xxx), admin/crash shutdown and "cannot connect now" (57P01-03),
 * too_many_connections (53300). Matched on the code, never on a message that could hold a host.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SQLSTATE_CLASS = '08';
/**
 * The same facts where the driver gives no code: node-postgres' own errors (a dropped socket, the
 * pool's connect timeout, a client used after its connection died), ioredis' closed connection,
 * and PostgreSQL's startup/shutdown refusals.
 */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection is closed|MaxRetriesPerRequest|the database system is (starting up|shutting down)/i;
/**
 * TypeORM throws these when a transaction's connection died under it: the rollback after the real
 * error (57P01, a reset socket) finds the runner already released and replaces the original error,
 * which is how a dropped database answered 500 instead of 503 (issue 18).
 */
const UNAVAILABLE_ERROR_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError', 'ConnectionIsNotSetError']);

/**
 * The database is there but did not let the request finish: statement_timeout or a cancel
 * (57014 query_canceled), lock_timeout (55P03 lock_not_available), a transaction that idled past
 * idle_in_transaction_session_timeout (25P03). Nothing was committed, so a retry is safe.
 */
const BUSY_CODES = new Set(['57014', '55P03', '25P03']);

/** Seconds a client should wait before retrying; small, because both states usually pass quickly. */
export const RETRY_AFTER_SECONDS = { unavailable: 5, busy: 2 } as const;

export type BackendFailure = 'unavailable' | 'busy';

/**
 * Is this error an outage of the database/Redis (`unavailable`), the database refusing to wait
 * longer (`busy`), or neither (null)? Looks through TypeORM's QueryFailedError (`driverError`),
 * `cause` and AggregateError (a host with several addresses) to the driver's error. `busy` wins
 * when both appear: it is the more specific reason (e.g. 25P03 then "Connection terminated").
 */
export function classifyBackendFailure(e: unknown): BackendFailure | null {
  const chain = errorChain(e);
  if (chain.some(({ code }) => typeof code === 'string' && BUSY_CODES.has(code))) return 'busy';
  const unavailable = chain.some(
    ({ code, message, name }) =>
      (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || (code.length === 5 && code.startsWith(UNAVAILABLE_SQLSTATE_CLASS)))) ||
      (typeof name === 'string' && UNAVAILABLE_ERROR_NAMES.has(name)) ||
      (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)),
  );
  return unavailable ? 'unavailable' : null;
}

/**
 * Text PostgreSQL cannot store — the NUL character above all (`invalid byte sequence … 0x00`,
 * 22021; `unsupported Unicode escape sequence` in jsonb, 22P05) — can only have come from the
 * client: a 400, not a 500. Not refused earlier, in the JSON parser: a login whose username holds
 * a NUL must get the same answer as any wrong password (issue 4), which the login code gives.
 */
export function isUnstorableText(e: unknown): boolean {
  return errorChain(e).some(({ code }) => code === '22021' || code === '22P05');
}

const NUL_DETAIL = 'Text in the request must not contain the NUL character (\\u0000)';

/**
 * A database or Redis that went away (or a database too busy to finish) is an outage, not a bug:
 * 503 with Retry-After, so clients and the proxy back off, instead of a 500.
 */
export function isBackendUnavailable(e: unknown): boolean {
  return classifyBackendFailure(e) !== null;
}

interface ErrorLink {
  code?: unknown;
  message?: unknown;
  name?: unknown;
}

/** The error and what it wraps (TypeORM's driverError, `cause`, AggregateError's errors), a few levels deep. */
function errorChain(e: unknown): ErrorLink[] {
  const chain: ErrorLink[] = [];
  const queue: unknown[] = [e];
  // Bounded: a cyclic or very deep chain must not turn the error handler into the next problem.
  for (let depth = 0; depth < 4 && queue.length > 0; depth++) {
    const next: unknown[] = [];
    for (const cur of queue) {
      if (!cur || typeof cur !== 'object') continue;
      const link = cur as ErrorLink & { driverError?: unknown; cause?: unknown; errors?: unknown };
      chain.push(link);
      next.push(link.driverError ?? link.cause);
      if (Array.isArray(link.errors)) next.push(...link.errors.slice(0, 4));
    }
    queue.splice(0, queue.length, ...next);
  }
  return chain;
}

export function toProblem(exception: unknown, requestId: string | undefined, instance: string): { problem: ProblemDetails; headers: Record<string, string> } {
  let code: ErrorCode;
  let detail: string | undefined;
  let extensions: Record<string, unknown> = {};
  let headers: Record<string, string> = {};

  if (exception instanceof DomainException) {
    code = exception.code;
    detail = exception.detail;
    extensions = exception.extensions;
    headers = exception.headers;
  } else if (exception instanceof HttpException) {
    const status = exception.getStatus();
    code = codeForHttpStatus(status);
    // Nest's own 4xx messages ("Cannot GET /x") are safe to show; 5xx ones are not.
    const response = exception.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    detail = status < 500 && typeof message === 'string' ? message : undefined;
  } else if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
    code = exception.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : exception.type === 'encoding.unsupported' ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    detail = exception.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : undefined;
  } else if (isUnstorableText(exception)) {
    code = 'BAD_REQUEST';
    detail = NUL_DETAIL;
  } else {
    const failure = classifyBackendFailure(exception);
    code = failure === 'busy' ? 'DATABASE_BUSY' : failure === 'unavailable' ? 'SERVICE_UNAVAILABLE' : 'INTERNAL';
    if (failure) headers = { 'Retry-After': String(RETRY_AFTER_SECONDS[failure]) };
  }

  const problem: ProblemDetails = {
    ...extensions,
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: TITLE_OF[code],
    status: STATUS_OF[code],
    code,
    instance,
    ...(detail ? { detail } : {}),
    ...(requestId ? { requestId } : {}),
  };
  return { problem, headers };
}

/**
 * The single exception filter: every error leaves the API as application/problem+json
 * with a stable code and the request id; internals (stack, SQL, hosts) never do.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const requestId = requestIdOf(req);
    const { problem, headers } = toProblem(exception, requestId, req.originalUrl?.split('?')[0] ?? req.url);

    if ((problem.code === 'SERVICE_UNAVAILABLE' || problem.code === 'DATABASE_BUSY') && !(exception instanceof DomainException)) {
      this.logger.warn({ err: exception, requestId }, 'Backend unavailable');
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId, code: problem.code }, 'Unhandled error');
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
