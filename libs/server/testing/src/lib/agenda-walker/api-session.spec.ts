import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiSession, keyed, routeOf, type HttpSample } from './api-session';

/** A stand-in api: answers each request with the next scripted answer for its path. */
async function fakeApi(script: Record<string, Array<{ status: number; body?: unknown; headers?: Record<string, string> }>>) {
  const seen: Array<{ method: string; url: string; key: string | undefined }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined });
      const next = script[(req.url ?? '').split('?')[0]]?.shift() ?? { status: 200, body: {} };
      res.writeHead(next.status, { 'content-type': 'application/json', ...(next.headers ?? {}) });
      res.end(next.body === undefined ? '' : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('ApiSession', () => {
  it('resends a write after a 503 and an in-flight 409 with the same Idempotency-Key, reporting each attempt', async () => {
    const api = await fakeApi({
      '/api/v1/requests': [
        { status: 503, body: { code: 'DATABASE_BUSY' }, headers: { 'retry-after': '0' } },
        { status: 409, body: { code: 'IDEMPOTENCY_KEY_IN_FLIGHT' }, headers: { 'retry-after': '0' } },
        { status: 201, body: { id: 'r1' }, headers: { 'idempotent-replayed': 'true' } },
      ],
    });
    const samples: HttpSample[] = [];
    try {
      const session = new ApiSession(api.base, 'jnovak', { observer: (s) => samples.push(s) });
      const res = await session.post('/api/v1/requests', { agenda: 'x' });
      expect(res).toMatchObject({ status: 201, body: { id: 'r1' }, replayed: true });
      const keys = api.seen.map((s) => s.key);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(samples.map((s) => [s.status, s.code ?? null, s.attempt])).toEqual([
        [503, 'DATABASE_BUSY', 1],
        [409, 'IDEMPOTENCY_KEY_IN_FLIGHT', 2],
        [201, null, 3],
      ]);
    } finally {
      await api.close();
    }
  });

  it('gives every new write its own key, none to reads and logins, and returns refusals as they are', async () => {
    const api = await fakeApi({ '/api/v1/requests/1/transitions': [{ status: 409, body: { code: 'STALE' } }] });
    try {
      const session = new ApiSession(api.base, 'jnovak');
      await session.post('/api/v1/requests', {});
      await session.post('/api/v1/requests', {});
      await session.get('/api/v1/tasks');
      await session.post('/api/v1/auth/login', {});
      expect(await session.post('/api/v1/requests/1/transitions', {})).toMatchObject({ status: 409, code: 'STALE' });
      const keys = api.seen.map((s) => s.key);
      expect(keys[0]).not.toBe(keys[1]);
      expect([keys[2], keys[3]]).toEqual([undefined, undefined]);
      expect(api.seen).toHaveLength(5);
    } finally {
      await api.close();
    }
  });

  it('names routes without ids and knows which calls are keyed', () => {
    expect(routeOf('/api/v1/requests/3f2b8c1e-1111-4a4a-8b8b-0123456789ab/transitions?x=1')).toBe('/api/v1/requests/:id/transitions');
    expect(routeOf('/api/v1/attendance/timesheets/2026/submit')).toBe('/api/v1/attendance/timesheets/:n/submit');
    expect([keyed('POST', '/api/v1/requests'), keyed('PATCH', '/api/v1/requests/1'), keyed('POST', '/api/v1/auth/login'), keyed('GET', '/api/v1/tasks'), keyed('POST', '/api/health')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
