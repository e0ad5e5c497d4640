import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer, SCHEDULES } from '@agendy/server/queue';
import { eventually, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createWorker } from '../app/create-worker';

/** The hourly purge of expired Idempotency-Keys, through the queue to the worker's handler. */
describe('worker: housekeeping.purge-idempotency-keys', () => {
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

  it('is scheduled hourly and deletes expired keys only', async () => {
    expect(SCHEDULES).toContainEqual(expect.objectContaining({ job: 'housekeeping.purge-idempotency-keys', everyMs: 3_600_000 }));
    await db.query(`
      INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, claim_token, committed_at, finished_at, response_status, created_at, expires_at)
      SELECT id, k.key, 'f', 'POST', '/api/v1/requests', gen_random_uuid(), now(), now(), 201, now() - k.age, now() - k.age + interval '24 hours'
        FROM users, (VALUES ('expired', interval '25 hours'), ('live', interval '1 hour')) AS k(key, age)
       WHERE username = 'jnovak'`);
    await producer.enqueue('housekeeping.purge-idempotency-keys', {});
    const left = await eventually(async () => {
      const rows: Array<{ key: string }> = await db.query('SELECT key FROM idempotency_keys ORDER BY key');
      return rows.length === 1 ? rows : undefined;
    });
    expect(left).toEqual([{ key: 'live' }]);
  });
});
