import { DomainException } from '@agendy/server/core';

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
  } catch {
    // fall through: a mangled cursor is the client's mistake
  }
  throw new DomainException('VALIDATION_FAILED', 'Invalid cursor', { errors: [{ pointer: '/cursor', rule: 'format', message: { cs: 'Neplatný kurzor stránkování.', en: 'Invalid page cursor.' } }] });
}
