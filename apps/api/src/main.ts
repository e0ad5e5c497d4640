import 'reflect-metadata';
import type { Server } from 'node:http';
import { bootProcess } from '@agendy/server/core';
import { createApiApp } from './app/create-app';
import { installHttpDrain } from './http-drain';

/** What the shutdown keeps for closing the database and Redis after the HTTP drain. */
const CLOSE_RESERVE_MS = 2000;

void bootProcess('agendy-api', async (config) => {
  const app = await createApiApp(config);
  const drain = installHttpDrain(app.getHttpServer() as Server);
  await app.listen(config.http.port, config.http.host);
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), service: 'api', msg: `Agendy API listening on http://${config.http.host}:${config.http.port}` }) + '\n');
  return {
    // HTTP first (answers in flight are finished), then Nest's hooks close streams, pools and Redis.
    close: async () => {
      await drain.drain(Math.max(1000, config.shutdownTimeoutMs - CLOSE_RESERVE_MS));
      await app.close();
    },
  };
});
