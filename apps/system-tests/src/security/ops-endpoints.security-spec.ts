import request from 'supertest';
import { loginAs } from '@agendy/server/testing';
import { ADMIN, Fixture, OWNER, startFixture, writeReport } from './harness';

const TOKEN = 'metrics-token-for-the-security-suite-0123456789';

/** /api/metrics and /api/admin/queues show the inside of the system: operators only. */
describe('operations endpoints', () => {
  let fx: Fixture;
  const rows: string[] = [];

  beforeAll(async () => {
    fx = await startFixture({ METRICS_TOKEN: TOKEN });
  }, 90_000);
  afterAll(async () => {
    writeReport('ops-endpoints', ['| endpoint | anonymous | wrong token | employee | token / system admin |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'));
    await fx?.system.stop();
  });

  it('serves Prometheus metrics to the token and to system administrators only', async () => {
    const server = fx.app.getHttpServer();
    const owner = await loginAs(fx.app, OWNER);
    const admin = await loginAs(fx.app, ADMIN);
    await owner.agent.get('/api/v1/requests');
    await owner.agent.get(`/api/v1/requests/${fx.requestId}`);
    const anon = await request(server).get('/api/metrics');
    const wrong = await request(server).get('/api/metrics').set('Authorization', `Bearer ${TOKEN.replace(/.$/, 'x')}`);
    const employee = await owner.agent.get('/api/metrics');
    const byToken = await request(server).get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    const bySession = await admin.agent.get('/api/metrics');
    expect([anon.status, wrong.status, employee.status, byToken.status, bySession.status]).toEqual([401, 401, 403, 200, 200]);
    const text = byToken.text;
    expect(byToken.headers['content-type']).toMatch(/^text\/plain/);
    expect(text).toMatch(/agendy_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/requests\/:id"/);
    expect(text).not.toContain(fx.requestId);
    for (const queue of ['housekeeping', 'effects', 'documents', 'reports']) expect(text).toMatch(new RegExp(`agendy_queue_jobs\\{[^}]*queue="${queue}"[^}]*state="failed"`));
    expect(text).toMatch(/agendy_outbox_lag_seconds\{[^}]*\} \d/);
    expect(text).toMatch(/agendy_outbox_pending\{[^}]*stage="unrelayed"/);
    expect(text).toMatch(/agendy_db_pool_connections\{[^}]*state="max"[^}]*\} 4/);
    expect(text).toMatch(/agendy_process_resident_memory_bytes/);
    rows.push(`| GET /api/metrics | ${anon.status} | ${wrong.status} | ${employee.status} | ${byToken.status} / ${bySession.status} |`);
  });

  it('shows the queue dashboard to system administrators only, and refuses cross-site writes', async () => {
    const server = fx.app.getHttpServer();
    const owner = await loginAs(fx.app, OWNER);
    const admin = await loginAs(fx.app, ADMIN);
    const anon = await request(server).get('/api/admin/queues');
    const employee = await owner.agent.get('/api/admin/queues');
    const page = await admin.agent.get('/api/admin/queues');
    expect([anon.status, employee.status, page.status]).toEqual([401, 403, 200]);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const api = await admin.agent.get('/api/admin/queues/api/queues');
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['documents', 'effects', 'housekeeping', 'reports']);
    // The dashboard's buttons are plain fetches: a write from another site is refused.
    const crossSite = await admin.agent.put('/api/admin/queues/api/queues/effects/pause').set('Origin', 'https://evil.example');
    expect(crossSite.status).toBe(403);
    rows.push(`| GET /api/admin/queues | ${anon.status} | – | ${employee.status} | – / ${page.status} (cross-site write ${crossSite.status}) |`);
  });
});
