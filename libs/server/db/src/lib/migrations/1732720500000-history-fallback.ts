import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assignment never routes to nobody (issue 19, ADR 0004): a step or vote taken by the fallback of a
 * vacant party records on whose behalf — the party's engine key (`role:legal`, `dept:<id>`,
 * `user:<id>`) — so the history can say "za neobsazenou roli …". Written by feature-requests only.
 */
export class HistoryFallback1732720500000 implements MigrationInterface {
  name = 'HistoryFallback1732720500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_history ADD COLUMN fallback_for text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_history DROP COLUMN fallback_for`);
  }
}
