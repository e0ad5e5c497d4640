import type { EntityManager } from 'typeorm';
import type { AuditWriter } from '@agendy/server/feature-audit';

/**
 * Holds: how a booking of a resource that needs approval takes its slot before its agenda request
 * exists (issue 18). A hold is a `pending` booking without `request_id` — no other path writes
 * that combination (direct bookings are `confirmed`; bookings made by the engine's createBooking
 * effect always carry their request). The exclusion constraint treats it like any other active
 * booking, so inserting it is what decides a race for the slot; see BookingsService.createWithApproval.
 */

/**
 * A hold not linked to its request after this long belongs to a filing that died between the
 * hold and the link (api killed, connection lost): the sweep releases it. Far above the few
 * milliseconds a filing takes, and above the database's statement and lock timeouts.
 */
export const HOLD_TTL_MS = 2 * 60_000;

/**
 * Links the hold to the filed request and the engine's booking key, in the transaction that takes
 * the request's first step. Returns false when the hold is gone: released by the sweep, cancelled
 * or moved by its owner in the meantime (then the caller must not submit the request). The row
 * lock taken here also keeps the sweep (SKIP LOCKED) away until the link commits.
 */
export async function linkHold(
  em: EntityManager,
  hold: { id: string; resourceId: string; start: Date; end: Date },
  request: { id: string; bookingKey: string },
): Promise<boolean> {
  const rows: Array<{ id: string }> = await em.query(
    // Wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    `WITH linked AS (
       UPDATE bookings SET request_id = $2, booking_key = $3, version = version + 1, updated_at = now()
       WHERE id = $1 AND resource_id = $4 AND status = 'pending' AND request_id IS NULL AND during = tstzrange($5, $6, '[)')
       RETURNING id)
     SELECT id FROM linked`,
    [hold.id, request.id, request.bookingKey, hold.resourceId, hold.start, hold.end],
  );
  return rows.length === 1;
}

/** Releases holds older than HOLD_TTL_MS (the worker's minute sweep); returns their ids. */
export async function releaseStaleHolds(em: EntityManager, audit: AuditWriter): Promise<string[]> {
  const rows: Array<{ id: string }> = await em.query(
    `WITH stale AS (
       SELECT id FROM bookings
       WHERE status = 'pending' AND request_id IS NULL AND created_at < now() - make_interval(secs => $1)
       FOR UPDATE SKIP LOCKED),
     released AS (
       UPDATE bookings b SET status = 'cancelled', cancelled_at = now(), version = b.version + 1, updated_at = now()
       FROM stale WHERE b.id = stale.id RETURNING b.id)
     SELECT id FROM released ORDER BY id`,
    [HOLD_TTL_MS / 1000],
  );
  for (const r of rows) {
    await audit.append(em, { actorId: null, action: 'booking.cancel', objectType: 'booking', objectId: r.id, ip: null, details: { reason: 'hold-expired' } });
  }
  return rows.map((r) => r.id);
}
