/**
 * `npm run bench:transitions` — the request runtime under load (issue 5).
 *
 *  1. builds api + worker (nx, cached; `--no-build` skips), creates its own database `agendy_bench`
 *     on TEST_DATABASE_ADMIN_URL, runs `cli setup` (DEMO_MODE=true), starts the BUILT api and worker
 *     (own QUEUE_PREFIX, free port on 127.0.0.1) as child processes. The driver itself only uses
 *     node:* modules, fetch and `pg`, so it runs under tsx (the npm script) or plain node after tsc.
 *  2. HTTP: authenticated `save` transitions (POST /api/v1/requests/:id/transitions) on leave-request
 *     drafts with 8 and 32 clients — throughput, p50/p95/p99, errors.
 *  3. pgbench at the same concurrency with the equivalent 4-statement transaction
 *     (pgbench-transition.sql) on the same tables; ratio HTTP tps / pgbench tps.
 *  4. GET /api/v1/tasks for a user with 200 open tasks in a database of 1 000 000 requests
 *     (seeded by SQL, see seed-million.ts), with the EXPLAIN of the inbox query.
 *  5. summary table, JSON at dist/bench/transitions.json; stops its processes, drops the database
 *     unless --keep, deletes its Redis keys.
 *
 * Options: --keep  --no-build  --transitions N (per level, default 2000)  --max-seconds S (per level, 60)
 *          --pgbench-seconds S (15)  --requests N (1000000)  --skip-tasks  --log-level L (api/worker, default warn)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { fileDrafts, runLevel, SAVES_PER_REQUEST, type HttpLevelResult } from './http-transitions';
import { Child, freePort, log, Session, sleep, table } from './lib';
import { createPgbenchTargets, runPgbench, type PgbenchResult } from './pgbench';
import { explainInbox, measureTasks, seedMillion, type TasksResult } from './tasks-latency';

const root = resolve(__dirname, '../../..');
const DB_NAME = 'agendy_bench';
const LEVELS = [8, 32];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}
const flag = (name: string) => process.argv.includes(name);
const stringOption = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
};

const opts = {
  keep: flag('--keep'),
  build: !flag('--no-build'),
  transitions: option('--transitions', 2000),
  maxSeconds: option('--max-seconds', 60),
  pgbenchSeconds: option('--pgbench-seconds', 15),
  requests: option('--requests', 1_000_000),
  skipTasks: flag('--skip-tasks'),
  logLevel: stringOption('--log-level', 'warn'),
};

const cleanups: Array<() => Promise<void>> = [];
async function cleanup(): Promise<void> {
  for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
  cleanups.length = 0;
}

function build(): void {
  // One project at a time with --excludeTaskDependencies: the apps bundle their libraries with webpack,
  // and this keeps working even when nx sees a cycle between api and worker (it did while their
  // integration specs imported each other).
  const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_USE_LOCAL: 'true', NX_TUI: 'false' };
  for (const project of ['api', 'worker']) {
    log(`building ${project} …`);
    const r = spawnSync('npx', ['nx', 'run', `${project}:build`, '--excludeTaskDependencies', '--output-style=static'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`building ${project} failed`);
  }
}

async function waitHealthy(url: string, children: Child[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const dead = children.find((c) => c.exited);
    if (dead) throw new Error(`${dead.name} exited:\n${dead.lastOutput()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      /* not yet listening */
    }
    await sleep(200);
  }
  throw new Error(`${url} not healthy within ${timeoutMs} ms`);
}

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect();
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  log(`deleted ${deleted} Redis keys under ${prefix}:`);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const u = new URL(adminUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) throw new Error(`the benchmark runs against a local PostgreSQL only, not ${u.hostname}`);
  u.pathname = `/${DB_NAME}`;
  const dbUrl = u.toString();
  const queuePrefix = `agendy-bench-${process.pid}`;
  const tmp = mkdtempSync(join(tmpdir(), 'agendy-bench-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));

  if (opts.build) build();

  // 1. Database, setup, processes.
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  cleanups.push(async () => {
    if (opts.keep) return log(`kept database ${dbUrl}`);
    const a = new Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await a.end();
    log(`dropped database ${DB_NAME}`);
  });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    DEMO_MODE: 'true',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: opts.logLevel,
    LOG_PRETTY: 'false',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ATTACHMENTS_DIR: join(tmp, 'attachments'),
    SMTP_URL: '',
    WEB_DIST_DIR: '',
  };
  cleanups.push(() => deleteRedisKeys(redisUrl, queuePrefix));
  log(`database ${DB_NAME}: cli setup …`);
  const setup = spawnSync(process.execPath, ['dist/apps/api/cli.js', 'setup'], { cwd: root, env, encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`cli setup failed:\n${setup.stdout}${setup.stderr}`);
  const worker = new Child('worker', ['dist/apps/worker/main.js'], env, root);
  const api = new Child('api', ['dist/apps/api/main.js'], env, root);
  cleanups.push(() => worker.stop());
  cleanups.push(() => api.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/api/health`, [api, worker], 60_000);
  log(`api pid ${api.pid} and worker pid ${worker.pid} on ${base} (LOG_LEVEL=${opts.logLevel}, QUEUE_PREFIX=${queuePrefix})`);

  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  cleanups.push(() => db.end());

  // 2. HTTP transitions.
  const filer = await Session.login(base, 'jnovak');
  const perLevel = LEVELS.map((c) => Math.ceil(opts.transitions / SAVES_PER_REQUEST) + c);
  log(`filing ${perLevel.reduce((a, b) => a + b, 0)} leave-request drafts as jnovak (not timed) …`);
  const drafts = await fileDrafts(filer, perLevel.reduce((a, b) => a + b, 0) + 20);
  {
    // Warm-up: JIT, connection pools, caches.
    const warm = await Promise.all(Array.from({ length: 4 }, () => Session.login(base, 'jnovak')));
    await runLevel(warm, drafts.splice(0, 20), 100, 30);
  }
  const http: HttpLevelResult[] = [];
  for (const [i, clients] of LEVELS.entries()) {
    const sessions = await Promise.all(Array.from({ length: clients }, () => Session.login(base, 'jnovak')));
    const mine = drafts.splice(0, perLevel[i]);
    await db.query(`CHECKPOINT`).catch(() => undefined);
    log(`HTTP: ${opts.transitions} save transitions with ${clients} clients …`);
    const r = await runLevel(sessions, mine, opts.transitions, opts.maxSeconds);
    log(`  ${r.ok} ok in ${r.seconds.toFixed(1)} s = ${r.tps.toFixed(1)} tps, p95 ${r.latencyMs.p95} ms, ${r.errors} errors`);
    http.push(r);
  }

  // 3. pgbench, same concurrency, same tables.
  await createPgbenchTargets(db);
  const pg: PgbenchResult[] = [];
  for (const clients of LEVELS) {
    await db.query(`CHECKPOINT`).catch(() => undefined);
    log(`pgbench: -c ${clients} -j 2 -T ${opts.pgbenchSeconds} …`);
    const r = runPgbench(dbUrl, join(__dirname, 'pgbench-transition.sql'), clients, opts.pgbenchSeconds, tmp);
    log(`  ${r.transactions} transactions = ${r.tps.toFixed(1)} tps, p95 ${r.latencyMs.p95} ms, ${r.failed} failed`);
    pg.push(r);
  }

  // 4. The inbox with 1 000 000 requests.
  let tasks: TasksResult | null = null;
  if (!opts.skipTasks) {
    const seedSeconds = await seedMillion(db, opts.requests);
    const plan = await explainInbox(db, 'triha');
    log(`EXPLAIN (ANALYZE, BUFFERS) of the inbox query for triha:\n${plan}`);
    if (/Seq Scan on (tasks|requests)/.test(plan)) log('WARNING: the inbox query scans a big table sequentially (see the plan above)');
    tasks = await measureTasks(base, db, 'triha', plan, seedSeconds);
  }

  // 5. Summary.
  const rows: Array<Array<string | number>> = LEVELS.map((c, i) => [
    `${c} clients`,
    http[i].tps,
    http[i].latencyMs.p50,
    http[i].latencyMs.p95,
    http[i].latencyMs.p99,
    http[i].errors,
    pg[i].tps,
    pg[i].latencyMs.p50,
    pg[i].latencyMs.p95,
    pg[i].latencyMs.p99,
    pg[i].failed,
    `${((http[i].tps / pg[i].tps) * 100).toFixed(1)} %`,
  ]);
  const out: string[] = [];
  out.push('', 'Transitions: HTTP (POST /api/v1/requests/:id/transitions, `save`) vs pgbench (lock, update, history, outbox)', '');
  out.push(table(['concurrency', 'HTTP tps', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'pgbench tps', 'p50 ms', 'p95 ms', 'p99 ms', 'failed', 'HTTP/pgbench'], rows));
  if (tasks) {
    out.push('', `GET /api/v1/tasks — ${tasks.user} with ${tasks.userTasks} open tasks; ${tasks.requestsInDb} requests, ${tasks.tasksInDb} task rows (seeded in ${tasks.seedSeconds.toFixed(0)} s)`, '');
    out.push(
      table(
        ['run', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s'],
        tasks.runs.map((r) => [r.name, r.latencyMs.count, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.perSecond]),
      ),
    );
    out.push('', `inbox query plan: ${tasks.planSummary}`);
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  out.push('', `total run time ${totalSeconds.toFixed(0)} s`);
  process.stdout.write(out.join('\n') + '\n');

  const json = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    options: opts,
    transitions: LEVELS.map((c, i) => ({ clients: c, http: http[i], pgbench: pg[i], ratio: http[i].tps / pg[i].tps })),
    tasks,
    totalSeconds,
  };
  const file = join(root, 'dist/bench/transitions.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  log(`wrote ${file}`);
}

let exitCode = 0;
process.on('SIGINT', () => {
  log('interrupted; cleaning up');
  void cleanup().then(() => process.exit(130));
});
main()
  .catch((e: unknown) => {
    process.stderr.write(`[bench] FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    process.exit(exitCode);
  });
