import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An incoming X-Request-Id is reused only if it looks harmless, so logs cannot be forged. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestIdFromHeader(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** pino-http stores the id as `req.id`. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** Express middleware body: gives the request its id before anything (even body parsing) can fail. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFromHeader(req.headers['x-request-id']);
  (req as IncomingMessage & { id?: string }).id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}
