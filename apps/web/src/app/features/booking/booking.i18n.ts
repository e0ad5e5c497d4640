/**
 * UI strings of the booking area that must live in the app's dictionaries (error sentences, route
 * titles), joined by core/i18n/cs.ts and en.ts. Everything else is in ./booking-texts.ts, loaded
 * with the lazy /rezervace route so the initial bundle does not grow.
 */
export const bookingCs = {
  'error.TRIP_FULL': 'Ve voze už není volné místo.',
  'booking.findTitle': 'Najít volný termín',
  'booking.tripsTitle': 'Služební jízdy',
  'booking.logbookTitle': 'Kniha jízd',
  'booking.adminTitle': 'Správa místností a vozidel',
} as const satisfies Record<string, string>;

export const bookingEn: Record<keyof typeof bookingCs, string> = {
  'error.TRIP_FULL': 'No free seat is left in the car.',
  'booking.findTitle': 'Find a slot',
  'booking.tripsTitle': 'Car trips',
  'booking.logbookTitle': 'Trip logbook',
  'booking.adminTitle': 'Rooms and cars administration',
};
