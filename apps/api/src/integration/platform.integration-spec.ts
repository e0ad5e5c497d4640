import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { anonymousAgent, loadShippedAgendas, loginAs, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

describe('HTTP platform: health, problem+json, OpenAPI, headers', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApiApp(testConfig());
    await app.init();
  });
  afterAll(() => app.close());

  it('reports database and Redis up', async () => {
    // No worker runs in this test: without a fresh heartbeat health would rightly say "degraded".
    await app.get(DataSource).query(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, last_seen_at) VALUES ('platform-it', 'it', 1, now(), now())
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now()`,
    );
    const res = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown route with problem+json and a request id', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/nothing-here').set('X-Request-Id', 'test-request-0001');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, requestId: 'test-request-0001' });
    expect(res.headers['x-request-id']).toBe('test-request-0001');
  });

  it('replaces a forged request id that could break log lines', async () => {
    const res = await request(app.getHttpServer()).get('/api/health').set('X-Request-Id', 'bad id {"level":60}');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const { agent, xsrf } = await anonymousAgent(app);
    const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).set('Content-Type', 'application/json').send('{"username": "jnovak"');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_REQUEST');
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('answers text with the NUL character (which PostgreSQL cannot store) with 400, in a body and in a query', async () => {
    const db = app.get(DataSource);
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    const admin = await loginAs(app, 'lcerna');
    // The fuzzer's counterexample: it reached the database and came back as a 500.
    const body = await admin.agent.post('/api/v1/admin/agendas').set('X-XSRF-TOKEN', admin.xsrf).set('Content-Type', 'application/json').send('{"code":"\\u0000","start":"x"}');
    expect({ status: body.status, code: body.body.code }).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(body.body.detail).toContain('NUL');
    const key = await admin.agent.post('/api/v1/admin/agendas').set('X-XSRF-TOKEN', admin.xsrf).set('Content-Type', 'application/json').send('{"a\\u0000b":1}');
    expect(key.status).toBe(400);
    // The register's full-text search hands q to PostgreSQL.
    const query = await admin.agent.get('/api/v1/registers/regulations').query({ q: 'a\u0000b' });
    expect(query.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { agent, xsrf } = await anonymousAgent(app);
    const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username: 'x', password: 'y'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/auth/logout', '/api/health']));
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await request(app.getHttpServer()).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('never answers 500 to a client mistake in the session cookie', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/auth/me').set('Cookie', `agendy-session=${'x'.repeat(5000)}`);
    expect(res.status).toBe(401);
  });

  it('keeps the migration ledger complete', async () => {
    const rows: Array<{ name: string }> = await app.get(DataSource).query('SELECT name FROM schema_migrations');
    expect(rows.map((r) => r.name)).toContain('Foundation1732700000000');
  });
});

describe('health when Redis is unreachable', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    app = await createApiApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }));
    await app.init();
  });
  afterAll(() => app.close());

  it('answers 200 degraded, naming Redis as down and the database as up', async () => {
    const res = await request(app.getHttpServer()).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.database.status).toBe('up');
    expect(res.body.checks.redis.status).toBe('down');
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1/);
  });
});
