import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents and electronic signing (issue 7): generated PDFs (versioned per request and template; a
 * signed version is never regenerated, only superseded), ordered signature tasks, per-agenda
 * document templates edited by administrators, and the office PKI (CA, employee and seal keys
 * encrypted under a key-encryption key from the environment, revocation for the CRL).
 */
export class Documents1732750000000 implements MigrationInterface {
  name = 'Documents1732750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_templates (
        agenda_code text NOT NULL,
        code text NOT NULL,
        body jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agenda_code, code)
      )`);
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        template_code text NOT NULL,
        document_key text NOT NULL UNIQUE,
        version integer NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('generated', 'signing', 'signed', 'superseded')),
        signed_at timestamptz,
        superseded_at timestamptz,
        title text NOT NULL,
        file_name text NOT NULL,
        pdf bytea NOT NULL,
        sha256 text NOT NULL,
        size integer NOT NULL,
        -- Places of the visible signature boxes: [{page, rect}] in the order of the signers.
        signature_slots jsonb NOT NULL DEFAULT '[]',
        -- The outbox row whose effect produced it: exactly one document per effect.
        outbox_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, template_code, version)
      )`);
    await q.query(`CREATE INDEX documents_request_idx ON documents (request_id, template_code, version DESC)`);
    await q.query(`
      CREATE TABLE signature_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        request_id uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        outbox_id text NOT NULL,
        position integer NOT NULL,
        sign_order integer NOT NULL,
        level text NOT NULL CHECK (level IN ('simple', 'advanced', 'qualified', 'seal')),
        party jsonb,
        party_key text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'cancelled')),
        signed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        on_behalf_of uuid REFERENCES users(id) ON DELETE SET NULL,
        signer_name text,
        signed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (outbox_id, position)
      )`);
    await q.query(`CREATE INDEX signature_tasks_document_idx ON signature_tasks (document_id, sign_order)`);
    await q.query(`CREATE INDEX signature_tasks_pending_idx ON signature_tasks (party_key) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE pki_authorities (
        id text PRIMARY KEY CHECK (id IN ('office-ca')),
        cert_der bytea NOT NULL,
        key_blob jsonb,
        next_serial bigint NOT NULL DEFAULT 4096,
        crl_number bigint NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE signing_certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('employee', 'seal')),
        source text NOT NULL CHECK (source IN ('issued', 'uploaded')),
        serial text NOT NULL,
        subject text NOT NULL,
        issuer text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        fingerprint256 text NOT NULL,
        cert_der bytea NOT NULL,
        chain_der bytea[] NOT NULL DEFAULT '{}',
        key_blob jsonb NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        revoked_at timestamptz,
        revocation_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((purpose = 'seal') = (user_id IS NULL))
      )`);
    // One active certificate per employee and one active office seal.
    await q.query(`CREATE UNIQUE INDEX signing_certificates_active_user ON signing_certificates (user_id) WHERE status = 'active' AND user_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX signing_certificates_active_seal ON signing_certificates (purpose) WHERE status = 'active' AND purpose = 'seal'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signing_certificates`);
    await q.query(`DROP TABLE pki_authorities`);
    await q.query(`DROP TABLE signature_tasks`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE document_templates`);
  }
}
