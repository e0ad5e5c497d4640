import { readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { LoggedInAgent, loginAs } from '@agendy/server/testing';
import { Fixture, leaksInternals, OWNER, startFixture, stateFingerprint, TINY_PDF, writeReport } from './harness';

/** Every file in the attachment store (two-level layout: xx/<uuid>). */
function storedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** A ZIP with one member of `inflated` zero bytes; a few hundred kilobytes on the wire. */
function zipBomb(inflated: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(inflated), { level: 9 });
  const name = Buffer.from('zeros.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(inflated >>> 0, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(inflated >>> 0, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

const results: string[] = [];

describe('upload attacks', () => {
  let fx: Fixture;
  let owner: LoggedInAgent;

  beforeAll(async () => {
    fx = await startFixture();
    owner = await loginAs(fx.app, OWNER);
  }, 90_000);
  afterAll(async () => {
    writeReport('upload-attacks', ['| upload | outcome |', '| --- | --- |', ...results].join('\n'));
    await fx?.system.stop();
  });

  async function upload(filename: string, bytes: Buffer) {
    return owner.agent
      .post(`/api/v1/requests/${fx.requestId}/attachments`)
      .query({ filename })
      .set('X-XSRF-TOKEN', owner.xsrf)
      .set('Content-Type', 'application/octet-stream')
      .send(bytes);
  }

  /** A refused upload leaves neither a row, an audit entry nor a file behind. */
  async function expectRefused(filename: string, bytes: Buffer, status: number, what: string): Promise<void> {
    const files = storedFiles(fx.attachmentsDir);
    const before = await stateFingerprint(fx.db);
    const res = await upload(filename, bytes);
    expect({ what, status: res.status }).toEqual({ what, status });
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(leaksInternals(res.text)).toBeUndefined();
    expect(await stateFingerprint(fx.db)).toBe(before);
    expect(storedFiles(fx.attachmentsDir)).toEqual(files);
    results.push(`| ${what} | ${res.status} ${res.body.code}, no row, no file |`);
  }

  it('refuses wrong magic bytes whatever the name says', async () => {
    await expectRefused('faktura.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode'), 415, 'Windows executable named faktura.pdf');
    await expectRefused('obrazek.png', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, 'SVG with script named obrazek.png');
    await expectRefused('stranka.html', Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 415, 'HTML page');
    await expectRefused('prazdny.pdf', Buffer.alloc(0), 415, 'empty file');
  });

  it('refuses PDF/HTML and JPEG/SVG polyglots', async () => {
    await expectRefused('polyglot.pdf', Buffer.from('%PDF-1.4\n<html><body><script>fetch("/api/v1/auth/me")</script></body></html>\n%%EOF'), 415, 'PDF header followed by an HTML page (polyglot)');
    await expectRefused('polyglot.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<svg onload=alert(1)>')]), 415, 'JPEG header followed by SVG markup');
  });

  it('stores a zip bomb as opaque bytes without ever inflating it', async () => {
    const bomb = zipBomb(512 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload('archiv.zip', bomb);
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(bomb.length);
    expect(res.body.mediaType).toBe('application/zip');
    expect(Date.now() - started).toBeLessThan(10_000);
    // 512 MB of zeros inflated anywhere in this process would show here.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    const [row]: Array<{ storage_key: string }> = await fx.db.query(`SELECT storage_key FROM attachments WHERE id = $1`, [res.body.fileId]);
    expect(statSync(join(fx.attachmentsDir, row.storage_key)).size).toBe(bomb.length);
    results.push(`| zip bomb (${Math.round(bomb.length / 1024)} kB declaring 512 MB) | 201, stored as ${bomb.length} opaque bytes, never inflated |`);
  });

  it('keeps path traversal out of the store and out of the stored name', async () => {
    for (const name of ['../../../../etc/cron.d/agendy.pdf', '..\\..\\windows\\system32\\evil.pdf', 'ok\u0000.pdf/../../x.pdf', '%2e%2e%2fpasswd.pdf']) {
      const res = await upload(name, TINY_PDF);
      expect(res.status).toBe(201);
      expect(res.body.name).not.toMatch(/[\\/]/);
      expect(res.body.name.includes('\u0000')).toBe(false);
      const [row]: Array<{ storage_key: string; name: string }> = await fx.db.query(`SELECT storage_key, name FROM attachments WHERE id = $1`, [res.body.fileId]);
      expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
      expect(statSync(join(fx.attachmentsDir, row.storage_key)).isFile()).toBe(true);
      const download = await owner.agent.get(`/api/v1/requests/${fx.requestId}/attachments/${res.body.fileId}`);
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''[^/\\]*$/);
    }
    await expectRefused('../', TINY_PDF, 400, 'name "../" (nothing left after cleaning)');
    results.push('| names with `../`, `..\\`, NUL, encoded dots | stored under a random id; the shown name keeps no path part |');
  });

  it('stops a 200 MB upload at the limit, before it is read to the end, and keeps nothing', async () => {
    const server = fx.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const me = await owner.agent.get('/api/v1/auth/me');
    const cookie = me.request.cookies;
    const files = storedFiles(fx.attachmentsDir);
    const before = await stateFingerprint(fx.db);
    const total = 200 * 1024 * 1024;
    const chunk = Buffer.concat([TINY_PDF, Buffer.alloc(1024 * 1024 - TINY_PDF.length, 0x20)]);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= total) {
          this.push(null);
          return;
        }
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const status = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `/api/v1/requests/${fx.requestId}/attachments?filename=velky.pdf`, headers: { Cookie: cookie, 'X-XSRF-TOKEN': owner.xsrf, 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      body.pipe(req);
    });
    body.destroy();
    expect(status.status).toBe(413);
    expect(JSON.parse(status.text).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await stateFingerprint(fx.db)).toBe(before);
    expect(storedFiles(fx.attachmentsDir)).toEqual(files);
    results.push(`| 200 MB file (limit ATTACHMENT_MAX_BYTES = 20 MB) | 413 PAYLOAD_TOO_LARGE, no row, no partial file |`);
  }, 120_000);

  it('refuses an upload sent as JSON instead of hanging', async () => {
    const res = await owner.agent.post(`/api/v1/requests/${fx.requestId}/attachments`).query({ filename: 'a.pdf' }).set('X-XSRF-TOKEN', owner.xsrf).send({ file: 'JVBERi0=' });
    expect(res.status).toBe(415);
    results.push('| file sent as a JSON body | 415, answered at once (it used to hang the request) |');
  });
});
