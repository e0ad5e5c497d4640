import request from 'supertest';
import { createDataSource, runMigrations } from '@agendy/server/db';
import { distinctLeaveDay, eventually, loadShippedAgendas, LoggedInAgent, loginAs, seedDemoOffice } from '@agendy/server/testing';
import { RunningSystem, startSystem } from '../support/system';
import { recordFault } from './report';
import { PrivatePostgres } from './support';

/**
 * PostgreSQL (a private cluster of this test, never the shared server) is stopped with
 * `pg_ctl -m fast` — what a restart or failover looks like to the apps — while users keep
 * working, and started again FAULTS_PG_DOWN_SECONDS later (default 10). Expected: while it is
 * down every call answers 503 SERVICE_UNAVAILABLE with Retry-After within a second or two (no
 * hanging requests, no 500); when it is back the same api and worker serve again, no restart.
 */
const DOWN_MS = Number(process.env['FAULTS_PG_DOWN_SECONDS'] ?? 10) * 1000;
const FAST_MS = 3000;

describe('fault: PostgreSQL restart during traffic', () => {
  const pg = new PrivatePostgres();
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    await pg.init();
    const url = await pg.createDatabase('agendy_ops_pgfault');
    const ds = createDataSource(url, 2, 'agendy-fault-migrate');
    await ds.initialize();
    await runMigrations(ds);
    await seedDemoOffice(ds);
    await loadShippedAgendas(ds);
    await ds.destroy();
    system = await startSystem({ DATABASE_URL: url });
  }, 120_000);
  afterAll(async () => {
    await system?.stop().catch(() => undefined);
    pg.destroy();
  });

  let filed = 0;
  async function round(filer: LoggedInAgent): Promise<Array<{ status: number; ms: number; code?: string; retryAfter?: string }>> {
    const out: Array<{ status: number; ms: number; code?: string; retryAfter?: string }> = [];
    const timed = async (r: request.Test) => {
      const t0 = Date.now();
      const res = await r;
      out.push({ status: res.status, ms: Date.now() - t0, code: res.body?.code, retryAfter: res.headers['retry-after'] });
      return res;
    };
    const created = await timed(filer.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', filer.xsrf).send({ agenda: 'leave-request', data: distinctLeaveDay(filed++) }));
    if (created.status === 201) await timed(filer.agent.post(`/api/v1/requests/${created.body.id}/transitions`).set('X-XSRF-TOKEN', filer.xsrf).send({ transition: 'submit', expectedVersion: 1 }));
    await timed(filer.agent.get('/api/v1/requests'));
    return out;
  }

  it('answers 503 fast while it is down and serves again when it is back, without restarting', async () => {
    const { app, db } = system as RunningSystem;
    const filer = await loginAs(app, 'jnovak');
    const before = (await Promise.all([round(filer), round(filer)])).flat();
    expect(before.every((r) => r.status < 300)).toBe(true);

    pg.stop('fast');
    const downAt = Date.now();
    const during: Array<{ status: number; ms: number; code?: string; retryAfter?: string }> = [];
    while (Date.now() - downAt < DOWN_MS) during.push(...(await Promise.all([round(filer), round(filer)])).flat());
    const health = await request(app.getHttpServer()).get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.checks.database.status).toBe('down');
    await pg.start();
    const downSeconds = Math.round((Date.now() - downAt) / 1000);

    expect(during.length).toBeGreaterThan(5);
    expect(during.filter((r) => r.status !== 503)).toEqual([]);
    expect(new Set(during.map((r) => r.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    expect(during.every((r) => r.retryAfter !== undefined)).toBe(true);
    const slowest = Math.max(...during.map((r) => r.ms));
    expect(slowest).toBeLessThan(FAST_MS);

    // Same processes, same pools: the first calls after the restart may still meet a dead connection.
    const recoveredAfter = Date.now();
    await eventually(async () => ((await round(filer)).every((r) => r.status < 300) ? true : undefined), 30_000, 'api serving again');
    const recoveryMs = Date.now() - recoveredAfter;
    const after = (await Promise.all([round(filer), round(filer), round(filer)])).flat();
    expect(after.filter((r) => r.status >= 300)).toEqual([]);
    const healthAfter = await eventually(async () => {
      const r = await request(app.getHttpServer()).get('/api/health');
      return r.status === 200 ? r : undefined;
    }, 20_000, 'health 200');
    expect(healthAfter.body.checks.database.status).toBe('up');
    // The worker's outbox relay resumed as well: effects written after the restart are relayed.
    await eventually(async () => {
      const [row]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL AND created_at < now() - interval '1 second'`);
      return row.n === 0 ? true : undefined;
    }, 30_000, 'outbox relayed after the restart');
    recordFault(
      'PostgreSQL restarted during traffic',
      `${downSeconds} s down (pg_ctl stop -m fast); ${during.length} calls, all 503 SERVICE_UNAVAILABLE with Retry-After, slowest ${slowest} ms`,
      `same api and worker processes serve again ${recoveryMs} ms after the start; health 200; outbox relayed`,
    );
  }, DOWN_MS + 150_000);
});
