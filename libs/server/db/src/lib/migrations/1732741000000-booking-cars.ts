import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Booking, second slice (issue 8): room check-in (no-show release), key handover and return of a
 * car booking, car sharing (colleagues joining a trip as passengers), drivers' licence and
 * driver-training dates, and the tokens of the iCal feeds.
 */
export class BookingCars1732741000000 implements MigrationInterface {
  name = 'BookingCars1732741000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bookings
        ADD COLUMN checked_in_at timestamptz,
        ADD COLUMN released_at timestamptz,
        ADD COLUMN shared boolean NOT NULL DEFAULT false,
        ADD COLUMN key_handed_at timestamptz,
        ADD COLUMN key_odometer_start integer CHECK (key_odometer_start IS NULL OR key_odometer_start >= 0),
        ADD COLUMN key_returned_at timestamptz,
        ADD COLUMN key_odometer_end integer CHECK (key_odometer_end IS NULL OR key_odometer_end >= 0)`);
    await q.query(`
      CREATE TABLE booking_passengers (
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (booking_id, user_id)
      )`);
    await q.query(`CREATE INDEX booking_passengers_user_idx ON booking_passengers (user_id)`);
    await q.query(`
      CREATE TABLE driver_licences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        licence_valid_until date NOT NULL,
        training_valid_until date NOT NULL,
        confirmed_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES users(id)
      )`);
    await q.query(`
      CREATE TABLE booking_feed_tokens (
        token text PRIMARY KEY CHECK (length(token) >= 32),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        resource_id uuid REFERENCES resources(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX booking_feed_tokens_active_idx ON booking_feed_tokens (user_id, COALESCE(resource_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE booking_feed_tokens, driver_licences, booking_passengers`);
    await q.query(`
      ALTER TABLE bookings DROP COLUMN checked_in_at, DROP COLUMN released_at, DROP COLUMN shared, DROP COLUMN key_handed_at,
        DROP COLUMN key_odometer_start, DROP COLUMN key_returned_at, DROP COLUMN key_odometer_end`);
  }
}
