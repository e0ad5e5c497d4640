import { Worker } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@agendy/server/core';
import { dataSourceOptions, initializeGuardedDataSource } from '@agendy/server/db';
import { EffectIncidents, OutboxProcessor, OutboxRedelivery, OutboxRelay } from '@agendy/server/feature-outbox';
import { closeRedis, createRedis, JobEvents, JobProducer, type QueueName } from '@agendy/server/queue';
import { eventually, freePort, testConfig, truncateAll } from '@agendy/server/testing';

/**
 * The outbox's claim/release relay and its redelivery of effects whose jobs ran out of tries,
 * driven step by step (no worker loop running): real PostgreSQL and Redis, parts wired by hand.
 */
describe('outbox: claim, release and redelivery', () => {
  const APP = 'agendy-outbox-it';
  let config: AppConfig;
  let ds: DataSource;
  let producer: JobProducer;
  let relay: OutboxRelay;
  let incidents: EffectIncidents;
  let redelivery: OutboxRedelivery;
  let monitor: Client;

  beforeAll(async () => {
    // One try per job, redelivery after 1 s (doubling up to 4 s), rows stale after 1 s: the test's clock, not production's.
    config = testConfig({ JOB_ATTEMPTS: '1', OUTBOX_REDELIVER_SECONDS: '1', OUTBOX_REDELIVER_BACKOFF_SECONDS: '1', OUTBOX_REDELIVER_MAX_SECONDS: '4' });
    ds = await initializeGuardedDataSource(dataSourceOptions(config.database.url, 6, APP));
    producer = new JobProducer(config);
    relay = new OutboxRelay(ds, producer);
    incidents = new EffectIncidents(ds, config);
    redelivery = new OutboxRedelivery(ds, producer, relay, incidents, new JobEvents(), config);
    monitor = new Client({ connectionString: config.database.url });
    await monitor.connect();
  });
  afterAll(async () => {
    for (const q of ['effects'] as const) await producer.queue(q).obliterate({ force: true }).catch(() => undefined);
    await producer.onApplicationShutdown();
    await monitor.end();
    await ds.destroy();
  });
  beforeEach(async () => {
    await truncateAll(ds);
    await producer.queue('effects').obliterate({ force: true });
  });

  async function insertRows(n: number, prefix = 'r'): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}/1/${i}`);
    await ds.query(
      `INSERT INTO outbox (id, request_id, effect_type, job, effect, available_at)
       SELECT id, NULL, 'notify', 'effects.notify', '{"type":"notify"}'::jsonb, now() - interval '1 hour' FROM unnest($1::text[]) AS id`,
      [ids],
    );
    return ids;
  }

  async function row(id: string): Promise<{ relayed_at: Date | null; relay_attempts: number; relay_claim: string | null; last_error: string | null; redeliveries: number; redeliver_at: Date | null; processed_at: Date | null; process_count: number }> {
    const [r] = await ds.query(`SELECT relayed_at, relay_attempts, relay_claim, last_error, redeliveries, redeliver_at, processed_at, process_count FROM outbox WHERE id = $1`, [id]);
    return r;
  }

  it('claims in one statement and awaits Redis with no transaction open; four concurrent relayers relay each row once', async () => {
    const ids = await insertRows(300);
    const queue = producer.queue('effects');
    const addBulk = queue.addBulk.bind(queue);
    let idleInTransaction = 0;
    let calls = 0;
    // While the jobs go to Redis, no connection of this process may sit in a transaction.
    queue.addBulk = (async (jobs: Parameters<typeof addBulk>[0]) => {
      calls++;
      const [r]: Array<{ n: number }> = (
        await monitor.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state LIKE 'idle in transaction%'`, [APP])
      ).rows;
      idleInTransaction += r.n;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return addBulk(jobs);
    }) as typeof queue.addBulk;
    try {
      const relayers = [relay, new OutboxRelay(ds, producer), new OutboxRelay(ds, producer), new OutboxRelay(ds, producer)];
      const relayed = await Promise.all(relayers.map((r) => r.relayAll()));
      expect(relayed.reduce((a, b) => a + b, 0)).toBe(300);
    } finally {
      queue.addBulk = addBulk;
    }
    expect(calls).toBeGreaterThan(0);
    expect(idleInTransaction).toBe(0);
    const [counts]: Array<{ unrelayed: number; once: number }> = await ds.query(
      `SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS unrelayed, count(*) FILTER (WHERE relay_attempts = 1)::int AS once FROM outbox WHERE id = ANY($1)`,
      [ids],
    );
    expect(counts).toEqual({ unrelayed: 0, once: 300 });
    const jobs = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
    expect(jobs.waiting + jobs.delayed + jobs.prioritized).toBe(300);
    const job = await queue.getJob(ids[7]);
    expect(job?.data).toEqual({ outboxId: ids[7], delivery: 0 });
  });

  it('releases its claim when Redis fails: the row is unrelayed again, the attempt counted, the error kept', async () => {
    const [id] = await insertRows(1);
    const deadConfig = testConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, QUEUE_PREFIX: config.redis.queuePrefix });
    const deadProducer = new JobProducer(deadConfig);
    try {
      await expect(new OutboxRelay(ds, deadProducer).relayBatch()).rejects.toThrow();
    } finally {
      await deadProducer.onApplicationShutdown();
    }
    const released = await row(id);
    expect(released).toMatchObject({ relayed_at: null, relay_claim: null, relay_attempts: 1 });
    expect(released.last_error).toBeTruthy();

    expect(await relay.relayAll()).toBe(1);
    expect(await row(id)).toMatchObject({ relay_attempts: 2 });
    expect(await producer.queue('effects').getJob(id)).toBeTruthy();
  });

  it('leaves a row of a job this build does not know, without blocking the rows behind it', async () => {
    await ds.query(`INSERT INTO outbox (id, request_id, effect_type, job, effect, available_at, created_at) VALUES ('gone/1/0', NULL, 'gone', 'effects.gone', '{}', now(), now() - interval '1 day')`);
    const ids = await insertRows(2, 'after');
    expect(await relay.relayAll()).toBe(2);
    for (const id of ids) expect(await producer.queue('effects').getJob(id)).toBeTruthy();
    expect(await row('gone/1/0')).toMatchObject({ relayed_at: null, relay_attempts: 0 });
  });

  it('repairs a crash between claim and Redis: the sweep finds the job missing and relays the row again', async () => {
    const ids = await insertRows(3, 'crash');
    // A relayer claimed these rows and died before it reached Redis.
    await ds.query(`UPDATE outbox SET relayed_at = now() - interval '1 hour', relay_claim = gen_random_uuid(), relay_attempts = 1 WHERE id = ANY($1)`, [ids]);
    const found = await redelivery.inspectAll();
    expect(found).toMatchObject({ inspected: 3, lost: 3, exhausted: 0 });
    expect(await relay.relayAll()).toBe(3);
    for (const id of ids) expect((await producer.queue('effects').getJob(id))?.data).toEqual({ outboxId: id, delivery: 0 });
    // Jobs present and in hand: the next sweep leaves them alone.
    await ds.query(`UPDATE outbox SET relayed_at = now() - interval '1 hour' WHERE id = ANY($1)`, [ids]);
    expect(await redelivery.inspectAll()).toMatchObject({ inspected: 3, lost: 0, exhausted: 0 });
  });

  it('job failed → incident → redelivered under the same id → processed once → incident closed', async () => {
    const [id] = await insertRows(1, 'fail');
    await relay.relayAll();
    const queue = producer.queue('effects');
    // A worker whose handler always fails (JOB_ATTEMPTS=1): BullMQ gives up on the first try.
    const connection = createRedis(config.redis.url, 'worker');
    const failing = new Worker('effects' satisfies QueueName, async () => Promise.reject(new Error('database is away')), { connection, prefix: config.redis.queuePrefix });
    try {
      await eventually(async () => ((await queue.getJobState(id)) === 'failed' ? true : undefined), 20_000, 'job failed');
    } finally {
      await failing.close();
      await closeRedis(connection);
    }

    // The worker's report was lost (no listener here): the sweep finds the failed job.
    await ds.query(`UPDATE outbox SET relayed_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    expect(await redelivery.inspectAll()).toMatchObject({ exhausted: 1 });
    const scheduled = await row(id);
    expect(scheduled.redeliver_at).toBeTruthy();
    expect(scheduled.last_error).toBe('database is away');
    const [incident]: Array<{ id: string; closed_at: Date | null; failures: number; next_attempt_at: Date | null }> = await ds.query(`SELECT id, closed_at, failures, next_attempt_at FROM outbox_incidents WHERE outbox_id = $1`, [id]);
    expect(incident).toMatchObject({ closed_at: null, failures: 1 });
    expect(new Date(incident.next_attempt_at as Date).getTime()).toBe(new Date(scheduled.redeliver_at as Date).getTime());
    // Recording it again (the report arriving after all) changes nothing.
    expect(await incidents.recordExhausted({ outboxId: id, delivery: 0, error: 'late report' })).toBe('ignored');

    // Due after the 1 s backoff: the failed job is removed and added again under the same id.
    expect(await eventually(async () => ((await redelivery.redeliverDue()) === 1 ? true : undefined), 10_000, 'redelivery due')).toBe(true);
    expect(await queue.getJobState(id)).toBe('waiting');
    expect((await queue.getJob(id))?.data).toEqual({ outboxId: id, delivery: 1 });
    expect(await row(id)).toMatchObject({ redeliveries: 1, redeliver_at: null });
    // A late report about the first delivery's failure is recognised as stale.
    expect(await incidents.recordExhausted({ outboxId: id, delivery: 0, error: 'stale' })).toBe('ignored');

    const processor = new OutboxProcessor(ds);
    expect(await processor.runOnce(id, async () => undefined)).toBe('done');
    expect(await processor.runOnce(id, async () => undefined)).toBe('already-processed');
    expect(await row(id)).toMatchObject({ process_count: 1 });
    const [closed]: Array<{ n: number; open: number }> = await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM outbox_incidents WHERE outbox_id = $1`,
      [id],
    );
    expect(closed).toEqual({ n: 1, open: 0 });
    const listed = await incidents.list(true, 10);
    expect(listed.open).toBe(0);
    expect(listed.rows.map((r) => [r.outbox_id, r.redeliveries, r.closed_at !== null])).toEqual([[id, 1, true]]);
  });

  it('backs off 1 s, 2 s, 4 s, 4 s … between redeliveries and never gives up', async () => {
    const [id] = await insertRows(1, 'again');
    await ds.query(`UPDATE outbox SET relayed_at = now() WHERE id = $1`, [id]);
    const gaps: number[] = [];
    for (let n = 0; n < 5; n++) {
      expect(await incidents.recordExhausted({ outboxId: id, delivery: n, error: `failure ${n}` })).toBe(n === 0 ? 'opened' : 'recorded');
      const [r]: Array<{ gap: number }> = await ds.query(`SELECT round(EXTRACT(EPOCH FROM redeliver_at - now()))::int AS gap FROM outbox WHERE id = $1`, [id]);
      gaps.push(r.gap);
      // Skip the wait: the redelivery itself is what counts here.
      await ds.query(`UPDATE outbox SET redeliver_at = now() WHERE id = $1`, [id]);
      expect(await redelivery.redeliverDue()).toBe(1);
    }
    expect(gaps).toEqual([1, 2, 4, 4, 4]);
    const [incident]: Array<{ failures: number; last_error: string }> = await ds.query(`SELECT failures, last_error FROM outbox_incidents WHERE outbox_id = $1 AND closed_at IS NULL`, [id]);
    expect(incident).toEqual({ failures: 5, last_error: 'failure 4' });
    expect(await row(id)).toMatchObject({ redeliveries: 5 });
  });
});
