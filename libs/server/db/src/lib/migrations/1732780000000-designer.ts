import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agenda designer (issue 10): drafts are edited in place, so a version remembers when it last
 * changed; an agenda has at most one draft at a time, so two administrators never publish
 * different drafts of the same agenda as "the next version".
 */
export class Designer1732780000000 implements MigrationInterface {
  name = 'Designer1732780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agenda_versions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE agenda_versions ADD COLUMN updated_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`CREATE UNIQUE INDEX agenda_versions_one_draft_idx ON agenda_versions (agenda_code) WHERE status = 'draft'`);
    await q.query(`CREATE INDEX requests_running_version_idx ON requests (agenda_code, agenda_version) WHERE NOT final`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_running_version_idx`);
    await q.query(`DROP INDEX agenda_versions_one_draft_idx`);
    await q.query(`ALTER TABLE agenda_versions DROP COLUMN updated_by`);
    await q.query(`ALTER TABLE agenda_versions DROP COLUMN updated_at`);
  }
}
