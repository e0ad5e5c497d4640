import { defineRule, type Decision } from '../decision';
import type { Subject } from '../subject';

/**
 * Bookings of rooms and cars (docs/booking.md). The resource managers are the booking agendas'
 * roles — facility managers for rooms, fleet managers for cars — held through a directory group;
 * the system-admin role manages nothing here (ADR 0004). The area (feature-booking) works out which
 * types a person manages from the published agendas and hands it over as `manages`.
 */
export type ResourceKind = 'room' | 'car';

export interface BookingManager {
  /** Resource types whose resources and bookings this person manages. */
  manages: ReadonlySet<ResourceKind> | readonly ResourceKind[];
}

function managesType(who: BookingManager, type: ResourceKind): boolean {
  return Array.isArray(who.manages) ? who.manages.includes(type) : (who.manages as ReadonlySet<ResourceKind>).has(type);
}

export function managesAny(who: BookingManager): boolean {
  return Array.isArray(who.manages) ? who.manages.length > 0 : (who.manages as ReadonlySet<ResourceKind>).size > 0;
}

/** The owner and the type's managers see a booking's details; others see it as a busy slot. */
export function maySeeBooking(who: BookingManager & { userId: string }, booking: { ownerId: string; type: ResourceKind }): boolean {
  return booking.ownerId === who.userId || managesType(who, booking.type);
}

export function managesResourceType(who: BookingManager, type: ResourceKind): boolean {
  return managesType(who, type);
}

/** A resource's "who may book" lists (empty = everyone); its managers may always book it. */
export function mayBookResource(
  who: BookingManager & Pick<Subject, 'roles'> & { departmentCode: string | null },
  resource: { type: ResourceKind; allowedRoles: readonly string[]; allowedDepartments: readonly string[] },
): boolean {
  if (managesType(who, resource.type)) return true;
  if (resource.allowedRoles.length > 0 && !resource.allowedRoles.some((role) => who.roles.includes(role))) return false;
  if (resource.allowedDepartments.length > 0 && !(who.departmentCode && resource.allowedDepartments.includes(who.departmentCode))) return false;
  return true;
}

/** One booking (or series) and the person asking. */
export interface BookingFacts {
  owner: boolean;
  /** Manages the booking's resource type. */
  manager: boolean;
  /** A confirmed or pending car booking its driver offers to share. */
  sharedCarTrip: boolean;
  /** Rides along on that trip. */
  passenger: boolean;
}

export type BookingAction = 'read' | 'change' | 'join' | 'leave';

export function decideBooking(f: BookingFacts, action: BookingAction): Decision {
  switch (action) {
    case 'read':
    case 'change':
      return f.owner || f.manager ? 'allow' : 'hide';
    case 'join':
      // Anyone may ride along on a shared trip (the driver is told 409: no joining one's own).
      return f.sharedCarTrip ? 'allow' : 'hide';
    case 'leave':
      return f.passenger ? 'allow' : 'hide';
  }
}

export const bookingRule = defineRule<BookingFacts, BookingAction>({
  describe: 'a booking of a room or car: its owner and the managers of its resource type; a shared car trip: anyone may join, passengers leave',
  actions: { read: 'see its details', change: 'move, rename, cancel, check in, hand over and return keys', join: 'ride along on a shared trip', leave: 'stop riding along' },
  id: 'uuid',
  decide: decideBooking,
});

export const bookingSeriesRule = defineRule<Pick<BookingFacts, 'owner' | 'manager'>, 'change'>({
  describe: 'a recurring booking: its owner and the managers of its resource type',
  actions: { change: 'change or cancel every future occurrence' },
  id: 'uuid',
  decide: (f) => (f.owner || f.manager ? 'allow' : 'hide'),
});

/** A resource (room, car) for its managers; `exists` false for an unknown id. */
export interface ResourceFacts {
  exists: boolean;
  managesAny: boolean;
  /** Manages this resource's type. */
  managesType: boolean;
}

/**
 * Managing resources needs a manager role first (403 for everyone else, whatever the id), then an
 * existing resource (404), then the role of its type (403).
 */
export const resourceRule = defineRule<ResourceFacts, 'manage'>({
  describe: 'a room or car as managed: facility managers (rooms), fleet managers (cars)',
  actions: { manage: 'change or retire it' },
  id: 'uuid',
  decide: (f) => (!f.managesAny ? 'forbid' : !f.exists ? 'hide' : f.managesType ? 'allow' : 'forbid'),
});

/**
 * The booking rules of a resource type: a manager role first (403 for everyone else), then the
 * role of that type (403). A value that names no type is left to the handler's validation (400).
 */
export const resourceTypeRule = defineRule<Pick<ResourceFacts, 'managesAny' | 'managesType'> & { known: boolean }, 'manage'>({
  describe: 'the booking rules of a resource type: its managers',
  actions: { manage: 'set the booking rules of the type' },
  id: 'any',
  decide: (f) => (!f.managesAny ? 'forbid' : !f.known || f.managesType ? 'allow' : 'forbid'),
});
