import { MigrationInterface, QueryRunner } from 'typeorm';

/** Directory profiles, TOTP, substitutions (zástup), role mappings and per-agenda grants (issue 4). */
export class Identity1732710000000 implements MigrationInterface {
  name = 'Identity1732710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_directory (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        dn text NOT NULL,
        manager_dn text,
        groups text[] NOT NULL DEFAULT '{}',
        synced_at timestamptz NOT NULL,
        checked_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX user_directory_dn_idx ON user_directory (lower(dn))`);
    await q.query(`CREATE INDEX user_directory_manager_dn_idx ON user_directory (lower(manager_dn))`);
    await q.query(`
      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
        enabled boolean NOT NULL DEFAULT false,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE substitutions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        principal_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        deputy_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('self', 'admin', 'leave')),
        source_request_id text,
        note text CHECK (length(note) <= 500),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CHECK (principal_user_id <> deputy_user_id),
        CHECK (valid_to > valid_from),
        CHECK ((source = 'leave') = (source_request_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX substitutions_deputy_active_idx ON substitutions (deputy_user_id, valid_to) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX substitutions_principal_idx ON substitutions (principal_user_id)`);
    // An approved leave activates its substitution once, however often the runtime retries.
    await q.query(`CREATE UNIQUE INDEX substitutions_leave_once_idx ON substitutions (source_request_id, deputy_user_id) WHERE source = 'leave'`);
    await q.query(`
      CREATE TABLE role_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_name text NOT NULL CHECK (length(group_name) BETWEEN 1 AND 500),
        role text NOT NULL CHECK (role IN ('employee', 'manager', 'director', 'agenda-officer', 'agenda-admin', 'auditor', 'system-admin')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX role_mappings_group_role_idx ON role_mappings (lower(group_name), role)`);
    await q.query(`
      CREATE TABLE agenda_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('user', 'role', 'group')),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
        agenda_code text NOT NULL CHECK (agenda_code ~ '^[a-z0-9][a-z0-9._-]{0,79}$'),
        "grant" text NOT NULL CHECK ("grant" IN ('officer', 'admin', 'auditor')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX agenda_grants_unique_idx ON agenda_grants (subject_type, lower(subject), agenda_code, "grant")`);
    await q.query(`CREATE INDEX agenda_grants_agenda_idx ON agenda_grants (agenda_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agenda_grants`);
    await q.query(`DROP TABLE role_mappings`);
    await q.query(`DROP TABLE substitutions`);
    await q.query(`DROP TABLE user_totp`);
    await q.query(`DROP TABLE user_directory`);
  }
}
