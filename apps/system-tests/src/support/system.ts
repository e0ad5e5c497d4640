/* eslint-disable @nx/enforce-module-boundaries -- the system under test is the two apps themselves (see ../../README.md) */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer } from '@agendy/server/queue';
import { testConfig } from '@agendy/server/testing';
import { createApiApp } from '../../../api/src/app/create-app';
import { createWorker } from '../../../worker/src/app/create-worker';

export interface RunningSystem {
  app: INestApplication;
  worker: INestApplicationContext;
  db: DataSource;
  /** Drops this run's effect jobs from Redis and closes the worker, then the api. */
  stop(): Promise<void>;
}

/** The api and the worker in this process, sharing one config (and so one queue prefix). */
export async function startSystem(overrides: Record<string, string> = {}): Promise<RunningSystem> {
  const config = testConfig({ OUTBOX_POLL_MS: '100', ...overrides });
  const app = await createApiApp(config);
  await app.init();
  const worker = await createWorker(config);
  return {
    app,
    worker,
    db: app.get(DataSource),
    async stop() {
      await app.get(JobProducer).queue('effects').obliterate({ force: true }).catch(() => undefined);
      await worker.close();
      await app.close();
    },
  };
}
