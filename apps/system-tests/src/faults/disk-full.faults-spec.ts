/* eslint-disable @nx/enforce-module-boundaries -- the storage edge of the attachment service is replaced here, as a full disk would behave */
import { mkdtempSync, readdirSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadShippedAgendas, loginAs, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { AttachmentsService } from '../../../../libs/server/feature-requests/src/lib/attachments.service';
import { RunningSystem, startSystem } from '../support/system';
import { recordFault } from './report';

/**
 * A full attachment disk. Two ways, both without root:
 * 1. the store really has less free space than ATTACHMENTS_MIN_FREE_MB (set above what this
 *    machine has free): uploads are refused before a byte is written;
 * 2. the disk fills up in the middle of a file: the write stream at the storage edge
 *    (AttachmentsService.openForWrite) fails with ENOSPC after 64 kB, as the kernel would.
 * Either way the client gets 503 SERVICE_UNAVAILABLE, and there is no attachment row, no audit
 * entry and no partial file. Then the disk has room again and the same upload goes through.
 */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(256 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);

async function fileRequest(system: RunningSystem): Promise<{ id: string; upload: () => Promise<{ status: number; body: { code?: string }; headers: Record<string, string> }> }> {
  const owner = await loginAs(system.app, 'jnovak');
  const created = await owner.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', owner.xsrf).send({ agenda: 'leave-request', data: { type: 'dovolena' } });
  expect(created.status).toBe(201);
  return {
    id: created.body.id,
    upload: () =>
      owner.agent
        .post(`/api/v1/requests/${created.body.id}/attachments`)
        .query({ filename: 'sken.pdf' })
        .set('X-XSRF-TOKEN', owner.xsrf)
        .set('Content-Type', 'application/octet-stream')
        .send(PDF),
  };
}

async function attachmentRows(system: RunningSystem): Promise<{ rows: number; audits: number }> {
  const [a]: Array<{ n: number }> = await system.db.query(`SELECT count(*)::int AS n FROM attachments`);
  const [b]: Array<{ n: number }> = await system.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment.upload'`).catch(() => [{ n: -1 }]);
  return { rows: a.n, audits: b.n };
}

describe('fault: the attachment disk is full', () => {
  let system: RunningSystem | undefined;
  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  it('refuses uploads up front while the store has less than ATTACHMENTS_MIN_FREE_MB free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agendy-full-'));
    const fs = statfsSync(dir);
    const freeMb = Math.floor((fs.bavail * fs.bsize) / 1024 / 1024);
    system = await startSystem({ ATTACHMENTS_DIR: dir, ATTACHMENTS_MIN_FREE_MB: String(freeMb + 1024) });
    await truncateAll(system.db);
    await seedDemoOffice(system.db);
    await loadShippedAgendas(system.db);
    const { upload } = await fileRequest(system);
    const res = await upload();
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
    expect(filesUnder(dir)).toEqual([]);
    expect(await attachmentRows(system)).toEqual({ rows: 0, audits: 0 });
    recordFault('attachment disk below the free-space floor', `${freeMb} MB free < ATTACHMENTS_MIN_FREE_MB: upload answered 503 SERVICE_UNAVAILABLE + Retry-After before reading the body`, 'no file, no attachment row, no audit entry');
  }, 90_000);

  it('cleans up a file the disk could not hold, and takes it once there is room', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agendy-enospc-'));
    system = await startSystem({ ATTACHMENTS_DIR: dir, ATTACHMENTS_MIN_FREE_MB: '0' });
    await truncateAll(system.db);
    await seedDemoOffice(system.db);
    await loadShippedAgendas(system.db);
    const service = system.app.get(AttachmentsService, { strict: false }) as unknown as { openForWrite: (path: string) => Writable };
    const real = service.openForWrite.bind(service);
    let diskFull = true;
    service.openForWrite = (path: string) => {
      const file = real(path);
      if (!diskFull) return file;
      let written = 0;
      // Writes go through to a real file until 64 kB, then the "disk" is full.
      return new Writable({
        write(chunk: Buffer, _enc, cb) {
          written += chunk.length;
          if (written > 64 * 1024) return cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
          file.write(chunk, cb);
        },
        final(cb) {
          file.end(cb);
        },
        destroy(err, cb) {
          file.destroy();
          cb(err);
        },
      });
    };
    const { upload } = await fileRequest(system);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await upload();
      statuses.push(res.status);
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toMatch(/ENOSPC|\/tmp\//);
    }
    expect(statuses).toEqual([503, 503, 503]);
    // destroy() of the write stream and the rm run after the answer: give them a moment.
    await new Promise((r) => setTimeout(r, 300));
    expect(filesUnder(dir)).toEqual([]);
    expect(await attachmentRows(system)).toEqual({ rows: 0, audits: 0 });

    diskFull = false;
    const ok = await upload();
    expect(ok.status).toBe(201);
    expect(filesUnder(dir)).toHaveLength(1);
    expect(await attachmentRows(system)).toEqual({ rows: 1, audits: 1 });
    recordFault('attachment disk full in the middle of a file (ENOSPC at the storage edge, simulated)', '3 uploads of 256 kB cut at 64 kB: 503 SERVICE_UNAVAILABLE, no errno or path in the answer', 'no partial file, no row, no audit entry; with room again the same upload is stored (1 file, 1 row)');
  }, 90_000);
});
