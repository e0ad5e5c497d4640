import { DomainException } from '@agendy/server/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, never a database error. */
export function idParam(id: string): string {
  if (!UUID.test(id)) throw new DomainException('NOT_FOUND');
  return id.toLowerCase();
}
