import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookings of meeting rooms and service cars (issue 8). Conflicts are prevented by the database:
 * an exclusion constraint over (resource_id, blocked) for every booking that is not cancelled, where
 * `blocked` is the booked time extended by the resource type's buffer (cleaning, charging). A
 * check-then-insert in code is not enough under concurrency (DESIGN.md §7).
 */
export class Booking1732740000000 implements MigrationInterface {
  name = 'Booking1732740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('room', 'car')),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text,
        active boolean NOT NULL DEFAULT true,
        needs_approval boolean NOT NULL DEFAULT false,
        allowed_roles text[] NOT NULL DEFAULT '{}',
        allowed_departments text[] NOT NULL DEFAULT '{}',
        building text,
        floor integer,
        capacity integer CHECK (capacity IS NULL OR capacity > 0),
        equipment text[] NOT NULL DEFAULT '{}',
        accessible boolean NOT NULL DEFAULT false,
        plate text,
        model text,
        seats integer CHECK (seats IS NULL OR seats > 0),
        fuel text CHECK (fuel IS NULL OR fuel IN ('petrol', 'diesel', 'electric', 'hybrid', 'cng', 'lpg')),
        home_location text,
        odometer_km integer CHECK (odometer_km IS NULL OR odometer_km >= 0),
        service_due date,
        stk_due date,
        blocked_until timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (type, code),
        CHECK (type <> 'room' OR capacity IS NOT NULL),
        CHECK (type <> 'car' OR (plate IS NOT NULL AND seats IS NOT NULL AND fuel IS NOT NULL AND odometer_km IS NOT NULL))
      )`);
    // One row per resource type; minutes are wall-clock minutes in Europe/Prague.
    await q.query(`
      CREATE TABLE booking_rules (
        resource_type text PRIMARY KEY CHECK (resource_type IN ('room', 'car')),
        min_notice_minutes integer NOT NULL DEFAULT 0 CHECK (min_notice_minutes >= 0),
        max_advance_days integer NOT NULL DEFAULT 365 CHECK (max_advance_days > 0),
        min_duration_minutes integer NOT NULL DEFAULT 15 CHECK (min_duration_minutes > 0),
        max_duration_minutes integer NOT NULL DEFAULT 600 CHECK (max_duration_minutes >= min_duration_minutes),
        buffer_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 1440),
        business_start_minute integer CHECK (business_start_minute BETWEEN 0 AND 1440),
        business_end_minute integer CHECK (business_end_minute BETWEEN 0 AND 1440),
        business_days integer[] NOT NULL DEFAULT '{1,2,3,4,5,6,7}',
        max_active_per_user integer CHECK (max_active_per_user IS NULL OR max_active_per_user > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((business_start_minute IS NULL) = (business_end_minute IS NULL)),
        CHECK (business_start_minute IS NULL OR business_start_minute < business_end_minute)
      )`);
    await q.query(`
      INSERT INTO booking_rules (resource_type, min_notice_minutes, max_advance_days, min_duration_minutes, max_duration_minutes, buffer_minutes,
                                 business_start_minute, business_end_minute, business_days, max_active_per_user)
      VALUES ('room', 0, 365, 15, 600, 0, 420, 1200, '{1,2,3,4,5}', 50),
             ('car', 60, 90, 30, 4320, 30, NULL, NULL, '{1,2,3,4,5,6,7}', 5)`);
    await q.query(`
      CREATE TABLE booking_blackouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_type text NOT NULL CHECK (resource_type IN ('room', 'car')),
        resource_id uuid REFERENCES resources(id) ON DELETE CASCADE,
        during tstzrange NOT NULL CHECK (NOT isempty(during)),
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX booking_blackouts_during_idx ON booking_blackouts USING gist (resource_type, during)`);
    await q.query(`
      CREATE TABLE booking_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources(id),
        owner_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL,
        rrule text NOT NULL,
        first_start timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources(id),
        owner_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
        blocked tstzrange NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled')),
        series_id uuid REFERENCES booking_series(id),
        request_id uuid REFERENCES requests(id),
        booking_key text,
        passengers integer NOT NULL DEFAULT 0 CHECK (passengers >= 0),
        destination text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users(id),
        CHECK (blocked @> during),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, blocked WITH &&) WHERE (status <> 'cancelled')
      )`);
    await q.query(`CREATE INDEX bookings_owner_idx ON bookings (owner_id, lower(during))`);
    await q.query(`CREATE INDEX bookings_series_idx ON bookings (series_id) WHERE series_id IS NOT NULL`);
    await q.query(`CREATE INDEX bookings_request_idx ON bookings (request_id) WHERE request_id IS NOT NULL`);
    await q.query(`CREATE INDEX bookings_key_idx ON bookings (booking_key) WHERE booking_key IS NOT NULL`);
    // Kniha jízd: one row per trip; km derived; the car row is locked while a trip is logged.
    await q.query(`
      CREATE TABLE trip_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources(id),
        booking_id uuid REFERENCES bookings(id),
        driver_id uuid NOT NULL REFERENCES users(id),
        departed_at timestamptz NOT NULL,
        arrived_at timestamptz NOT NULL,
        start_place text NOT NULL,
        end_place text NOT NULL,
        purpose text NOT NULL,
        odometer_start integer NOT NULL CHECK (odometer_start >= 0),
        odometer_end integer NOT NULL,
        km integer GENERATED ALWAYS AS (odometer_end - odometer_start) STORED,
        continuity_gap_km integer NOT NULL DEFAULT 0,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (odometer_end >= odometer_start),
        CHECK (arrived_at > departed_at)
      )`);
    await q.query(`CREATE INDEX trip_logs_resource_idx ON trip_logs (resource_id, departed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trip_logs, bookings, booking_series, booking_blackouts, booking_rules, resources`);
  }
}
