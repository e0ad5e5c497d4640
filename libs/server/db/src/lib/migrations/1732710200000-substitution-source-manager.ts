import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ADR 0004 (separation of duties): substitutions are named by the absent person or by their line
 * manager, no longer by system administrators. The new source `manager` records the second way;
 * `admin` stays valid for the rows system administrators created before.
 */
export class SubstitutionSourceManager1732710200000 implements MigrationInterface {
  name = 'SubstitutionSourceManager1732710200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE substitutions DROP CONSTRAINT IF EXISTS substitutions_source_check`);
    await q.query(`ALTER TABLE substitutions ADD CONSTRAINT substitutions_source_check CHECK (source IN ('self', 'manager', 'admin', 'leave'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE substitutions SET source = 'admin' WHERE source = 'manager'`);
    await q.query(`ALTER TABLE substitutions DROP CONSTRAINT IF EXISTS substitutions_source_check`);
    await q.query(`ALTER TABLE substitutions ADD CONSTRAINT substitutions_source_check CHECK (source IN ('self', 'admin', 'leave'))`);
  }
}
