import type { INestApplication } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { NotificationStream } from '@agendy/server/feature-notifications';
import { distinctLeaveDay, eventually, fetchSession, loadShippedAgendas, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

interface StreamEvent {
  event: string;
  data: unknown;
}

/** Opens the event stream and collects its events until closed. */
function openStream(base: string, cookie: string): Promise<{ res: IncomingMessage; events: StreamEvent[]; ended: Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/v1/notifications/stream`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      const events: StreamEvent[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({ res, events, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('live notification counts (api + worker + PostgreSQL LISTEN/NOTIFY)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let base: string;

  beforeAll(async () => {
    system = await startSystem();
    ({ app, db } = system);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await system?.stop();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  it('pushes the manager’s unread count when a request reaches her, and again when she reads it', async () => {
    const anonymous = await openStream(base, '');
    expect(anonymous.res.statusCode).toBe(401);
    anonymous.close();

    const manager = await fetchSession(base, 'jdvorakova');
    const stream = await openStream(base, manager.cookie());
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toContain('text/event-stream');
    expect(stream.res.headers['x-accel-buffering']).toBe('no');
    await eventually(async () => (stream.events.length > 0 ? true : undefined), 5_000, 'the first count');
    expect(stream.events[0]).toEqual({ event: 'unread', data: { unread: 0 } });

    // The filer submits: the worker's notify handler writes the manager's notification; the trigger announces it.
    const filer = await fetchSession(base, 'jnovak');
    const draft = await filer.call('POST', '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(0) });
    await filer.call('POST', `/api/v1/requests/${draft.id}/transitions`, { transition: 'submit', expectedVersion: draft.version });
    await eventually(async () => (stream.events.some((e) => e.event === 'unread' && (e.data as { unread: number }).unread === 1) ? true : undefined), 15_000, 'unread 1 pushed');

    const { items } = await manager.call('GET', '/api/v1/notifications?unread=true');
    await manager.call('POST', `/api/v1/notifications/${items[0].id}/read`);
    await eventually(async () => (JSON.stringify(stream.events.at(-1)) === JSON.stringify({ event: 'unread', data: { unread: 0 } }) ? true : undefined), 5_000, 'unread 0 pushed');
    // Nobody else's change reaches this stream.
    const count = stream.events.length;
    await db.query(`INSERT INTO notifications (user_id, message_cs, message_en, email_status) SELECT id, 'x', 'x', 'skipped' FROM users WHERE username = 'triha'`);
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.events.length).toBe(count);
    stream.close();
    await eventually(async () => (app.get(NotificationStream).openStreams === 0 ? true : undefined), 5_000, 'the stream released');
  });

  it('ends open streams when the server shuts down, so it does not wait for the browsers', async () => {
    const other = await startSystem();
    await other.app.listen(0, '127.0.0.1');
    const otherBase = `http://127.0.0.1:${(other.app.getHttpServer().address() as { port: number }).port}`;
    await truncateAll(other.db);
    await seedDemoOffice(other.db);
    const user = await fetchSession(otherBase, 'jnovak');
    const stream = await openStream(otherBase, user.cookie());
    await eventually(async () => (stream.events.length > 0 ? true : undefined), 5_000, 'the first count');
    const started = Date.now();
    await other.stop();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
