/**
 * `npm run bench:load` — a mixed workload of many simulated users against the BUILT api and
 * worker (issue 12). Not in CI.
 *
 *  1. Creates its own database (agendy_ops_load on TEST_DATABASE_ADMIN_URL), runs `cli setup`
 *     with DEMO_MODE=true, adds `--users` (200) employees of Odbor informatiky, starts the built
 *     api and worker (dist/apps, or --dist dist/<snapshot>/apps) on a free port with their own
 *     QUEUE_PREFIX. Every simulated user logs in once (own session, own XSRF token).
 *  2. Runs autocannon instances side by side for --duration seconds (default 600), one per
 *     endpoint, with connections split over the mix below. Drafts filed by "file" are submitted by
 *     "submit" and approved by the department head's sessions in "approve" (ids flow through
 *     in-process pools), so the workflow really moves.
 *  3. Samples api and worker resident memory every 10 s. Prints per endpoint: requests,
 *     throughput, p50/p95/p99, non-2xx (expected conflicts, 409, listed apart), and memory at start,
 *     middle and end. JSON in dist/bench/load.json.
 *
 * Options: --duration S (600)  --users N (200)  --dist DIR (dist/apps)  --keep  --log-level L (warn)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { addBusinessDays } from '@agendy/shared/util';
import { Child, freePort, log, sleep, table } from '../transitions/lib';

const root = resolve(__dirname, '../../..');
const DB_NAME = 'agendy_ops_load';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}
const opts = {
  duration: Number(option('--duration', '600')),
  users: Number(option('--users', '200')),
  dist: resolve(root, option('--dist', 'dist/apps')),
  keep: process.argv.includes('--keep'),
  logLevel: option('--log-level', 'warn'),
};

/** One logged-in simulated user: the cookie header and the XSRF token autocannon sends. */
interface UserSession {
  username: string;
  cookie: string;
  xsrf: string;
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const idx = pair.indexOf('=');
    jar.set(pair.slice(0, idx), pair.slice(idx + 1));
  }
}

async function login(base: string, username: string): Promise<UserSession> {
  const jar = new Map<string, string>();
  cookiesOf(await fetch(`${base}/api/v1/auth/me`), jar);
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: header(), 'x-xsrf-token': decodeURIComponent(jar.get('XSRF-TOKEN') ?? '') },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  cookiesOf(res, jar);
  return { username, cookie: header(), xsrf: decodeURIComponent(jar.get('XSRF-TOKEN') ?? '') };
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * Ids handed from one endpoint's responses to another endpoint's requests, per owner: only the
 * filer may submit a draft. Approvals take from every owner (key '*').
 */
class IdPool {
  private readonly items = new Map<string, Array<{ id: string; version: number }>>();
  push(owner: string, id: string, version: number): void {
    const list = this.items.get(owner) ?? [];
    if (list.length < 1000) list.push({ id, version });
    this.items.set(owner, list);
  }
  take(owner: string): { id: string; version: number } | undefined {
    if (owner !== '*') return this.items.get(owner)?.shift();
    for (const list of this.items.values()) if (list.length) return list.shift();
    return undefined;
  }
}

interface Scenario {
  name: string;
  /** Share of the connections. */
  weight: number;
  /** Which sessions this endpoint's connections use. */
  sessions: 'employees' | 'head';
  method: 'GET' | 'POST';
  path: (ctx: Ctx) => string | undefined;
  body?: (ctx: Ctx) => unknown;
  onBody?: (status: number, body: string, ctx: Ctx) => void;
}
interface Ctx {
  user: UserSession;
  item?: { id: string; version: number };
  sentAt?: number;
}

const drafts = new IdPool();
const submitted = new IdPool();
let bookingSeq = 0;

const leaveDrafts = new Map<string, number>();
function leaveDayFor(username: string): { type: 'dovolena'; dateFrom: string; dateTo: string } {
  const n = leaveDrafts.get(username) ?? 0;
  leaveDrafts.set(username, n + 1);
  const day = addBusinessDays(`${2031 + Math.floor(n / 10)}-02-02`, (n % 10) * 3);
  return { type: 'dovolena', dateFrom: day, dateTo: day };
}

function scenarios(roomId: string | undefined): Scenario[] {
  const list: Scenario[] = [
    { name: 'GET /requests (inbox: my requests)', weight: 20, sessions: 'employees', method: 'GET', path: () => '/api/v1/requests?limit=20' },
    { name: 'GET /tasks (inbox: my tasks)', weight: 15, sessions: 'employees', method: 'GET', path: () => '/api/v1/tasks' },
    { name: 'GET /notifications/unread-count', weight: 15, sessions: 'employees', method: 'GET', path: () => '/api/v1/notifications/unread-count' },
    {
      name: 'POST /requests (file a draft)',
      weight: 10,
      sessions: 'employees',
      method: 'POST',
      path: () => '/api/v1/requests',
      // Each draft of a user on its own day, at most ten a year: submitted leave must pass the overlap and balance checks.
      body: (ctx) => ({ agenda: 'leave-request', data: { ...leaveDayFor(ctx.user.username), note: 'zátěžový test' } }),
      onBody: (status, body, ctx) => {
        if (status === 201) drafts.push(ctx.user.username, JSON.parse(body).id, 1);
      },
    },
    {
      name: 'POST /requests/:id/transitions submit',
      weight: 8,
      sessions: 'employees',
      method: 'POST',
      path: (ctx) => (ctx.item ? `/api/v1/requests/${ctx.item.id}/transitions` : undefined),
      body: (ctx) => ({ transition: 'submit', expectedVersion: ctx.item?.version }),
      onBody: (status, body) => {
        if (status === 200) {
          const r = JSON.parse(body) as { id: string; version: number };
          submitted.push('*', r.id, r.version);
        }
      },
    },
    { name: 'GET /tasks (head of department)', weight: 5, sessions: 'head', method: 'GET', path: () => '/api/v1/tasks' },
    {
      name: 'POST /requests/:id/transitions approve',
      weight: 7,
      sessions: 'head',
      method: 'POST',
      path: (ctx) => (ctx.item ? `/api/v1/requests/${ctx.item.id}/transitions` : undefined),
      body: (ctx) => ({ transition: 'approve', expectedVersion: ctx.item?.version }),
    },
    { name: 'GET /attendance/days', weight: 8, sessions: 'employees', method: 'GET', path: () => '/api/v1/attendance/days?from=2026-11-01&to=2026-11-30' },
  ];
  if (roomId) {
    list.push(
      { name: 'GET /resources/availability', weight: 6, sessions: 'employees', method: 'GET', path: () => `/api/v1/resources/availability?type=room&from=2027-03-01T07:00:00Z&to=2027-03-01T17:00:00Z` },
      {
        name: 'POST /bookings',
        weight: 6,
        sessions: 'employees',
        method: 'POST',
        path: () => '/api/v1/bookings',
        body: () => {
          // Spread over many future days; some collide on purpose (409 is a correct answer).
          const n = bookingSeq++;
          const day = new Date(Date.UTC(2027, 0, 4) + (n % 700) * 86_400_000);
          const hour = 7 + (Math.floor(n / 700) % 9);
          const start = new Date(day.getTime() + hour * 3_600_000);
          return { resourceId: roomId, title: `Porada ${n}`, start: start.toISOString(), end: new Date(start.getTime() + 45 * 60_000).toISOString() };
        },
      },
    );
  }
  return list;
}

interface EndpointResult {
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  conflicts: number;
  errors: number;
  codes: string;
}

function runScenario(base: string, s: Scenario, connections: number, sessions: UserSession[], seconds: number): Promise<EndpointResult> {
  const pool = s.name.includes('submit') ? drafts : s.name.includes('approve') ? submitted : undefined;
  let next = 0;
  let conflicts = 0;
  const codes = new Map<string, number>();
  const samples: number[] = [];
  let nonOk = 0;
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: s.method,
            setupRequest: (req, context) => {
              const ctx = context as unknown as Ctx;
              ctx.user ??= sessions[next++ % sessions.length];
              ctx.item = pool ? pool.take(s.sessions === 'head' ? '*' : ctx.user.username) : undefined;
              ctx.sentAt = performance.now();
              const path = s.path(ctx) ?? '/api/v1/notifications/unread-count';
              const body = s.body && (!pool || ctx.item) ? JSON.stringify(s.body(ctx)) : undefined;
              return {
                ...req,
                method: pool && !ctx.item ? 'GET' : s.method,
                path,
                headers: { cookie: ctx.user.cookie, 'x-xsrf-token': ctx.user.xsrf, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
                body,
              };
            },
            onResponse: (status, body, context) => {
              const ctx = context as unknown as Ctx;
              // With an empty pool the connection sent a filler GET instead: not this endpoint's request.
              if (pool && !ctx.item) return;
              samples.push(performance.now() - (ctx.sentAt ?? performance.now()));
              if (status < 200 || status >= 300) nonOk++;
              if (status === 409) conflicts++;
              if (status >= 300) {
                let code = '';
                try {
                  code = (JSON.parse(body) as { code?: string }).code ?? '';
                } catch {
                  /* not JSON */
                }
                const key = `${status}${code ? ' ' + code : ''}`;
                codes.set(key, (codes.get(key) ?? 0) + 1);
              }
              s.onBody?.(status, body, ctx);
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolvePromise({
          name: s.name,
          connections,
          requests: samples.length,
          rps: Math.round((samples.length / seconds) * 10) / 10,
          p50: percentile(samples, 0.5),
          p95: percentile(samples, 0.95),
          p99: percentile(samples, 0.99),
          non2xx: nonOk,
          conflicts,
          errors: result.errors + result.timeouts,
          codes: [...codes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ×${n}`).join(', '),
        });
      },
    );
    instance.on('error', () => undefined);
  });
}

/**
 * Latency is measured here, per request this endpoint really sent (autocannon's own histogram
 * would include the filler GETs a submit/approve connection sends while its pool is empty).
 */
function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

async function main(): Promise<void> {
  const adminUrl = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  const dbUrl = u.toString();
  const tmp = mkdtempSync(join(tmpdir(), 'agendy-load-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
    await admin.end();
    cleanups.push(async () => {
      if (opts.keep) return;
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await a.end();
    });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `agendy-load-${process.pid}`,
      DEMO_MODE: 'true',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: opts.logLevel,
      PUBLIC_BASE_URL: base,
      ATTACHMENTS_DIR: join(tmp, 'attachments'),
      SMTP_URL: '',
      WEB_DIST_DIR: '',
    };
    log(`database ${DB_NAME}: cli setup (${opts.dist}) …`);
    const setup = spawnSync(process.execPath, [join(opts.dist, 'api/cli.js'), 'setup'], { cwd: root, env, encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`cli setup failed:\n${setup.stdout}${setup.stderr}`);
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    cleanups.push(() => db.end());
    await db.query(
      `INSERT INTO users (username, display_name, email, department_id, auth_source, roles, password_hash)
       SELECT 'load' || lpad(g::text, 3, '0'), 'Zátěžový uživatel ' || g, NULL, (SELECT department_id FROM users WHERE username = 'jnovak'), 'local', ARRAY['employee'], (SELECT password_hash FROM users WHERE username = 'jnovak')
       FROM generate_series(1, $1) g ON CONFLICT DO NOTHING`,
      [opts.users],
    );
    const worker = new Child('worker', [join(opts.dist, 'worker/main.js')], env, root);
    const api = new Child('api', [join(opts.dist, 'api/main.js')], env, root);
    cleanups.push(() => worker.stop());
    cleanups.push(() => api.stop());
    for (let i = 0; ; i++) {
      if (api.exited || worker.exited) throw new Error(`a process exited:\n${api.lastOutput()}\n${worker.lastOutput()}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.status === 200).catch(() => false);
      if (ok) break;
      if (i > 300) throw new Error('api not healthy within 60 s');
      await sleep(200);
    }
    log(`api pid ${api.pid}, worker pid ${worker.pid} on ${base}; logging in ${opts.users} users …`);
    const employees: UserSession[] = [];
    for (let i = 1; i <= opts.users; i += 10) {
      employees.push(...(await Promise.all(Array.from({ length: Math.min(10, opts.users - i + 1) }, (_, k) => login(base, `load${String(i + k).padStart(3, '0')}`)))));
    }
    const head = await Promise.all(Array.from({ length: 10 }, () => login(base, 'jdvorakova')));
    const rooms = await fetch(`${base}/api/v1/resources?type=room`, { headers: { cookie: employees[0].cookie } }).then((r) => (r.ok ? (r.json() as Promise<{ items?: Array<{ id: string; requiresApproval?: boolean }> }>) : { items: [] }));
    const roomId = rooms.items?.find((r) => !r.requiresApproval)?.id ?? rooms.items?.[0]?.id;

    const mix = scenarios(roomId);
    const totalWeight = mix.reduce((a, s) => a + s.weight, 0);
    // One connection per simulated user: 200 users → 200 connections spread over the mix.
    const connectionsOf = (s: Scenario) => Math.max(1, Math.round((opts.users * s.weight) / totalWeight));
    const memory: Array<{ t: number; api: number; worker: number }> = [];
    const t0 = Date.now();
    const sample = () => memory.push({ t: Math.round((Date.now() - t0) / 1000), api: rssMb(api.pid), worker: rssMb(worker.pid) });
    sample();
    const sampler = setInterval(sample, 10_000);
    log(`running ${mix.length} endpoints, ${mix.reduce((a, s) => a + connectionsOf(s), 0)} connections, ${opts.duration} s …`);
    const results = await Promise.all(mix.map((s) => runScenario(base, s, connectionsOf(s), s.sessions === 'head' ? head : employees, opts.duration)));
    clearInterval(sampler);
    sample();
    const seconds = (Date.now() - t0) / 1000;
    const [[{ requests_total, approved }]] = [
      await db.query(`SELECT count(*)::int AS requests_total, count(*) FILTER (WHERE state = 'approved')::int AS approved FROM requests`).then((r) => r.rows as Array<{ requests_total: number; approved: number }>),
    ];

    const total = results.reduce((a, r) => a + r.requests, 0);
    const unexpected = results.reduce((a, r) => a + r.non2xx - r.conflicts + r.errors, 0);
    console.log('\n' + table(['endpoint', 'conn', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '409 (expected)', 'other non-2xx + errors'], results.map((r) => [r.name, r.connections, r.requests, r.rps, r.p50, r.p95, r.p99, r.conflicts, r.non2xx - r.conflicts + r.errors])));
    const mid = memory[Math.floor(memory.length / 2)];
    const last = memory[memory.length - 1];
    for (const r of results.filter((x) => x.codes)) console.log(`  ${r.name}: ${r.codes}`);
    console.log(`\ntotal ${total} requests in ${seconds.toFixed(0)} s = ${(total / seconds).toFixed(1)} req/s; error rate ${((100 * unexpected) / Math.max(1, total)).toFixed(2)} % (409 conflicts excluded: ${results.reduce((a, r) => a + r.conflicts, 0)})`);
    console.log(`workflow: ${requests_total} requests in the database, ${approved} approved`);
    console.log(`memory (RSS MB) api ${memory[0].api} → ${mid.api} → ${last.api}, worker ${memory[0].worker} → ${mid.worker} → ${last.worker} (start → middle → end)`);
    mkdirSync(join(root, 'dist/bench'), { recursive: true });
    writeFileSync(join(root, 'dist/bench/load.json'), JSON.stringify({ at: new Date().toISOString(), opts, seconds, total, unexpected, results, memory, requests_total, approved }, null, 2));
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
