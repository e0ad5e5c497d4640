#!/usr/bin/env node
// `npm start`: the whole Agendy system on one port, with embedded defaults for a fresh machine.
//   1. build api, worker and web (Nx cache makes this quick after the first time)
//   2. PostgreSQL: DATABASE_URL, else an embedded cluster under .data/pg
//   3. Redis: REDIS_URL (default redis://127.0.0.1:6379), else a redis-server from PATH under .data/redis
//   4. migrations + demo data (idempotent), then api + worker; the api also serves the web app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './postgres.mjs';
import { ensureRedis } from './redis.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const dataDir = resolve(root, env.AGENDY_DATA_DIR ?? '.data');
const port = Number(env.PORT ?? 3000);
const startedAt = Date.now();

const log = (msg) => process.stdout.write(`[agendy] ${msg}\n`);
const cleanups = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup failed: ${e.message}`));
  process.exit(code);
}

// AGENDY_DIST_DIR: run an already built tree from elsewhere (several e2e runs side by side); never rebuilt.
const dist = env.AGENDY_DIST_DIR ? resolve(env.AGENDY_DIST_DIR) : join(root, 'dist');

function build() {
  if (env.AGENDY_DIST_DIR) return;
  if (env.AGENDY_SKIP_BUILD === '1' && existsSync(join(dist, 'apps/api/main.js'))) return;
  log('building api, worker and web …');
  const nxEnv = { ...env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_USE_LOCAL: 'true', NX_TUI: 'false' };
  // One build at a time: each webpack build forks a type checker and Angular's esbuild has its own
  // workers, so on a small machine (2 cores here) running them together was slower (cold: 86 s vs 76 s).
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--parallel=1', '--output-style=static'], { cwd: root, env: nxEnv, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed (see above)');
}

function run(name, args, childEnv) {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  cleanups.push(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  );
  return child;
}

async function waitHealthy(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  build();

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await ensurePostgres(dataDir, Number(env.EMBEDDED_PG_PORT ?? 54329), log);
    cleanups.push(pg.stop);
    databaseUrl = pg.url;
  } else {
    log('PostgreSQL: using DATABASE_URL');
  }
  const redis = await ensureRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir, log);
  cleanups.push(redis.stop);

  const childEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    PORT: String(port),
    DEMO_MODE: env.DEMO_MODE ?? 'true',
    // The demo is served over plain http on localhost, where Secure cookies would not stick.
    COOKIE_SECURE: env.COOKIE_SECURE ?? 'false',
    WEB_DIST_DIR: env.WEB_DIST_DIR ?? join(dist, 'apps/web/browser'),
    NODE_ENV: env.NODE_ENV ?? 'production',
  };

  const setup = spawnSync(process.execPath, [join(dist, 'apps/api/cli.js'), 'setup'], { cwd: root, env: childEnv, stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('database setup failed (see above)');

  run('worker', [join(dist, 'apps/worker/main.js')], childEnv);
  run('api', [join(dist, 'apps/api/main.js')], childEnv);

  const base = `http://127.0.0.1:${port}`;
  if (await waitHealthy(`${base}/api/health`, 60_000)) {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    log(`ready in ${seconds} s: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
    if (childEnv.DEMO_MODE === 'true') log('demo accounts: jnovak, jdvorakova, triha, pstastny, lcerna, ohajek, mhorakova, kprochazka, ezemanova, vbenes — password "demo" (see README)');
  } else if (!stopping) {
    log('the api did not become healthy within 60 s; stopping');
    await shutdown(1);
  }
}

main().catch(async (e) => {
  process.stderr.write(`[agendy] ${e instanceof Error ? e.message : String(e)}\n`);
  await shutdown(1);
});
