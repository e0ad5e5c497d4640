import type { AreaError } from './area-error';

/**
 * Stable error codes of the booking area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const BOOKING_ERRORS = {
  /** The resource is already booked for (part of) the time, buffers included; carries the conflicting booking's time. */
  BOOKING_CONFLICT: { status: 409, title: 'The resource is already booked for that time' },
  /** Car sharing: no free seat left in the car for this trip. */
  TRIP_FULL: { status: 409, title: 'No free seat is left on this trip' },
} as const satisfies Record<string, AreaError>;
