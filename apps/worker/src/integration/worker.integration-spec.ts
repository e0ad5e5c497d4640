import { Injectable, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfigModule, loggerParams } from '@agendy/server/core';
import { dataSourceOptions } from '@agendy/server/db';
import { HandlerRegistryError, JOB_QUEUE, JobHandler, JobProducer, QUEUES, QueueModule, SCHEDULES, WorkerHost, WorkerHostModule } from '@agendy/server/queue';
import { seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { LoggerModule } from 'nestjs-pino';
import { createWorker } from '../app/create-worker';
import { HeartbeatHandler } from '../app/heartbeat.handler';
import { WorkerModule } from '../app/worker.module';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker: BullMQ on real Redis, handlers writing to real PostgreSQL', () => {
  let worker: INestApplicationContext;
  let db: DataSource;
  let producer: JobProducer;

  beforeAll(async () => {
    worker = await createWorker(testConfig());
    db = worker.get(DataSource);
    producer = worker.get(JobProducer);
  });
  afterAll(async () => {
    await producer.queue('housekeeping').obliterate({ force: true });
    await worker.close();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
  });

  it('runs an enqueued heartbeat job end to end', async () => {
    await producer.enqueue('housekeeping.heartbeat', { requestedAt: new Date().toISOString() });
    const row = await eventually(async () => {
      const rows: Array<{ worker_id: string; beats: string }> = await db.query('SELECT worker_id, beats FROM worker_heartbeats');
      return rows[0];
    });
    expect(row.worker_id).toContain(`:${process.pid}:`);
    expect(Number(row.beats)).toBeGreaterThanOrEqual(1);
  });

  it('treats a job id seen before as the same job (deterministic ids make re-sends no-ops)', async () => {
    const first = await producer.enqueue('housekeeping.heartbeat', { requestedAt: 'a' }, { jobId: 'hb-fixed-1' });
    const second = await producer.enqueue('housekeeping.heartbeat', { requestedAt: 'b' }, { jobId: 'hb-fixed-1' });
    expect(second).toBe(first);
    const job = await producer.queue('housekeeping').getJob('hb-fixed-1');
    expect(job?.data).toEqual({ requestedAt: 'a' });
  });

  it('purges expired sessions and keeps live ones', async () => {
    await db.query(`
      INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
      SELECT 'expired-' || username, id, 'x', now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour', now() + interval '1 hour' FROM users WHERE username = 'jnovak'
      UNION ALL
      SELECT 'live-' || username, id, 'x', now(), now(), now() + interval '30 minutes', now() + interval '12 hours' FROM users WHERE username = 'triha'`);
    await producer.enqueue('housekeeping.purge-sessions', {});
    const left = await eventually(async () => {
      const rows: Array<{ token_hash: string }> = await db.query('SELECT token_hash FROM sessions ORDER BY token_hash');
      return rows.length === 1 ? rows : undefined;
    });
    expect(left).toEqual([{ token_hash: 'live-triha' }]);
  });

  it('declares every recurring schedule of the catalogue at boot, on its own queue', async () => {
    for (const queue of QUEUES) {
      const schedulers = await producer.queue(queue).getJobSchedulers();
      const expected = SCHEDULES.filter((s) => JOB_QUEUE[s.job] === queue).map((s) => s.job);
      expect(schedulers.map((s) => s.key).sort()).toEqual([...expected].sort());
    }
    // The office's own housekeeping is always among them.
    const housekeeping = await producer.queue('housekeeping').getJobSchedulers();
    expect(housekeeping.map((s) => s.key)).toEqual(expect.arrayContaining(['housekeeping.heartbeat', 'housekeeping.purge-sessions']));
  });
});

/** Boots like createWorker() does, expects the refusal, and closes what was opened before it. */
async function expectBootRefused(module: Type<unknown>, error: RegExp | (new (...args: never[]) => Error)): Promise<void> {
  const ctx = await NestFactory.createApplicationContext(module, { logger: false });
  try {
    await expect(ctx.get(WorkerHost).start()).rejects.toThrow(error);
  } finally {
    await ctx.close();
  }
}

describe('worker boot refuses an incomplete or ambiguous handler set', () => {
  @Injectable()
  class SecondHeartbeat {
    @JobHandler('housekeeping.heartbeat')
    async beat(): Promise<void> {
      /* a deliberate duplicate */
    }
  }

  it('refuses two handlers for one job', async () => {
    const config = testConfig();
    @Module({ imports: [WorkerModule.forRoot(config)], providers: [SecondHeartbeat] })
    class DuplicateModule {}
    await expectBootRefused(DuplicateModule, HandlerRegistryError);
  });

  it('refuses a catalogued job without a handler', async () => {
    const config = testConfig();
    @Module({
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database.url, 2), retryAttempts: 0 }),
        QueueModule.forRoot(),
        WorkerHostModule,
      ],
      providers: [HeartbeatHandler],
    })
    class MissingPurgeModule {}
    await expectBootRefused(MissingPurgeModule, /"housekeeping.purge-sessions" has no handler/);
  });
});
