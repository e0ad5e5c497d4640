import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registers (issue 11): internal regulations with acknowledgements, the contract register, council
 * sessions with their materials. Rows are written by the worker's publishToRegister handler (one
 * row per request, upserted: a re-run of the effect changes nothing) and by the registers api.
 *
 * Full-text search: PostgreSQL 15 ships no Czech dictionary, so `agendy_cs` is the `simple`
 * configuration behind `unaccent` — "smernice", "Směrnice" and "SMĚRNICE" are the same lexeme.
 * `unaccent` is a trusted extension (no superuser needed).
 */
export class Registers1732770000000 implements MigrationInterface {
  name = 'Registers1732770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION agendy_cs (COPY = simple)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION agendy_cs ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple`,
    );
    await q.query(`
      CREATE TABLE regulations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES requests(id),
        number text NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        regulation_type text NOT NULL,
        summary text,
        body_text text,
        effective_from date,
        effective_to date,
        repeals_number text,
        replaced_by_number text,
        document_code text,
        document_key text,
        published_at timestamptz NOT NULL DEFAULT now(),
        repealed_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('agendy_cs'::regconfig, number || ' ' || title), 'A') ||
          setweight(to_tsvector('agendy_cs'::regconfig, coalesce(summary, '') || ' ' || coalesce(body_text, '')), 'B')
        ) STORED,
        CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from)
      )`);
    await q.query(`CREATE INDEX regulations_search_idx ON regulations USING gin (search)`);
    await q.query(`
      CREATE TABLE regulation_acknowledgements (
        regulation_id uuid NOT NULL REFERENCES regulations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        required boolean NOT NULL DEFAULT true,
        acknowledged_at timestamptz,
        PRIMARY KEY (regulation_id, user_id)
      )`);
    await q.query(`CREATE INDEX regulation_ack_pending_idx ON regulation_acknowledgements (user_id) WHERE acknowledged_at IS NULL`);
    await q.query(`
      CREATE TABLE contracts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES requests(id),
        reference text NOT NULL,
        department_id uuid REFERENCES departments(id) ON DELETE SET NULL,
        document_type text NOT NULL CHECK (document_type IN ('smlouva', 'objednavka', 'dodatek')),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
        counterparty_name text NOT NULL CHECK (length(counterparty_name) BETWEEN 1 AND 200),
        counterparty_ico text NOT NULL CHECK (counterparty_ico ~ '^[0-9]{8}$'),
        amount_without_vat bigint CHECK (amount_without_vat >= 0),
        amount_with_vat bigint CHECK (amount_with_vat >= 0),
        signed_on date,
        publication_required boolean NOT NULL,
        publication_deadline date,
        register_id text CHECK (register_id ~ '^[0-9]{5,10}$'),
        published_on date,
        document_code text,
        document_key text,
        reminded_at timestamptz,
        escalated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((register_id IS NULL) = (published_on IS NULL))
      )`);
    await q.query(`CREATE INDEX contracts_pending_idx ON contracts (publication_deadline) WHERE publication_required AND published_on IS NULL`);
    await q.query(`
      CREATE TABLE council_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_date date NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        place text CHECK (length(place) <= 200),
        agenda_note text CHECK (length(agenda_note) <= 5000),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX council_sessions_date_idx ON council_sessions (session_date DESC)`);
    await q.query(`
      CREATE TABLE council_session_items (
        session_id uuid NOT NULL REFERENCES council_sessions(id) ON DELETE CASCADE,
        request_id uuid NOT NULL REFERENCES requests(id),
        position integer NOT NULL CHECK (position BETWEEN 1 AND 300),
        resolution_number text CHECK (resolution_number ~ '^[0-9]{1,5}/[0-9]{2}/RK$'),
        resolution_outcome text CHECK (resolution_outcome IN ('prijato', 'neprijato', 'odlozeno', 'vzato-na-vedomi')),
        recorded_at timestamptz,
        PRIMARY KEY (session_id, request_id),
        UNIQUE (session_id, position) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE INDEX council_session_items_request_idx ON council_session_items (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['council_session_items', 'council_sessions', 'contracts', 'regulation_acknowledgements', 'regulations']) await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION agendy_cs`);
  }
}
