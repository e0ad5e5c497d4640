import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BookingInfo, SharedTripInfo, SharedTripListResponse, TripLogEntryInfo } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { formatPragueDateTimeCs } from '@agendy/shared/util';
import { BookingViewer, maySeeBooking } from './booking-access';
import { BookingNotices } from './booking-notices';
import { rulesException, violation } from './booking-rules';
import type { KeyReturnInput } from './booking-schemas';
import { BOOKING_SELECT, bookingInfo, freeSeats, loadBooking, loadResource, type BookingRow } from './booking-store';
import type { ClientInfo } from './bookings.service';
import { TripLogService } from './trip-log.service';

const DAY_MS = 86_400_000;

/**
 * Car sharing (colleagues join a shared trip as passengers; the driver is notified) and the key
 * handover and return of a car booking (time and odometer; the return writes the logbook entry).
 */
@Injectable()
export class CarTripsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly trips: TripLogService,
    private readonly notices: BookingNotices,
  ) {}

  /** Upcoming shared trips every employee may see: destination, time, driver and free seats (not the purpose). */
  async sharedTrips(viewer: BookingViewer, from?: string, to?: string): Promise<SharedTripListResponse> {
    const start = from ? new Date(from) : new Date();
    const end = to ? new Date(to) : new Date(start.getTime() + 60 * DAY_MS);
    const rows: BookingRow[] = await this.ds.query(
      `${BOOKING_SELECT} WHERE r.type = 'car' AND b.shared AND b.status = 'confirmed' AND b.key_handed_at IS NULL
         AND b.during && tstzrange($1, $2, '[)') AND lower(b.during) > now() ORDER BY lower(b.during) LIMIT 500`,
      [start, end],
    );
    return {
      items: rows.map(
        (b): SharedTripInfo => ({
          bookingId: b.id,
          resourceId: b.resource_id,
          resourceName: b.resource_name,
          start: b.start.toISOString(),
          end: b.end.toISOString(),
          destination: b.destination,
          driver: { id: b.owner_id, displayName: b.owner_name },
          freeSeats: freeSeats(b) ?? 0,
          joined: b.joined.some((p) => p.id === viewer.facts.userId),
        }),
      ),
    };
  }

  private async sharedTrip(id: string): Promise<BookingRow> {
    const b = await loadBooking(this.ds.manager, id, true);
    if (!b || b.resource_type !== 'car' || !b.shared) throw new DomainException('NOT_FOUND');
    return b;
  }

  async join(viewer: BookingViewer, id: string, client: ClientInfo): Promise<SharedTripInfo> {
    const me = viewer.facts.userId;
    const joined = await this.ds.transaction(async (em) => {
      const b = await loadBooking(em, id, true);
      if (!b || b.resource_type !== 'car' || !b.shared) throw new DomainException('NOT_FOUND');
      if (b.status !== 'confirmed' || b.key_handed_at || b.start.getTime() <= Date.now()) throw new DomainException('WRONG_STATE', 'The trip has already left or is not confirmed');
      if (b.owner_id === me) throw new DomainException('CONFLICT', 'The driver does not join their own trip');
      if (b.joined.some((p) => p.id === me)) return false;
      if ((freeSeats(b) ?? 0) < 1) {
        throw new DomainException('TRIP_FULL', 'No free seat is left on this trip', { message: { cs: 'Ve voze už není volné místo.', en: 'No free seat is left in the car.' } });
      }
      await em.query(`INSERT INTO booking_passengers (booking_id, user_id) VALUES ($1, $2)`, [id, me]);
      await em.query(`UPDATE bookings SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.append(em, { actorId: me, action: 'booking.passenger.join', objectType: 'booking', objectId: id, ip: client.ip, details: { passenger: me } });
      const when = formatPragueDateTimeCs(b.start);
      const [u]: Array<{ display_name: string }> = await em.query(`SELECT display_name FROM users WHERE id = $1`, [me]);
      const name = u?.display_name ?? 'Kolega';
      await this.notices.write(em, [
        {
          userId: b.owner_id,
          bookingId: id,
          kind: 'joined',
          // The booking's version this join made: a colleague who leaves and joins again is a new notice.
          key: `${me}-v${b.version + 1}`,
          cs: `${name} se přidal(a) k vaší jízdě ${when} do ${b.destination ?? '—'} (${b.resource_name}).`,
          en: `${name} joined your trip on ${when} to ${b.destination ?? '—'} (${b.resource_name}).`,
        },
      ]);
      return true;
    });
    if (joined) this.notices.afterCommit();
    return this.tripOf(viewer, id);
  }

  async leave(viewer: BookingViewer, id: string, client: ClientInfo): Promise<SharedTripInfo> {
    await this.ds.transaction(async (em) => {
      // TypeORM answers a DELETE … RETURNING with [rows, affectedCount].
      const [removed]: [unknown[], number] = await em.query(`DELETE FROM booking_passengers WHERE booking_id = $1 AND user_id = $2 RETURNING user_id`, [id, viewer.facts.userId]);
      if (removed.length === 0) throw new DomainException('NOT_FOUND');
      await em.query(`UPDATE bookings SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.passenger.leave', objectType: 'booking', objectId: id, ip: client.ip, details: {} });
    });
    return this.tripOf(viewer, id);
  }

  private async tripOf(viewer: BookingViewer, id: string): Promise<SharedTripInfo> {
    const b = await this.sharedTrip(id);
    return {
      bookingId: b.id,
      resourceId: b.resource_id,
      resourceName: b.resource_name,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      destination: b.destination,
      driver: { id: b.owner_id, displayName: b.owner_name },
      freeSeats: freeSeats(b) ?? 0,
      joined: b.joined.some((p) => p.id === viewer.facts.userId),
    };
  }

  /** The driver's own car booking (or any, for the fleet manager), locked. */
  private async carBooking(viewer: BookingViewer, id: string, em = this.ds.manager): Promise<BookingRow> {
    const b = await loadBooking(em, id, true);
    if (!b || !maySeeBooking(viewer, b)) throw new DomainException('NOT_FOUND');
    if (b.resource_type !== 'car') throw new DomainException('WRONG_STATE', 'Only car bookings have keys');
    if (b.status !== 'confirmed') throw new DomainException('WRONG_STATE', 'The booking is not confirmed');
    return b;
  }

  private when(at: string | undefined): Date {
    const d = at ? new Date(at) : new Date();
    if (d.getTime() > Date.now() + 5 * 60_000) {
      throw new DomainException('VALIDATION_FAILED', 'The time cannot be in the future', {
        errors: [{ pointer: '/at', rule: 'future', message: { cs: 'Čas nesmí být v budoucnosti.', en: 'The time cannot be in the future.' } }],
      });
    }
    return d;
  }

  async handover(viewer: BookingViewer, id: string, input: { odometerKm: number; at?: string }, client: ClientInfo): Promise<BookingInfo> {
    const at = this.when(input.at);
    await this.ds.transaction(async (em) => {
      const b = await this.carBooking(viewer, id, em);
      if (b.key_handed_at) throw new DomainException('WRONG_STATE', 'The key was already handed over');
      if (b.end.getTime() < at.getTime()) throw new DomainException('WRONG_STATE', 'The booking is over');
      const car = await loadResource(em, b.resource_id, true);
      const last = car?.odometer_km ?? 0;
      if (input.odometerKm < last) {
        throw rulesException([violation('ODOMETER_BACKWARDS', '/odometerKm', `Stav tachometru nesmí klesnout: poslední příjezd ${last} km.`, `The odometer cannot go backwards: the last arrival was at ${last} km.`)]);
      }
      await em.query(`UPDATE bookings SET key_handed_at = $2, key_odometer_start = $3, version = version + 1, updated_at = now() WHERE id = $1`, [id, at, input.odometerKm]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.key.handover', objectType: 'booking', objectId: id, ip: client.ip, details: { at: at.toISOString(), odometerKm: input.odometerKm, lastArrivalKm: last } });
    });
    return bookingInfo((await loadBooking(this.ds.manager, id)) as BookingRow);
  }

  /** Records the return and writes the trip to the logbook in the same transaction. */
  async keyReturn(viewer: BookingViewer, id: string, input: KeyReturnInput, client: ClientInfo): Promise<{ booking: BookingInfo; trip: TripLogEntryInfo }> {
    const at = this.when(input.at);
    const tripId = await this.ds.transaction(async (em) => {
      const b = await this.carBooking(viewer, id, em);
      if (!b.key_handed_at || b.key_odometer_start === null) {
        throw rulesException([violation('KEY_NOT_HANDED_OVER', '/odometerKm', 'Klíče nebyly předány – nejprve zapište převzetí vozu.', 'The key was not handed over; record the handover first.')]);
      }
      if (b.key_returned_at) throw new DomainException('WRONG_STATE', 'The key was already returned');
      const car = await loadResource(em, b.resource_id);
      const home = car?.home_location ?? b.resource_name;
      const trip = await this.trips.logIn(
        em,
        viewer,
        b.resource_id,
        {
          bookingId: id,
          departedAt: b.key_handed_at.toISOString(),
          arrivedAt: at.toISOString(),
          startPlace: input.startPlace ?? home,
          endPlace: input.endPlace ?? (b.destination ? `${b.destination} a zpět` : home),
          purpose: input.purpose ?? b.title,
          odometerStart: b.key_odometer_start,
          odometerEnd: input.odometerKm,
        },
        client,
      );
      await em.query(`UPDATE bookings SET key_returned_at = $2, key_odometer_end = $3, version = version + 1, updated_at = now() WHERE id = $1`, [id, at, input.odometerKm]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.key.return', objectType: 'booking', objectId: id, ip: client.ip, details: { at: at.toISOString(), odometerKm: input.odometerKm, trip } });
      return trip;
    });
    return { booking: bookingInfo((await loadBooking(this.ds.manager, id)) as BookingRow), trip: await this.trips.get(tripId) };
  }
}
