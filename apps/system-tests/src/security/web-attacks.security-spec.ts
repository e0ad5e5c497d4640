import request from 'supertest';
import { cookieValue, createTestUser, loginAs } from '@agendy/server/testing';
import { Fixture, OWNER, startFixture, stateFingerprint, UNRELATED, writeReport } from './harness';

/**
 * Attacks on the browser session and on the request body: CSRF, session fixation, logout
 * replay, security headers, login throttling, mass assignment. Every row of the report is one
 * `it` below.
 */
const results: string[] = [];
function record(what: string, outcome: string): void {
  results.push(`| ${what} | ${outcome} |`);
}

describe('web attacks', () => {
  let fx: Fixture;

  beforeAll(async () => {
    // TRUST_PROXY: the api sits behind the TLS proxy, which says so in X-Forwarded-Proto.
    fx = await startFixture({ TRUST_PROXY: 'true' });
  }, 90_000);
  afterAll(async () => {
    writeReport('web-attacks', ['| attack | outcome |', '| --- | --- |', ...results].join('\n'));
    await fx?.system.stop();
  });

  describe('CSRF', () => {
    it('refuses a state change without the token, with a wrong one, and with the cookie echoed from another session', async () => {
      const owner = await loginAs(fx.app, OWNER);
      const other = await loginAs(fx.app, UNRELATED);
      const before = await stateFingerprint(fx.db);
      const body = { body: 'Útok přes CSRF' };
      const none = await owner.agent.post(`/api/v1/requests/${fx.requestId}/comments`).send(body);
      const wrong = await owner.agent.post(`/api/v1/requests/${fx.requestId}/comments`).set('X-XSRF-TOKEN', 'x'.repeat(32)).send(body);
      const foreign = await owner.agent.post(`/api/v1/requests/${fx.requestId}/comments`).set('X-XSRF-TOKEN', other.xsrf).send(body);
      for (const res of [none, wrong, foreign]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('CSRF_INVALID');
      }
      expect(await stateFingerprint(fx.db)).toBe(before);
      const ok = await owner.agent.post(`/api/v1/requests/${fx.requestId}/comments`).set('X-XSRF-TOKEN', owner.xsrf).send(body);
      expect(ok.status).toBe(201);
      record('state change without / with a wrong / with another session’s XSRF token', '403 CSRF_INVALID, database unchanged; with the right token 201');
    });

    it('refuses a cross-site login (login CSRF) without the double-submit token', async () => {
      const res = await request(fx.app.getHttpServer()).post('/api/v1/auth/login').send({ username: OWNER, password: 'demo' });
      expect(res.status).toBe(403);
      expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/agendy-session=[^;]/);
      record('login without XSRF token (login CSRF)', '403, no session cookie');
    });
  });

  describe('sessions', () => {
    it('does not keep a session id planted before login (fixation)', async () => {
      const agent = request.agent(fx.app.getHttpServer());
      const first = await agent.get('/api/v1/auth/me');
      const xsrf = cookieValue(first.headers['set-cookie'], 'XSRF-TOKEN') as string;
      const planted = 'a'.repeat(43);
      agent.jar.setCookie(`agendy-session=${planted}; Path=/`);
      const login = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: OWNER, password: 'demo' });
      expect(login.status).toBe(200);
      const issued = cookieValue(login.headers['set-cookie'], 'agendy-session');
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      const withPlanted = await request(fx.app.getHttpServer()).get('/api/v1/auth/me').set('Cookie', `agendy-session=${planted}`);
      expect(withPlanted.status).toBe(401);
      // A stolen pre-login session of a real user is destroyed by the next login too.
      const stolen = await loginAs(fx.app, OWNER);
      const stolenCookie = (await stolen.agent.get('/api/v1/auth/me')).request.cookies;
      const relogin = await stolen.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', stolen.xsrf).send({ username: OWNER, password: 'demo' });
      expect(relogin.status).toBe(200);
      const replay = await request(fx.app.getHttpServer()).get('/api/v1/auth/me').set('Cookie', stolenCookie);
      expect(replay.status).toBe(401);
      record('session id planted before login (fixation); old session after re-login', 'new id issued at login; planted and previous ids answer 401');
    });

    it('refuses a replayed session cookie after logout', async () => {
      const owner = await loginAs(fx.app, OWNER);
      const me = await owner.agent.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      const cookie = me.request.cookies;
      const out = await owner.agent.post('/api/v1/auth/logout').set('X-XSRF-TOKEN', owner.xsrf);
      expect(out.status).toBe(204);
      const replay = await request(fx.app.getHttpServer()).get('/api/v1/requests').set('Cookie', cookie);
      expect(replay.status).toBe(401);
      const replayWrite = await request(fx.app.getHttpServer()).post(`/api/v1/requests/${fx.requestId}/comments`).set('Cookie', cookie).set('X-XSRF-TOKEN', owner.xsrf).send({ body: 'replay' });
      expect([401, 403]).toContain(replayWrite.status);
      record('session cookie replayed after logout (read and write)', `401 / ${replayWrite.status}`);
    });

    it('marks the session cookie HttpOnly and SameSite, the XSRF cookie SameSite=Strict', async () => {
      const anon = await request(fx.app.getHttpServer()).get('/api/v1/auth/me');
      const xsrf = cookieValue(anon.headers['set-cookie'], 'XSRF-TOKEN') as string;
      const login = await request(fx.app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('Cookie', `XSRF-TOKEN=${xsrf}`)
        .set('X-XSRF-TOKEN', xsrf)
        .send({ username: OWNER, password: 'demo' });
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
      const session = cookies.find((c) => c.startsWith('agendy-session='));
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).toMatch(/SameSite=Strict/i);
      record('cookie flags', 'session HttpOnly + SameSite=Lax (Secure and __Host- prefix when COOKIE_SECURE), XSRF SameSite=Strict');
    });
  });

  describe('security headers', () => {
    it('sends a CSP without unsafe-inline scripts, frame-ancestors none, nosniff', async () => {
      for (const path of ['/api/v1/auth/me', '/api/health', '/api/v1/no-such-route']) {
        const res = await request(fx.app.getHttpServer()).get(path);
        const csp = res.headers['content-security-policy'] as string;
        expect(csp).toBeDefined();
        const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
        expect(script).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(csp).toMatch(/object-src 'none'/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      record('CSP, X-Content-Type-Options, X-Powered-By', "script-src 'self' (no unsafe-inline/eval), frame-ancestors 'none', object-src 'none', nosniff, no X-Powered-By");
    });

    it('sends HSTS when the request came over TLS, and not over plain http', async () => {
      const tls = await request(fx.app.getHttpServer()).get('/api/health').set('X-Forwarded-Proto', 'https');
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const plain = await request(fx.app.getHttpServer()).get('/api/health');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      record('HSTS', `over TLS: "${tls.headers['strict-transport-security']}"; over plain http: none`);
    });

    it('serves a downloaded attachment as an attachment, never rendered inline', async () => {
      const owner = await loginAs(fx.app, OWNER);
      const res = await owner.agent.get(`/api/v1/requests/${fx.requestId}/attachments/${fx.fileId}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe('application/pdf');
      record('attachment download headers', 'Content-Disposition: attachment, nosniff, sniffed Content-Type');
    });
  });

  describe('login throttling', () => {
    it('answers 429 with Retry-After after repeated failures, even for the right password', async () => {
      // Its own account: the throttle outlives this test and would lock the others out.
      await createTestUser(fx.db, { username: 'sec-throttled', displayName: 'Throttle Target' });
      const agent = request.agent(fx.app.getHttpServer());
      const first = await agent.get('/api/v1/auth/me');
      const xsrf = cookieValue(first.headers['set-cookie'], 'XSRF-TOKEN') as string;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: 'sec-throttled', password: `wrong-${i}` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
      expect(statuses.slice(8)).toEqual([429, 429]);
      const right = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: 'sec-throttled', password: 'demo' });
      expect(right.status).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.body.code).toBe('LOGIN_THROTTLED');
      record('10 wrong passwords for one account, then the right one', `401 ×8, then 429 LOGIN_THROTTLED with Retry-After ${right.headers['retry-after']} s`);
    });
  });

  describe('mass assignment', () => {
    it('rejects or ignores state, filerId, version and other server-owned fields', async () => {
      const owner = await loginAs(fx.app, OWNER);
      const attacker = await loginAs(fx.app, UNRELATED);
      const [victim]: Array<{ id: string }> = await fx.db.query(`SELECT id FROM users WHERE username = $1`, [UNRELATED]);
      const [before]: Array<{ state: string; filer_id: string; version: number }> = await fx.db.query(`SELECT state, filer_id, version FROM requests WHERE id = $1`, [fx.requestId]);
      const extra = { state: 'approved', filerId: victim.id, filer_id: victim.id, version: 99, final: true, referenceNumber: 'X/1', id: '00000000-0000-4000-8000-000000000001' };
      const create = await owner.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', owner.xsrf).send({ agenda: 'leave-request', data: { type: 'dovolena' }, ...extra });
      const patch = await owner.agent.patch(`/api/v1/requests/${fx.requestId}`).set('X-XSRF-TOKEN', owner.xsrf).send({ data: { type: 'home-office' }, expectedVersion: before.version, ...extra });
      const transition = await owner.agent.post(`/api/v1/requests/${fx.requestId}/transitions`).set('X-XSRF-TOKEN', owner.xsrf).send({ transition: 'submit', expectedVersion: before.version, ...extra });
      const comment = await attacker.agent.post(`/api/v1/requests/${fx.requestId}/comments`).set('X-XSRF-TOKEN', attacker.xsrf).send({ body: 'x', requestId: fx.requestId, authorId: victim.id });
      for (const res of [create, patch, transition]) expect([400, 422]).toContain(res.status);
      expect([403, 404, 400]).toContain(comment.status);
      const [after]: Array<{ state: string; filer_id: string; version: number }> = await fx.db.query(`SELECT state, filer_id, version FROM requests WHERE id = $1`, [fx.requestId]);
      expect(after).toEqual(before);
      const [{ n }]: Array<{ n: number }> = await fx.db.query(`SELECT count(*)::int AS n FROM requests WHERE state = 'approved' OR id = '00000000-0000-4000-8000-000000000001'`);
      expect(n).toBe(0);
      record('extra fields state, filerId, version, final, id on create / patch / transition', `rejected (${create.status}/${patch.status}/${transition.status}), the request unchanged`);
    });
  });
});
