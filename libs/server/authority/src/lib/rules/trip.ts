import { defineRule } from '../decision';

/**
 * A car's trip logbook (kniha jízd). Every employee may open a car's logbook and sees their own
 * trips in it; fleet managers see and write every trip. Writing a trip without one's own booking,
 * or for another driver, is the fleet manager's (decided per trip by `mayLogTrip`).
 */
export interface CarFacts {
  /** The id names a car (not a room, not nothing). */
  isCar: boolean;
}

export const carRule = defineRule<CarFacts, 'logbook'>({
  describe: "a car's trip logbook: every employee opens it and sees their own trips; fleet managers see all",
  actions: { logbook: 'read, export or write trips (rows and writes limited to one’s own bookings unless fleet manager)' },
  id: 'uuid',
  decide: (f) => (f.isCar ? 'allow' : 'hide'),
});

/** A row of the logbook is shown to its driver and to fleet managers. */
export function mayReadTrip(who: { userId: string; fleetManager: boolean }, trip: { driverId: string | null }): boolean {
  return who.fleetManager || trip.driverId === who.userId;
}

/**
 * Logging a trip: the driver of their own booking, or the fleet manager for any booking, without
 * one, or for another driver. `hide` when the named booking is not the driver's (404: no such
 * booking of this car), `forbid` otherwise.
 */
export function mayLogTrip(who: { userId: string; fleetManager: boolean }, trip: { bookingOwnerId: string | null | undefined; driverId?: string }): 'allow' | 'hide' | 'forbid' {
  if (who.fleetManager) return 'allow';
  if (trip.bookingOwnerId === undefined) return 'forbid';
  if (trip.bookingOwnerId !== who.userId) return 'hide';
  if (trip.driverId && trip.driverId !== who.userId) return 'forbid';
  return 'allow';
}
