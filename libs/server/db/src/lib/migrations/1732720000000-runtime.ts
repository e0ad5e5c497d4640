import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request runtime (issue 5): agenda registry, requests with history and tasks, the transactional
 * outbox, notifications, comments, attachments and the hash-chained audit log.
 */
export class Runtime1732720000000 implements MigrationInterface {
  name = 'Runtime1732720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agendas (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9._-]{0,79}$'),
        reference_prefix text NOT NULL UNIQUE CHECK (reference_prefix ~ '^[A-Z0-9]{1,10}$'),
        published_version integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE agenda_versions (
        agenda_code text NOT NULL REFERENCES agendas(code),
        version integer NOT NULL CHECK (version > 0),
        definition jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        PRIMARY KEY (agenda_code, version)
      )`);
    await q.query(`
      ALTER TABLE agendas ADD CONSTRAINT agendas_published_fk FOREIGN KEY (code, published_version)
        REFERENCES agenda_versions(agenda_code, version) DEFERRABLE INITIALLY DEFERRED`);
    // One row per agenda and year, locked by the transaction that files a request: numbers without gaps.
    await q.query(`
      CREATE TABLE reference_counters (
        agenda_code text NOT NULL REFERENCES agendas(code),
        year integer NOT NULL,
        last_number integer NOT NULL CHECK (last_number > 0),
        PRIMARY KEY (agenda_code, year)
      )`);
    await q.query(`
      CREATE TABLE requests (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        agenda_code text NOT NULL,
        agenda_version integer NOT NULL,
        filer_id uuid NOT NULL REFERENCES users(id),
        filer_department_id uuid,
        state text NOT NULL,
        final boolean NOT NULL,
        outcome text,
        version integer NOT NULL CHECK (version > 0),
        snapshot jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (agenda_code, agenda_version) REFERENCES agenda_versions(agenda_code, version)
      )`);
    await q.query(`CREATE INDEX requests_filer_idx ON requests (filer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX requests_agenda_state_idx ON requests (agenda_code, state)`);
    await q.query(`
      CREATE TABLE request_history (
        id text PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES requests(id),
        version integer NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        transition text,
        from_state text,
        to_state text NOT NULL,
        actor_id text NOT NULL,
        on_behalf_of text,
        comment text,
        vote text,
        changed_fields text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX request_history_request_idx ON request_history (request_id, version)`);
    // The inbox: one open row per (request, kind, party). party_key is user:<id>, role:<agenda>:<role> or dept:<id>.
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        agenda_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('work', 'vote')),
        party_key text NOT NULL,
        state text NOT NULL,
        opened_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        claimed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        claimed_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX tasks_open_unique_idx ON tasks (request_id, kind, party_key) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX tasks_inbox_idx ON tasks (party_key, created_at, id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX tasks_party_request_idx ON tasks (party_key, request_id)`);
    await q.query(`CREATE INDEX tasks_request_idx ON tasks (request_id) WHERE closed_at IS NULL`);
    // Transactional outbox: written with the state change, moved to BullMQ by the relay (job id = row id).
    await q.query(`
      CREATE TABLE outbox (
        id text PRIMARY KEY,
        request_id uuid,
        effect_type text NOT NULL,
        job text,
        effect jsonb NOT NULL,
        available_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        relayed_at timestamptz,
        relay_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        processed_at timestamptz,
        process_count integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX outbox_unrelayed_idx ON outbox (created_at, id) WHERE relayed_at IS NULL AND job IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_unprocessed_idx ON outbox (available_at) WHERE processed_at IS NULL AND relayed_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_request_idx ON outbox (request_id)`);
    await q.query(`
      CREATE TABLE request_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_comments_request_idx ON request_comments (request_id, created_at)`);
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES requests(id),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        media_type text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachments_request_idx ON attachments (request_id, created_at)`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        request_id uuid REFERENCES requests(id),
        effect_id text,
        template text,
        message_cs text NOT NULL,
        message_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        email_status text NOT NULL DEFAULT 'pending' CHECK (email_status IN ('pending', 'sending', 'sent', 'skipped')),
        emailed_at timestamptz,
        UNIQUE (effect_id, user_id)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    // Audit: append-only, chained through the single head row every writer locks (no forks).
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL,
        actor_id text,
        on_behalf_of text,
        action text NOT NULL,
        object_type text,
        object_id text,
        ip text,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        last_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_chain_head', 'audit_log', 'notifications', 'attachments', 'request_comments', 'outbox', 'tasks', 'request_history', 'requests', 'reference_counters']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP FUNCTION audit_log_refuse_change()`);
    await q.query(`ALTER TABLE agendas DROP CONSTRAINT agendas_published_fk`);
    await q.query(`DROP TABLE agenda_versions`);
    await q.query(`DROP TABLE agendas`);
  }
}
