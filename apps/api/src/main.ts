import 'reflect-metadata';
import { bootProcess } from '@agendy/server/core';
import { createApiApp } from './app/create-app';

void bootProcess('agendy-api', async (config) => {
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), service: 'api', msg: `Agendy API listening on http://${config.http.host}:${config.http.port}` }) + '\n');
  return app;
});
