import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TripLogEntryInfo, TripLogResponse } from '@agendy/shared/contracts';
import { mayLogTrip } from '@agendy/server/authority';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { pragueLocalToInstant } from '@agendy/shared/util';
import { BookingViewer } from './booking-access';
import { rulesException, violation } from './booking-rules';
import type { TripInput } from './booking-schemas';
import { loadBooking, loadResource } from './booking-store';
import type { ClientInfo } from './bookings.service';

interface TripRow {
  id: string;
  resource_id: string;
  booking_id: string | null;
  driver_id: string;
  driver_name: string;
  departed_at: Date;
  arrived_at: Date;
  start_place: string;
  end_place: string;
  purpose: string;
  odometer_start: number;
  odometer_end: number;
  km: number;
  continuity_gap_km: number;
}

const TRIP_SELECT = `SELECT t.*, u.display_name AS driver_name FROM trip_logs t JOIN users u ON u.id = t.driver_id`;

function tripInfo(t: TripRow): TripLogEntryInfo {
  return {
    id: t.id,
    resourceId: t.resource_id,
    bookingId: t.booking_id,
    driver: { id: t.driver_id, displayName: t.driver_name },
    departedAt: t.departed_at.toISOString(),
    arrivedAt: t.arrived_at.toISOString(),
    startPlace: t.start_place,
    endPlace: t.end_place,
    purpose: t.purpose,
    odometerStart: t.odometer_start,
    odometerEnd: t.odometer_end,
    km: t.km,
    continuityGapKm: t.continuity_gap_km,
  };
}

/**
 * The trip logbook (kniha jízd): date, driver, places, purpose, odometer at departure and arrival,
 * km. The car row is locked while a trip is logged, so two trips never both start from the same
 * reading. Departure below the car's last arrival is refused (422 ODOMETER_BACKWARDS); above it the
 * trip is accepted and the unlogged km are flagged as a continuity gap.
 */
@Injectable()
export class TripLogService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async log(viewer: BookingViewer, carId: string, input: TripInput, client: ClientInfo): Promise<TripLogEntryInfo> {
    const id = await this.ds.transaction((em) => this.logIn(em, viewer, carId, input, client));
    const [t]: TripRow[] = await this.ds.query(`${TRIP_SELECT} WHERE t.id = $1`, [id]);
    return tripInfo(t);
  }

  /** Logs a trip inside the caller's transaction (key return logs the trip with the return). */
  async logIn(em: EntityManager, viewer: BookingViewer, carId: string, input: TripInput, client: ClientInfo): Promise<string> {
    const manager = viewer.manages.has('car');
    if (input.odometerEnd < input.odometerStart) {
      throw rulesException([violation('ODOMETER_BACKWARDS', '/odometerEnd', 'Stav tachometru při příjezdu je nižší než při odjezdu.', 'The arrival odometer reading is below the departure reading.')]);
    }
    if (new Date(input.arrivedAt).getTime() <= new Date(input.departedAt).getTime()) {
      throw new DomainException('VALIDATION_FAILED', 'The arrival must be after the departure', {
        errors: [{ pointer: '/arrivedAt', rule: 'range', message: { cs: 'Příjezd musí být po odjezdu.', en: 'The arrival must be after the departure.' } }],
      });
    }
    {
      const car = await loadResource(em, carId, true);
      if (!car || car.type !== 'car') throw new DomainException('NOT_FOUND');
      // Who may log this trip is the authority's rule (rules/trip.ts); the booking is read here.
      const b = input.bookingId ? await loadBooking(em, input.bookingId) : undefined;
      const ofThisCar = b && b.resource_id === carId ? b : null;
      const decision = mayLogTrip({ userId: viewer.facts.userId, fleetManager: manager }, { bookingOwnerId: input.bookingId ? (ofThisCar?.owner_id ?? null) : undefined, driverId: input.driverId });
      if (decision === 'hide' || (input.bookingId && !ofThisCar)) throw new DomainException('NOT_FOUND', 'No such booking of this car');
      if (ofThisCar?.status === 'cancelled') throw new DomainException('WRONG_STATE', 'The booking is cancelled');
      if (decision === 'forbid') throw new DomainException('FORBIDDEN', input.bookingId ? 'Only the fleet manager logs trips for other drivers' : 'Only the fleet manager logs a trip without a booking');
      const driverId = input.driverId ?? ofThisCar?.owner_id ?? viewer.facts.userId;
      const last = car.odometer_km ?? 0;
      if (input.odometerStart < last) {
        throw rulesException([
          violation(
            'ODOMETER_BACKWARDS',
            '/odometerStart',
            `Stav tachometru nesmí klesnout: poslední příjezd ${last} km.`,
            `The odometer cannot go backwards: the last arrival was at ${last} km.`,
          ),
        ]);
      }
      const gap = input.odometerStart - last;
      const [row]: Array<{ id: string }> = await em.query(
        `INSERT INTO trip_logs (resource_id, booking_id, driver_id, departed_at, arrived_at, start_place, end_place, purpose, odometer_start, odometer_end, continuity_gap_km, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
        [carId, input.bookingId ?? null, driverId, input.departedAt, input.arrivedAt, input.startPlace, input.endPlace, input.purpose, input.odometerStart, input.odometerEnd, gap, viewer.facts.userId],
      );
      await em.query(`UPDATE resources SET odometer_km = $2, updated_at = now() WHERE id = $1`, [carId, input.odometerEnd]);
      await this.audit.append(em, {
        actorId: viewer.facts.userId,
        action: 'trip.log',
        objectType: 'trip',
        objectId: row.id,
        ip: client.ip,
        details: { car: car.code, odometerStart: input.odometerStart, odometerEnd: input.odometerEnd, continuityGapKm: gap },
      });
      return row.id;
    }
  }

  async get(id: string): Promise<TripLogEntryInfo> {
    const [t]: TripRow[] = await this.ds.query(`${TRIP_SELECT} WHERE t.id = $1`, [id]);
    return tripInfo(t);
  }

  /** A car's logbook, optionally for one month (Prague calendar); drivers see their own trips, fleet managers all. */
  async list(viewer: BookingViewer, carId: string, month?: string): Promise<TripLogResponse> {
    const car = await loadResource(this.ds.manager, carId);
    if (!car || car.type !== 'car') throw new DomainException('NOT_FOUND');
    const params: unknown[] = [carId];
    let where = 't.resource_id = $1';
    if (month) {
      const [y, m] = month.split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      params.push(pragueLocalToInstant(`${month}-01`), pragueLocalToInstant(next));
      where += ` AND t.departed_at >= $2 AND t.departed_at < $3`;
    }
    if (!viewer.manages.has('car')) {
      params.push(viewer.facts.userId);
      where += ` AND t.driver_id = $${params.length}`;
    }
    const rows: TripRow[] = await this.ds.query(`${TRIP_SELECT} WHERE ${where} ORDER BY t.departed_at, t.created_at`, params);
    return { items: rows.map(tripInfo) };
  }
}
