import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { LoginThrottle } from '@agendy/server/feature-identity';
import { JobProducer } from '@agendy/server/queue';
import { anonymousAgent, cookieValue, loginAs, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

describe('login, sessions and CSRF (real PostgreSQL + Redis)', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await createApiApp(testConfig());
    await app.init();
    db = app.get(DataSource);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    // Failed-login counters live in Redis and would leak between tests.
    const redis = app.get(JobProducer).redis;
    const keys = await redis.keys(app.get(LoginThrottle).keyPattern());
    if (keys.length) await redis.del(...keys);
  });

  it('logs in a demo employee and reports name, department and roles', async () => {
    const { agent } = await loginAs(app, 'jnovak');
    const me = await agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.user).toMatchObject({ username: 'jnovak', displayName: 'Jan Novák', department: { code: 'OINF', name: 'Odbor informatiky' }, roles: ['employee'] });
    expect(new Date(me.body.session.idleExpiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['jdvorakova', ['employee', 'manager']],
    ['pstastny', ['director', 'employee', 'manager']],
    ['lcerna', ['agenda-admin', 'employee']],
  ])('gives %s the roles %j', async (username, roles) => {
    const { agent } = await loginAs(app, username);
    expect((await agent.get('/api/v1/auth/me').expect(200)).body.user.roles).toEqual(roles);
  });

  it('accepts the username in any case and with spaces around it', async () => {
    await loginAs(app, '  JNovak ');
  });

  it('answers unknown user, wrong password and disabled account identically', async () => {
    await db.query(`UPDATE users SET active = false WHERE username = 'triha'`);
    const answers = [];
    for (const [username, password] of [['nikdo', 'demo'], ['jnovak', 'spatne'], ['triha', 'demo']]) {
      const { agent, xsrf } = await anonymousAgent(app);
      const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username, password });
      answers.push({ status: res.status, code: res.body.code, title: res.body.title, type: res.headers['content-type'] });
    }
    expect(answers[0]).toEqual({ status: 401, code: 'INVALID_CREDENTIALS', title: 'Invalid username or password', type: 'application/problem+json; charset=utf-8' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('refuses a login without the XSRF token', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username: 'jnovak', password: 'demo' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_INVALID');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/agendy-session=/);
  });

  it('requires the session-bound XSRF token for state changes after login', async () => {
    const { agent, xsrf } = await loginAs(app, 'jnovak');
    const forged = await agent.post('/api/v1/auth/logout').set('X-XSRF-TOKEN', 'forged-token-value');
    expect(forged.status).toBe(403);
    await agent.get('/api/v1/auth/me').expect(200);
    await agent.post('/api/v1/auth/logout').set('X-XSRF-TOKEN', xsrf).expect(204);
    const after = await agent.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('rotates the session at login and a logged-out cookie cannot be replayed', async () => {
    const anon = await anonymousAgent(app);
    const first = await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username: 'jnovak', password: 'demo' }).expect(200);
    const token1 = cookieValue(first.headers['set-cookie'], 'agendy-session');
    const xsrf1 = cookieValue(first.headers['set-cookie'], 'XSRF-TOKEN') as string;
    const second = await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf1).send({ username: 'jnovak', password: 'demo' }).expect(200);
    const token2 = cookieValue(second.headers['set-cookie'], 'agendy-session');
    expect(token1).toBeTruthy();
    expect(token2).not.toEqual(token1);
    const replay = await request(app.getHttpServer()).get('/api/v1/auth/me').set('Cookie', `agendy-session=${token1}`);
    expect(replay.status).toBe(401);
    expect(await db.query('SELECT count(*)::int AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('stores only a hash of the session token', async () => {
    const anon = await anonymousAgent(app);
    const res = await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username: 'jnovak', password: 'demo' }).expect(200);
    const token = cookieValue(res.headers['set-cookie'], 'agendy-session') as string;
    const rows: Array<{ token_hash: string }> = await db.query('SELECT token_hash FROM sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends the session of a user disabled after login', async () => {
    const { agent } = await loginAs(app, 'jnovak');
    await db.query(`UPDATE users SET active = false WHERE username = 'jnovak'`);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    expect(await db.query('SELECT count(*)::int AS n FROM sessions')).toEqual([{ n: 0 }]);
  });

  it('reports an idle-expired session as SESSION_EXPIRED', async () => {
    const { agent } = await loginAs(app, 'jnovak');
    await db.query(`UPDATE sessions SET idle_expires_at = now() - interval '1 minute'`);
    const res = await agent.get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
  });

  it('throttles repeated failures for one account with a Retry-After', async () => {
    const { agent, xsrf } = await anonymousAgent(app);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: 'jnovak', password: 'x' + i })).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    const blocked = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: 'jnovak', password: 'demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lists every field error of a malformed login with a JSON pointer', async () => {
    const { agent, xsrf } = await anonymousAgent(app);
    const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: '', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['', '/password', '/username']);
    expect(res.body.errors[0].message.cs).toEqual(expect.any(String));
  });

  it('writes logins, failed logins and logouts to the hash-chained audit log', async () => {
    const { agent, xsrf } = await loginAs(app, 'jnovak');
    await agent.post('/api/v1/auth/logout').set('X-XSRF-TOKEN', xsrf).expect(204);
    const anon = await anonymousAgent(app);
    await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username: 'jnovak', password: 'wrong' }).expect(401);

    const rows: Array<{ action: string; actor_id: string | null; details: Record<string, unknown> }> = await db.query(
      `SELECT action, actor_id, details FROM audit_log WHERE action LIKE 'identity.%' ORDER BY seq`,
    );
    const [{ id: jnovakId }] = await db.query(`SELECT id FROM users WHERE username = 'jnovak'`);
    expect(rows.map((r) => r.action)).toEqual(['identity.login.succeeded', 'identity.logout', 'identity.login.failed']);
    expect(rows[0].actor_id).toBe(jnovakId);
    expect(rows[2].actor_id).toBeNull();
    expect(JSON.stringify(rows)).not.toMatch(/wrong|demo/);

    const pstastny = await loginAs(app, 'pstastny');
    const verify = await pstastny.agent.get('/api/v1/audit/verify');
    // Only auditors and system admins may verify; the director is neither.
    expect(verify.status).toBe(403);
  });
});
