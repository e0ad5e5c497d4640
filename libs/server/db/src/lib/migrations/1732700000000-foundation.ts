import { MigrationInterface, QueryRunner } from 'typeorm';

/** Directory, sessions and worker liveness: what login and the home page need. */
export class Foundation1732700000000 implements MigrationInterface {
  name = 'Foundation1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{1,20}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_en text,
        parent_id uuid REFERENCES departments(id) ON DELETE SET NULL,
        head_user_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 100),
        display_name text NOT NULL,
        email text,
        title text,
        department_id uuid REFERENCES departments(id) ON DELETE SET NULL,
        password_hash text,
        auth_source text NOT NULL CHECK (auth_source IN ('local', 'ldap')),
        roles text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_department_idx ON users (department_id)`);
    await q.query(`ALTER TABLE departments ADD CONSTRAINT departments_head_fk FOREIGN KEY (head_user_id) REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_idle_expires_idx ON sessions (idle_expires_at)`);
    await q.query(`
      CREATE TABLE worker_heartbeats (
        worker_id text PRIMARY KEY,
        hostname text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        beats bigint NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE worker_heartbeats`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`ALTER TABLE departments DROP CONSTRAINT departments_head_fk`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE departments`);
  }
}
