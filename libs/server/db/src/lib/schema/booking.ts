import { Booking1732740000000 } from '../migrations/1732740000000-booking';
import { BookingCars1732741000000 } from '../migrations/1732741000000-booking-cars';
import { BookingFeedTokensHashed1732741100000 } from '../migrations/1732741100000-booking-feed-tokens-hashed';
import type { SchemaPart } from './schema-part';

/**
 * Resources, booking rules, bookings (exclusion constraint), series and the trip logbook (issue 8).
 * Migrations: 17327400xxxxx-*. No entities: the booking service uses explicit SQL (tstzrange, the
 * exclusion constraint's SQLSTATE 23P01, savepoints per occurrence) that the repository API would hide.
 */
export const BOOKING_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Booking1732740000000, BookingCars1732741000000, BookingFeedTokensHashed1732741100000],
};
