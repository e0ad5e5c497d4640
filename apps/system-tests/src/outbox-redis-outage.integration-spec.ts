import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { distinctLeaveDay, eventually, freePort, loadShippedAgendas, loginAs, PrivateRedis, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

/**
 * Redis goes away in the middle of 100 transitions. It runs on its own port (never the shared
 * Redis on 6379) and comes back EMPTY, as after a crash without persistence: the outbox must
 * still deliver every effect, and none twice.
 */
describe('outbox: transitions while Redis is down', () => {
  const redis = new PrivateRedis(0);
  let system: RunningSystem | undefined;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    Object.assign(redis, { port: await freePort() });
    await redis.start();
    system = await startSystem({ REDIS_URL: redis.url, OUTBOX_REDELIVER_SECONDS: '2' });
    ({ app, db } = system);
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await redis.stop();
  });

  it('commits all 100 transitions, then delivers every effect exactly once when Redis is back', async () => {
    const filer = await loginAs(app, 'jnovak');
    const manager = await loginAs(app, 'jdvorakova');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await filer.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', filer.xsrf).send({ agenda: 'leave-request', data: distinctLeaveDay(i) });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await redis.stop();

    const statuses: number[] = [];
    for (const id of ids) {
      const res = await filer.agent.post(`/api/v1/requests/${id}/transitions`).set('X-XSRF-TOKEN', filer.xsrf).send({ transition: 'submit', expectedVersion: 1 });
      statuses.push(res.status);
    }
    for (const id of ids) {
      const res = await manager.agent.post(`/api/v1/requests/${id}/transitions`).set('X-XSRF-TOKEN', manager.xsrf).send({ transition: 'return', comment: 'Doplňte zástup.', expectedVersion: 2 });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(100).fill(200));
    const [pending]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE job = 'effects.notify' AND processed_at IS NULL`);
    expect(pending.n).toBe(50);

    await redis.start();
    const processed = await eventually(
      async () => {
        const [row]: Array<{ done: number; open: number }> = await db.query(
          `SELECT count(*) FILTER (WHERE processed_at IS NOT NULL)::int AS done, count(*) FILTER (WHERE processed_at IS NULL)::int AS open
           FROM outbox WHERE job = 'effects.notify'`,
        );
        return row.open === 0 ? row.done : undefined;
      },
      45_000,
      'all notifications processed',
    );
    expect(processed).toBe(50);
    const twice: unknown[] = await db.query(`SELECT id FROM outbox WHERE process_count > 1`);
    expect(twice).toEqual([]);
    const [notes]: Array<{ n: number; distinct_effects: number }> = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT effect_id)::int AS distinct_effects FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'jdvorakova'`,
    );
    expect(notes).toEqual({ n: 50, distinct_effects: 50 });
    // The timers written during the outage are on BullMQ now, delayed until due.
    const [timers]: Array<{ unrelayed: number }> = await db.query(`SELECT count(*)::int AS unrelayed FROM outbox WHERE job = 'effects.timer' AND relayed_at IS NULL`);
    expect(timers.unrelayed).toBe(0);
  }, 120_000);
});
