#!/usr/bin/env node
// `npm start`: the whole Agendy system on one port, with embedded defaults for a fresh machine.
//   1. build api, worker and web (Nx cache makes this quick after the first time)
//   2. PostgreSQL: DATABASE_URL, else an embedded cluster under .data/pg
//   3. Redis: REDIS_URL (default redis://127.0.0.1:6379), else a redis-server from PATH under .data/redis
//   4. migrations + demo data (idempotent), then api + worker; the api also serves the web app.
//
// Lifecycle (docs/operations.md, "npm start"):
//  - This process supervises the others: an api, worker, embedded PostgreSQL or Redis we started
//    that dies is restarted with backoff (1 s, 2 s, 4 s … 30 s), each restart logged.
//  - SIGTERM, SIGINT (Ctrl+C) or SIGHUP — to this process, to npm (which forwards it; the script
//    is `exec node …` so no shell sits in between and swallows it), or to the whole process group —
//    stops everything in order: the api drains its HTTP connections and the worker finishes its
//    jobs, and only then are Redis and PostgreSQL stopped. A parent that goes away counts as SIGTERM.
//  - Nothing outlives an abrupt death of this process: the api and the worker exit when their IPC
//    channel to us closes, and watchdog.mjs (its own session) then stops Redis and PostgreSQL.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './postgres.mjs';
import { ensureRedis } from './redis.mjs';
import { readyMessage, supervise } from './supervise.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const dataDir = resolve(root, env.AGENDY_DATA_DIR ?? '.data');
const port = Number(env.PORT ?? 3000);
const startedAt = Date.now();
/** The apps' own shutdown timeout (SHUTDOWN_TIMEOUT_MS) plus time to exit; then they are killed. */
const appStopTimeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000) + 5000;

const log = (msg) => process.stdout.write(`[agendy] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What is running, in start order; stopped in reverse groups (apps, then Redis, then PostgreSQL). */
const stack = { build: null, setup: null, apps: [], redis: null, postgres: null, watchdog: null, starting: [] };

/** A service being started: a stop meanwhile waits for it, so that it is stopped too, not orphaned. */
function starting(promise) {
  stack.starting.push(promise.catch(() => undefined));
  return promise;
}
let stopping = false;

async function shutdown(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) log(why);
  for (const step of [stack.build, stack.setup]) if (step && step.exitCode === null && step.signalCode === null) step.kill('SIGTERM');
  // The apps first, together: in-flight requests and jobs still need PostgreSQL and Redis.
  const t0 = Date.now();
  if (stack.apps.length) {
    await Promise.all(stack.apps.map((app) => app.stop()));
    log(`api and worker stopped (${((Date.now() - t0) / 1000).toFixed(1)} s); stopping Redis and PostgreSQL`);
  }
  await Promise.all(stack.starting);
  for (const [name, service] of [
    ['Redis', stack.redis],
    ['PostgreSQL', stack.postgres],
  ]) {
    if (!service) continue;
    try {
      await service.stop();
    } catch (e) {
      log(`stopping ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Our exit closes the channel; `done` (written before we exit) tells the watchdog all is stopped.
  if (stack.watchdog?.connected) await new Promise((r) => stack.watchdog.send({ type: 'done' }, () => r()));
  log(`stopped${code === 0 ? '' : ` (exit code ${code})`}`);
  process.exit(code);
}

function onSignal(signal) {
  void shutdown(0, `${signal}: stopping (api and worker finish what they are doing, then Redis and PostgreSQL stop)`);
}

/**
 * When the parent dies (npm SIGKILLed, a shell script killed), nobody will send us a signal: we
 * are reparented (to init or a subreaper), so a changed ppid is our SIGHUP.
 */
function watchParent() {
  const parent = process.ppid;
  if (parent <= 1) return;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0, `the parent process (pid ${parent}) went away: stopping`);
  }, 500).unref();
}

/** The orphan guard (watchdog.mjs): its own session, connected to us by IPC only. */
function startWatchdog() {
  const child = spawn(process.execPath, [join(root, 'tools/dev/watchdog.mjs')], { cwd: root, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('error', () => undefined);
  stack.watchdog = child;
  return {
    watch: (c, name, mode, extra) => {
      if (!child.connected) return;
      child.send({ type: 'watch', pid: c.pid, name, mode, ...extra });
      c.once('exit', () => child.connected && child.send({ type: 'unwatch', pid: c.pid }));
    },
  };
}

// AGENDY_DIST_DIR: run an already built tree from elsewhere (several e2e runs side by side); never rebuilt.
const dist = env.AGENDY_DIST_DIR ? resolve(env.AGENDY_DIST_DIR) : join(root, 'dist');

/** Runs a step to completion; a stop meanwhile ends it. */
function runStep(slot, command, args, childEnv) {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  stack[slot] = child;
  return new Promise((resolveStep, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      stack[slot] = null;
      resolveStep(signal ? 128 : code);
    });
  });
}

async function build() {
  if (env.AGENDY_DIST_DIR) return;
  if (env.AGENDY_SKIP_BUILD === '1' && existsSync(join(dist, 'apps/api/main.js'))) return;
  log('building api, worker and web …');
  const nxEnv = { ...env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_USE_LOCAL: 'true', NX_TUI: 'false' };
  // One build at a time: each webpack build forks a type checker and Angular's esbuild has its own
  // workers, so on a small machine (2 cores here) running them together was slower (cold: 86 s vs 76 s).
  const status = await runStep('build', 'npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--parallel=1', '--output-style=static'], nxEnv);
  if (status !== 0 && !stopping) throw new Error('the build failed (see above)');
}

/** The api or the worker: an IPC channel (ready message; it exits when the channel closes), restarted when it dies. */
function app(name, entry, childEnv, watchdog) {
  return supervise({
    name,
    log,
    spawn: () => {
      const child = spawn(process.execPath, [entry], { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('error', () => undefined);
      return child;
    },
    ready: readyMessage,
    onSpawn: (child) => watchdog.watch(child, name, 'wait', { cmdline: entry }),
    stopSignals: ['SIGTERM'],
    stopTimeoutMs: appStopTimeoutMs,
    onFatal: (why) => void shutdown(1, `${why} while the system was starting; stopping everything`),
  });
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
    await sleep(250);
  }
  return false;
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));
  watchParent();

  await build();
  if (stopping) return;
  const watchdog = startWatchdog();
  const fatal = (why) => void shutdown(1, `${why} while the system was starting; stopping everything`);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await starting(
      ensurePostgres(dataDir, Number(env.EMBEDDED_PG_PORT ?? 54329), {
        log,
        onSpawn: (child, dir) => watchdog.watch(child, 'PostgreSQL', 'stop', { signal: 'SIGINT', cwd: dir }),
        onFatal: fatal,
      }).then((started) => (stack.postgres = started)),
    );
    databaseUrl = pg.url;
  } else {
    log('PostgreSQL: using DATABASE_URL');
  }
  if (stopping) return;
  const redis = await starting(
    ensureRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir, {
      log,
      onSpawn: (child, dir) => watchdog.watch(child, 'Redis', 'stop', { signal: 'SIGTERM', cwd: dir }),
      onFatal: fatal,
    }).then((started) => (stack.redis = started)),
  );
  if (stopping) return;

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

  const setup = await runStep('setup', process.execPath, [join(dist, 'apps/api/cli.js'), 'setup'], childEnv);
  if (stopping) return;
  if (setup !== 0) throw new Error('database setup failed (see above)');

  const worker = app('worker', join(dist, 'apps/worker/main.js'), childEnv, watchdog);
  const api = app('api', join(dist, 'apps/api/main.js'), childEnv, watchdog);
  stack.apps.push(worker, api);
  // A failure here ends in shutdown(1) through onFatal; the rejections themselves say nothing more.
  const started = Promise.all([worker.start(), api.start()]).then(
    () => true,
    () => false,
  );

  const base = `http://127.0.0.1:${port}`;
  if ((await started) && (await waitHealthy(`${base}/api/health`, 60_000))) {
    if (stopping) return;
    for (const a of stack.apps) a.restartOnExit();
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    log(`ready in ${seconds} s: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
    if (childEnv.DEMO_MODE === 'true') log('demo accounts: jnovak, jdvorakova, triha, pstastny, lcerna, ohajek, mhorakova, kprochazka, ezemanova, vbenes, zkucerova, mvesela, rmarek, lsvobodova, pkral, ahavlova, jpokorny, tdusek — password "demo" (see README)');
  } else if (!stopping) {
    await shutdown(1, 'the api did not become healthy within 60 s; stopping');
  }
}

process.on('uncaughtException', (e) => void shutdown(1, `unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
main().catch(async (e) => {
  process.stderr.write(`[agendy] ${e instanceof Error ? e.message : String(e)}\n`);
  await shutdown(1);
});

