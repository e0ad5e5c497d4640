import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource, type QueryRunner } from 'typeorm';
import type { HealthResponse } from '@agendy/shared/contracts';
import { classifyBackendFailure, toProblem } from '@agendy/server/core';
import { eventually, loadShippedAgendas, loginAs, seedDemoOffice, testConfig, truncateAll, userId, type LoggedInAgent } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

/**
 * Issue 18: /api/health must tell the truth during the kind of freeze that happened — a transaction
 * idle while holding a lock, everyone else waiting on it, the pool exhausted — and a lost
 * connection must answer 503, never 500.
 *
 * Thresholds are short here (HEALTH_*_MS) so the tests are quick; every wait is for a condition
 * with a generous deadline, never a fixed sleep, so a busy machine only makes them slower.
 */
const POOL_SIZE = 3;
const METRICS_TOKEN = 'health-truth-metrics-token-0123456789';
const config = {
  DATABASE_POOL_SIZE: String(POOL_SIZE),
  HEALTH_POOL_WAIT_MS: '500',
  HEALTH_IDLE_IN_TRANSACTION_MS: '1000',
  HEALTH_LOCK_WAIT_MS: '1000',
  HEALTH_CHECK_TIMEOUT_MS: '2000',
  METRICS_TOKEN,
  // The server-side guards would end the held transactions on their own; here the tests decide when.
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0',
  DB_LOCK_TIMEOUT_MS: '0',
};
const ADVISORY_KEY = 918_273_645;

/** A session outside the app's pool, named like an Agendy process so health counts it. */
async function agendySession(name: string): Promise<Client> {
  const client = new Client({ connectionString: process.env['DATABASE_URL'], application_name: name });
  client.on('error', () => undefined); // terminated on purpose in some tests
  await client.connect();
  return client;
}

describe('truthful /api/health', () => {
  let app: INestApplication;
  let db: DataSource;
  const extra: Client[] = [];

  const health = async (): Promise<{ status: number; body: HealthResponse; ms: number }> => {
    const t0 = Date.now();
    const res = await request(app.getHttpServer()).get('/api/health');
    return { status: res.status, body: res.body as HealthResponse, ms: Date.now() - t0 };
  };
  const healthWhen = (accept: (h: HealthResponse) => boolean, what: string, timeoutMs = 20_000) =>
    eventually(async () => {
      const h = await health();
      return accept(h.body) ? h : undefined;
    }, timeoutMs, what);
  const freshHeartbeat = () =>
    db.query(`INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, last_seen_at) VALUES ('it-worker', 'it', 1, now(), now())
              ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now()`);

  beforeAll(async () => {
    app = await createApiApp(testConfig(config));
    await app.init();
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await Promise.all(extra.map((c) => c.end().catch(() => undefined)));
    await app.close();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM worker_heartbeats');
    await freshHeartbeat();
  });
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((c) => c.end().catch(() => undefined)));
  });

  it('is ok, with every check up, when nothing is wrong', async () => {
    const h = await healthWhen((b) => b.status === 'ok', 'health ok');
    expect(h.status).toBe(200);
    expect(h.body.reasons).toEqual([]);
    expect(h.body.checks).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      worker: { status: 'up', maxAgeSeconds: 90 },
      pool: { status: 'up', max: POOL_SIZE, waiting: 0 },
      transactions: { status: 'up', idleInTransactionLimitSeconds: 1, lockWaitLimitSeconds: 1 },
    });
  });

  it('turns degraded while a transaction idles holding a lock others wait for, and recovers when it ends', async () => {
    const holder = await agendySession('agendy-it-holder');
    const waiter = await agendySession('agendy-it-waiter');
    extra.push(holder, waiter);
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_KEY]);
    // The waiter blocks on the lock until the holder ends; not awaited here.
    const waiting = waiter.query('SELECT pg_advisory_lock($1)', [ADVISORY_KEY]);

    const frozen = await healthWhen(
      (b) => b.checks.transactions.status === 'degraded' && b.checks.transactions.lockWaiting >= 1 && b.checks.transactions.idleInTransaction >= 1,
      'health degraded by the stuck transaction',
    );
    expect(frozen.status).toBe(200);
    expect(frozen.body.status).toBe('degraded');
    expect(frozen.body.checks.transactions.longestIdleInTransactionSeconds).toBeGreaterThanOrEqual(1);
    expect(frozen.body.checks.transactions.longestLockWaitSeconds).toBeGreaterThanOrEqual(1);
    expect(frozen.body.reasons.join('\n')).toMatch(/idle in transaction, longest .* \(limit 1\.0 s\)/);
    expect(frozen.body.reasons.join('\n')).toMatch(/waiting on a lock, longest .* \(limit 1\.0 s\)/);
    // The database itself is fine: degraded is 200, not down.
    expect(frozen.body.checks.database.status).toBe('up');

    await holder.query('ROLLBACK');
    await waiting;
    await waiter.query('SELECT pg_advisory_unlock($1)', [ADVISORY_KEY]);
    const recovered = await healthWhen((b) => b.status === 'ok', 'health ok again');
    expect(recovered.body.checks.transactions).toMatchObject({ status: 'up', lockWaiting: 0, idleInTransaction: 0 });
  });

  it('reports an exhausted pool as degraded within the limit and keeps answering fast, as do the metrics', async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await freshHeartbeat();
    const user = await loginAs(app, 'jnovak');
    const runners: QueryRunner[] = [];
    try {
      // Hold every connection of the app's pool in an open transaction, as the freeze did.
      for (let i = 0; i < POOL_SIZE; i++) {
        const qr = db.createQueryRunner();
        runners.push(qr);
        await qr.startTransaction();
      }
      const exhausted = await healthWhen((b) => b.checks.pool.status === 'degraded', 'pool degraded');
      expect(exhausted.status).toBe(200);
      expect(exhausted.body.status).toBe('degraded');
      expect(exhausted.body.checks.pool).toMatchObject({ total: POOL_SIZE, idle: 0, max: POOL_SIZE });
      expect(exhausted.body.reasons.join('\n')).toMatch(/^pool exhausted: .* \(limit 500 ms\)$/m);

      // A request that needs the pool now queues for a connection; health sees the waiter and
      // still answers from its own connection, well before the pool's 5 s connect timeout.
      const stalled = user.agent.get('/api/v1/auth/me').then((r) => r);
      const withWaiter = await healthWhen((b) => b.checks.pool.waiting >= 1 && /waiting for a connection/.test(b.reasons.join('\n')), 'pool waiter reported', 4500);
      expect(withWaiter.ms).toBeLessThan(4000);
      const metrics = await request(app.getHttpServer()).get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^agendy_health_check_degraded\{[^}]*check="pool"[^}]*\} 1$/m);
      expect(metrics.text).toMatch(/^agendy_db_pool_connections\{[^}]*state="idle"[^}]*\} 0$/m);
      expect(metrics.text).toMatch(/^agendy_db_pool_exhausted_seconds\{[^}]*\} (0\.[1-9]|[1-9])/m);

      // The stalled request gives up with the pool's timeout: 503 with Retry-After, not 500.
      const answer = await stalled;
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.headers['retry-after']).toBe('5');
    } finally {
      for (const qr of runners) {
        await qr.rollbackTransaction().catch(() => undefined);
        await qr.release();
      }
    }
    await healthWhen((b) => b.checks.pool.status === 'up', 'pool up again');
  });

  it('turns degraded when the worker heartbeat is older than three intervals, or missing', async () => {
    await db.query(`UPDATE worker_heartbeats SET last_seen_at = now() - interval '10 minutes'`);
    const stale = await healthWhen((b) => b.checks.worker.status === 'degraded', 'worker degraded');
    expect(stale.status).toBe(200);
    expect(stale.body.status).toBe('degraded');
    expect(stale.body.checks.worker.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(stale.body.reasons).toEqual([expect.stringMatching(/^worker heartbeat 600 s old \(limit 90 s\)/)]);

    await db.query('DELETE FROM worker_heartbeats');
    const none = await health();
    expect(none.body.checks.worker).toMatchObject({ status: 'degraded', lastHeartbeatAt: null });

    await freshHeartbeat();
    await healthWhen((b) => b.status === 'ok', 'worker up again');
  });

  it('reconnects its own connection when PostgreSQL drops it', async () => {
    await healthWhen((b) => b.status === 'ok', 'health ok');
    const [{ n }]: Array<{ n: number }> = await db.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'agendy-health'`,
    );
    expect(n).toBe(1);
    const after = await health();
    expect(after.body.checks.database.status).toBe('up');
    expect(after.status).toBe(200);
  });
});

describe('a transaction that loses its connection or its patience answers 503', () => {
  let app: INestApplication;
  let busyApp: INestApplication;
  let db: DataSource;
  let observer: Client;
  const extra: Client[] = [];

  beforeAll(async () => {
    observer = await agendySession('it-observer');
    // No server-side guards on this one: the test, not a timeout, ends the waiting transaction.
    app = await createApiApp(testConfig({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0', DB_LOCK_TIMEOUT_MS: '0' }));
    await app.init();
    // The database guards of the other half of issue 18, set short: a lock wait ends in 55P03.
    busyApp = await createApiApp(testConfig({ DB_LOCK_TIMEOUT_MS: '300' }));
    await busyApp.init();
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await Promise.all(extra.map((c) => c.end().catch(() => undefined)));
    await busyApp.close();
    await app.close();
    await observer.end();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((c) => c.end().catch(() => undefined)));
  });

  const fileLeave = async (a: LoggedInAgent): Promise<{ id: string; version: number }> => {
    const res = await a.agent
      .post('/api/v1/requests')
      .set('X-XSRF-TOKEN', a.xsrf)
      .send({ agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2031-07-14', dateTo: '2031-07-18', deputy: await userId(db, 'triha') } });
    expect(res.status).toBe(201);
    return { id: res.body.id, version: res.body.version };
  };
  const submit = (a: LoggedInAgent, r: { id: string; version: number }) =>
    a.agent.post(`/api/v1/requests/${r.id}/transitions`).set('X-XSRF-TOKEN', a.xsrf).send({ transition: 'submit', expectedVersion: r.version });
  /** Locks the request's row from outside the app, so the app's transaction waits on it mid-way. */
  const lockRequestRow = async (id: string): Promise<Client> => {
    const holder = await agendySession('agendy-it-row-holder');
    extra.push(holder);
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM requests WHERE id = $1 FOR UPDATE', [id]);
    return holder;
  };

  it('killed mid-transaction (pg_terminate_backend): 503 SERVICE_UNAVAILABLE with Retry-After, and the next try works', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const filed = await fileLeave(jnovak);
    const holder = await lockRequestRow(filed.id);

    let settled: unknown;
    const answer = submit(jnovak, filed).then((r) => (settled = r));
    const pid = await eventually(async () => {
      if (settled) throw new Error(`the transition answered before it waited: ${JSON.stringify((settled as { body: unknown }).body)}`);
      // Not through the holder: inside its transaction pg_stat_activity is a snapshot frozen at first read.
      const { rows } = await observer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'agendy-api' AND wait_event_type = 'Lock'`,
      );
      return rows[0]?.pid;
    }, 15_000, 'the transition waiting on the locked row');
    await observer.query('SELECT pg_terminate_backend($1)', [pid]);

    const res = await answer;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.stringify(res.body)).not.toMatch(/terminat|SELECT|UPDATE|127\.0\.0\.1|5432/i);

    await holder.query('ROLLBACK');
    // Nothing was committed; the pool replaced the dead connection; the retry goes through.
    const retry = await submit(jnovak, filed);
    expect(retry.status).toBe(200);
  });

  it('killed while idle in transaction (Node awaiting something mid-transaction): the error TypeORM throws maps to 503', async () => {
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const outcome = db
      .transaction(async (em) => {
        await em.query('SELECT 1');
        started();
        await paused; // the shape of the issue 18 freeze: the transaction waits in Node, not in PostgreSQL
        await em.query('SELECT 2');
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    await inside;
    const pid = await eventually(async () => {
      const { rows } = await observer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'agendy-api' AND state = 'idle in transaction'`,
      );
      return rows[0]?.pid;
    }, 15_000, 'the transaction idle in transaction');
    await observer.query('SELECT pg_terminate_backend($1)', [pid]);
    await eventually(async () => ((await observer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0 ? true : undefined), 15_000, 'backend gone');
    release();

    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    // Whichever error TypeORM surfaces (released runner, terminated connection), it is an outage.
    expect(classifyBackendFailure(error)).toBe('unavailable');
    const { problem, headers } = toProblem(error, 'r', '/x');
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(headers['Retry-After']).toBe('5');
  });

  it('a lock wait past lock_timeout (55P03): 503 DATABASE_BUSY with Retry-After, no SQL in the answer', async () => {
    const jnovak = await loginAs(busyApp, 'jnovak');
    const filed = await fileLeave(jnovak);
    const holder = await lockRequestRow(filed.id);
    try {
      const res = await submit(jnovak, filed);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DATABASE_BUSY', status: 503 });
      expect(res.headers['retry-after']).toBe('2');
      expect(JSON.stringify(res.body)).not.toMatch(/lock timeout|SELECT|UPDATE|FOR UPDATE|55P03/i);
      expect(res.body.detail).toBeUndefined();
    } finally {
      await holder.query('ROLLBACK');
    }
    const retry = await submit(jnovak, filed);
    expect(retry.status).toBe(200);
  });
});
