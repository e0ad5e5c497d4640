import type { EntityManager } from 'typeorm';
import type { BookingConflictInfo, BookingInfo, BookingStatus, BusySlot, CarFuel, ResourceInfo, ResourceType } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { formatPragueDateTimeCs } from '@agendy/shared/util';

export interface ResourceRow {
  id: string;
  type: ResourceType;
  code: string;
  name: string;
  description: string | null;
  active: boolean;
  needs_approval: boolean;
  allowed_roles: string[];
  allowed_departments: string[];
  building: string | null;
  floor: number | null;
  capacity: number | null;
  equipment: string[];
  accessible: boolean;
  plate: string | null;
  model: string | null;
  seats: number | null;
  fuel: CarFuel | null;
  home_location: string | null;
  odometer_km: number | null;
  service_due: string | null;
  stk_due: string | null;
  blocked_until: Date | null;
  version: number;
}

/** `date` columns as 'YYYY-MM-DD' strings (the pg driver would turn them into local-midnight Dates). */
export const RESOURCE_COLUMNS = `r.id, r.type, r.code, r.name, r.description, r.active, r.needs_approval, r.allowed_roles, r.allowed_departments,
  r.building, r.floor, r.capacity, r.equipment, r.accessible, r.plate, r.model, r.seats, r.fuel, r.home_location, r.odometer_km,
  to_char(r.service_due, 'YYYY-MM-DD') AS service_due, to_char(r.stk_due, 'YYYY-MM-DD') AS stk_due, r.blocked_until, r.version`;

export function resourceInfo(r: ResourceRow): ResourceInfo {
  const base: ResourceInfo = {
    id: r.id,
    type: r.type,
    code: r.code,
    name: r.name,
    description: r.description,
    active: r.active,
    needsApproval: r.needs_approval,
    allowedRoles: r.allowed_roles,
    allowedDepartments: r.allowed_departments,
    version: r.version,
  };
  if (r.type === 'room') {
    base.room = { building: r.building, floor: r.floor, capacity: r.capacity ?? 0, equipment: r.equipment, accessible: r.accessible };
  } else {
    base.car = {
      plate: r.plate ?? '',
      model: r.model,
      seats: r.seats ?? 0,
      fuel: r.fuel ?? 'petrol',
      homeLocation: r.home_location,
      odometerKm: r.odometer_km ?? 0,
      serviceDue: r.service_due,
      stkDue: r.stk_due,
      blockedUntil: r.blocked_until ? r.blocked_until.toISOString() : null,
    };
  }
  return base;
}

export async function loadResource(em: EntityManager, id: string, lock = false): Promise<ResourceRow | undefined> {
  const [row]: ResourceRow[] = await em.query(`SELECT ${RESOURCE_COLUMNS} FROM resources r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export interface BookingRow {
  id: string;
  resource_id: string;
  resource_name: string;
  resource_type: ResourceType;
  title: string;
  start: Date;
  end: Date;
  blocked_until: Date;
  status: BookingStatus;
  owner_id: string;
  owner_name: string;
  series_id: string | null;
  request_id: string | null;
  booking_key: string | null;
  passengers: number;
  destination: string | null;
  version: number;
  created_at: Date;
  checked_in_at: Date | null;
  released_at: Date | null;
  shared: boolean;
  key_handed_at: Date | null;
  key_odometer_start: number | null;
  key_returned_at: Date | null;
  key_odometer_end: number | null;
  resource_seats: number | null;
  joined: Array<{ id: string; displayName: string }>;
}

export const BOOKING_SELECT = `
  SELECT b.id, b.resource_id, r.name AS resource_name, r.type AS resource_type, b.title, lower(b.during) AS start, upper(b.during) AS "end",
         upper(b.blocked) AS blocked_until, b.status, b.owner_id, u.display_name AS owner_name, b.series_id, b.request_id, b.booking_key,
         b.passengers, b.destination, b.version, b.created_at, b.checked_in_at, b.released_at, b.shared, b.key_handed_at,
         b.key_odometer_start, b.key_returned_at, b.key_odometer_end, r.seats AS resource_seats,
         COALESCE((SELECT json_agg(json_build_object('id', p.user_id, 'displayName', pu.display_name) ORDER BY p.joined_at)
                   FROM booking_passengers p JOIN users pu ON pu.id = p.user_id WHERE p.booking_id = b.id), '[]'::json) AS joined
  FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN users u ON u.id = b.owner_id`;

export function bookingInfo(b: BookingRow): BookingInfo {
  return {
    id: b.id,
    resourceId: b.resource_id,
    resourceName: b.resource_name,
    resourceType: b.resource_type,
    title: b.title,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    blockedUntil: b.blocked_until.toISOString(),
    status: b.status,
    owner: { id: b.owner_id, displayName: b.owner_name },
    seriesId: b.series_id,
    requestId: b.request_id,
    passengers: b.passengers,
    destination: b.destination,
    version: b.version,
    createdAt: b.created_at.toISOString(),
    checkedInAt: iso(b.checked_in_at),
    releasedAt: iso(b.released_at),
    shared: b.shared,
    joinedPassengers: b.joined,
    freeSeats: freeSeats(b),
    keyHandedAt: iso(b.key_handed_at),
    keyOdometerStart: b.key_odometer_start,
    keyReturnedAt: iso(b.key_returned_at),
    keyOdometerEnd: b.key_odometer_end,
  };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Seats of the car minus the driver, the passengers named at booking and the colleagues who joined. */
export function freeSeats(b: Pick<BookingRow, 'resource_type' | 'resource_seats' | 'passengers' | 'joined'>): number | null {
  if (b.resource_type !== 'car') return null;
  return Math.max(0, (b.resource_seats ?? 0) - 1 - b.passengers - b.joined.length);
}

export function busySlot(b: BookingRow): BusySlot {
  return { resourceId: b.resource_id, start: b.start.toISOString(), end: b.end.toISOString(), busy: true };
}

export async function loadBooking(em: EntityManager, id: string, lock = false): Promise<BookingRow | undefined> {
  const [row]: BookingRow[] = await em.query(`${BOOKING_SELECT} WHERE b.id = $1${lock ? ' FOR UPDATE OF b' : ''}`, [id]);
  return row;
}

export interface NewBooking {
  resourceId: string;
  ownerId: string;
  title: string;
  start: Date;
  end: Date;
  bufferMinutes: number;
  status: Exclude<BookingStatus, 'cancelled'>;
  seriesId?: string | null;
  requestId?: string | null;
  bookingKey?: string | null;
  passengers?: number;
  destination?: string | null;
  shared?: boolean;
}

/** Inserts one booking; the exclusion constraint refuses an overlap (SQLSTATE 23P01, see isExclusionViolation). */
export async function insertBooking(em: EntityManager, b: NewBooking): Promise<string> {
  const [row]: Array<{ id: string }> = await em.query(
    `INSERT INTO bookings (resource_id, owner_id, title, during, blocked, status, series_id, request_id, booking_key, passengers, destination, shared)
     VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), tstzrange($4, $5::timestamptz + make_interval(mins => $6), '[)'), $7, $8, $9, $10, $11, $12, $13)
     RETURNING id`,
    [b.resourceId, b.ownerId, b.title, b.start, b.end, b.bufferMinutes, b.status, b.seriesId ?? null, b.requestId ?? null, b.bookingKey ?? null, b.passengers ?? 0, b.destination ?? null, b.shared ?? false],
  );
  return row.id;
}

export function isExclusionViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  return err?.code === '23P01' || err?.driverError?.code === '23P01';
}

/** The first active booking of the resource whose held time overlaps [start, end + buffer). */
export async function findConflict(em: EntityManager, resourceId: string, start: Date, end: Date, bufferMinutes: number, exceptId?: string): Promise<BookingRow | undefined> {
  const [row]: BookingRow[] = await em.query(
    `${BOOKING_SELECT}
     WHERE b.resource_id = $1 AND b.status <> 'cancelled' AND b.blocked && tstzrange($2, $3::timestamptz + make_interval(mins => $4), '[)')
       AND ($5::uuid IS NULL OR b.id <> $5::uuid)
     ORDER BY lower(b.during) LIMIT 1`,
    [resourceId, start, end, bufferMinutes, exceptId ?? null],
  );
  return row;
}

export function conflictInfo(b: BookingRow, mayView: boolean): BookingConflictInfo {
  const info: BookingConflictInfo = { start: b.start.toISOString(), end: b.end.toISOString() };
  if (mayView) {
    info.bookingId = b.id;
    info.owner = { id: b.owner_id, displayName: b.owner_name };
  }
  return info;
}

export function conflictException(conflict: BookingConflictInfo | undefined): DomainException {
  const when = conflict ? ` (${formatPragueDateTimeCs(new Date(conflict.start))} – ${formatPragueDateTimeCs(new Date(conflict.end))})` : '';
  return new DomainException('BOOKING_CONFLICT', `The resource is already booked for that time${when}.`, {
    message: { cs: `Zdroj je v tu dobu už rezervován${when}.`, en: `The resource is already booked for that time${when}.` },
    ...(conflict ? { conflict } : {}),
  });
}
