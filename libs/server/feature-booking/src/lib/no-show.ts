import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingInfo } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { JobHandler } from '@agendy/server/queue';
import { formatPragueDateTimeCs } from '@agendy/shared/util';
import { BookingViewer, maySeeBooking } from './booking-access';
import { BookingNotices, NO_SHOW_GRACE_MS } from './booking-notices';
import { rulesException, violation } from './booking-rules';
import { releaseStaleHolds } from './booking-holds';
import { bookingInfo, loadBooking, type BookingRow } from './booking-store';
import type { ClientInfo } from './bookings.service';

/**
 * Releases room bookings nobody checked into within 15 minutes of the start, while the booking is
 * still running (history is never rewritten). `onlyId` = the delayed job of one booking; without it,
 * the sweep over every overdue one. Returns the released ids; the owner gets a notification (an
 * outbox row in the same transaction).
 */
export async function releaseNoShows(em: EntityManager, audit: AuditWriter, notices: BookingNotices, onlyId?: string): Promise<string[]> {
  const rows: Array<{ id: string; owner_id: string; title: string; start: Date; name: string }> = await em.query(
    `WITH due AS (
       SELECT b.id FROM bookings b JOIN resources r ON r.id = b.resource_id
       WHERE r.type = 'room' AND b.status = 'confirmed' AND b.checked_in_at IS NULL
         AND lower(b.during) + make_interval(secs => $2) <= now() AND upper(b.during) > now()
         AND ($1::uuid IS NULL OR b.id = $1::uuid)
       FOR UPDATE OF b SKIP LOCKED),
     rel AS (
       UPDATE bookings b SET status = 'cancelled', released_at = now(), cancelled_at = now(), version = version + 1, updated_at = now()
       FROM due WHERE b.id = due.id RETURNING b.id, b.owner_id, b.title, lower(b.during) AS start, b.resource_id)
     SELECT rel.id, rel.owner_id, rel.title, rel.start, r.name FROM rel JOIN resources r ON r.id = rel.resource_id`,
    [onlyId ?? null, NO_SHOW_GRACE_MS / 1000],
  );
  for (const b of rows) {
    await audit.append(em, { actorId: null, action: 'booking.release', objectType: 'booking', objectId: b.id, ip: null, details: { reason: 'no-show', start: b.start.toISOString() } });
    const when = formatPragueDateTimeCs(b.start);
    await notices.write(em, [
      {
        userId: b.owner_id,
        bookingId: b.id,
        kind: 'released',
        cs: `Rezervace ${b.name} ${when} („${b.title}“) byla uvolněna: nikdo se do 15 minut od začátku nepřihlásil (check-in).`,
        en: `Your booking of ${b.name} at ${when} ("${b.title}") was released: nobody checked in within 15 minutes of the start.`,
      },
    ]);
  }
  return rows.map((b) => b.id);
}

/** Check-in of a room booking: from 15 minutes before the start until its end. */
@Injectable()
export class CheckInService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async checkIn(viewer: BookingViewer, id: string, client: ClientInfo): Promise<BookingInfo> {
    await this.ds.transaction(async (em) => {
      const b = await loadBooking(em, id, true);
      if (!b || !maySeeBooking(viewer, b)) throw new DomainException('NOT_FOUND');
      if (b.resource_type !== 'room') throw new DomainException('WRONG_STATE', 'Only room bookings are checked into');
      if (b.status !== 'confirmed') throw new DomainException('WRONG_STATE', b.released_at ? 'The booking was released as a no-show' : 'The booking is not confirmed');
      if (b.checked_in_at) return;
      const now = Date.now();
      if (now < b.start.getTime() - NO_SHOW_GRACE_MS || now >= b.end.getTime()) {
        throw rulesException([violation('CHECK_IN_CLOSED', '', 'Přihlásit se lze od 15 minut před začátkem do konce rezervace.', 'Check-in is open from 15 minutes before the start until the end.')]);
      }
      await em.query(`UPDATE bookings SET checked_in_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.check-in', objectType: 'booking', objectId: id, ip: client.ip, details: {} });
    });
    return bookingInfo((await loadBooking(this.ds.manager, id)) as BookingRow);
  }
}

/** The worker's handlers of the delayed no-show job and its sweep. */
@Injectable()
export class NoShowHandlers {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly notices: BookingNotices,
  ) {}

  @JobHandler('booking.release-no-show')
  async releaseOne(payload: { bookingId: string }): Promise<string> {
    const released = await this.ds.transaction((em) => releaseNoShows(em, this.audit, this.notices, payload.bookingId));
    if (released.length > 0) this.notices.afterCommit();
    return released.length > 0 ? 'released' : 'kept (checked in, moved, cancelled or over)';
  }

  /**
   * Also releases holds whose approval filing died before its request was linked (booking-holds.ts):
   * the minute's repeatable job runs once across all workers. (Booking e-mails need no sweep: they
   * are outbox rows, relayed and redelivered like every other effect.)
   */
  @JobHandler('booking.sweep-no-shows')
  async sweep(): Promise<string> {
    const released = await this.ds.transaction((em) => releaseNoShows(em, this.audit, this.notices));
    if (released.length > 0) this.notices.afterCommit();
    const holds = await this.ds.transaction((em) => releaseStaleHolds(em, this.audit));
    return `${released.length} released, ${holds.length} stale hold(s) released`;
  }
}
