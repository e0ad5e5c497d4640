import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance (issue 9): clock events, working-time models, company days off, leave accounts
 * (carry-over and HR adjustments) and the marker of leave requests whose deputies were activated.
 * Leave balances, corrections and timesheet states are derived from the requests themselves.
 */
export class Attendance1732760000000 implements MigrationInterface {
  name = 'Attendance1732760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attendance_work_models (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        weekly_minutes integer NOT NULL CHECK (weekly_minutes BETWEEN 60 AND 2400),
        kind text NOT NULL CHECK (kind IN ('fixed', 'flexible')),
        start_time text CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        core_from text CHECK (core_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        core_to text CHECK (core_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        employment_start date,
        leave_weeks numeric(3,1) NOT NULL DEFAULT 5 CHECK (leave_weeks BETWEEN 4 AND 8),
        sick_days integer NOT NULL DEFAULT 0 CHECK (sick_days BETWEEN 0 AND 10),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CHECK (core_from IS NULL OR core_to IS NULL OR core_from < core_to)
      )`);
    // (user, at, type) is unique so a terminal that retries a POST never records the event twice.
    await q.query(`
      CREATE TABLE attendance_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('in', 'out', 'break-start', 'break-end', 'trip-start', 'trip-end', 'doctor', 'home-office')),
        at timestamptz NOT NULL,
        note text CHECK (length(note) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        UNIQUE (user_id, at, type)
      )`);
    await q.query(`
      CREATE TABLE attendance_company_days_off (
        day date PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
      )`);
    await q.query(`
      CREATE TABLE attendance_leave_accounts (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        carried_minutes integer NOT NULL DEFAULT 0 CHECK (carried_minutes >= 0),
        adjustment_minutes integer NOT NULL DEFAULT 0,
        note text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, year)
      )`);
    await q.query(`
      CREATE TABLE attendance_leave_deputies (
        request_id uuid PRIMARY KEY REFERENCES requests(id),
        activated_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX requests_attendance_filer_idx ON requests (agenda_code, filer_id) WHERE agenda_code IN ('leave-request', 'attendance-correction', 'attendance-timesheet', 'training-request')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_attendance_filer_idx`);
    for (const t of ['attendance_leave_deputies', 'attendance_leave_accounts', 'attendance_company_days_off', 'attendance_events', 'attendance_work_models']) await q.query(`DROP TABLE ${t}`);
  }
}
