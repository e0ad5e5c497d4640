import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadShippedAgendas, loginAs, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { startSystem } from '../support/system';
import { recordFault } from './report';

const run = promisify(execFile);

/**
 * The backup procedure of docs/operations.md, end to end: traffic writes requests, audit entries
 * and attachments; tools/ops/test-backup-restore.sh backs them up, restores into a fresh database
 * and directory, runs `cli audit-verify` on the copy and checks every attachment's SHA-256.
 */
describe('backup and restore', () => {
  it('restores into a fresh database with an intact audit chain and every attachment', async () => {
    const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-bk-'));
    const system = await startSystem({ ATTACHMENTS_DIR: attachmentsDir, ATTACHMENTS_MIN_FREE_MB: '0' });
    try {
      await truncateAll(system.db);
      await seedDemoOffice(system.db);
      await loadShippedAgendas(system.db);
      const filer = await loginAs(system.app, 'jnovak');
      for (let i = 0; i < 5; i++) {
        const created = await filer.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', filer.xsrf).send({ agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24' } });
        expect(created.status).toBe(201);
        const up = await filer.agent
          .post(`/api/v1/requests/${created.body.id}/attachments`)
          .query({ filename: `doklad-${i}.pdf` })
          .set('X-XSRF-TOKEN', filer.xsrf)
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from(`%PDF-1.4\n% doklad ${i}\n%%EOF\n`));
        expect(up.status).toBe(201);
      }
    } finally {
      await system.stop();
    }
    const { stdout } = await run(join(__dirname, '../../../../tools/ops/test-backup-restore.sh'), [], {
      env: { ...process.env, DATABASE_URL: process.env['DATABASE_URL'] as string, ATTACHMENTS_DIR: attachmentsDir, AGENDY_CLI_FROM_SOURCE: '1' },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/audit log intact: (\d+) rows/);
    expect(stdout).toMatch(/backup\/restore test passed: .* 5 attachments present with matching SHA-256/);
    const rows = /audit log intact: (\d+) rows/.exec(stdout)?.[1] ?? '?';
    recordFault('backup and restore (tools/ops)', 'pg_dump + attachment tarball while the system ran', `restored into a fresh database: audit-verify intact (${rows} rows), 5 of 5 attachments with matching SHA-256`);
  }, 180_000);
});
