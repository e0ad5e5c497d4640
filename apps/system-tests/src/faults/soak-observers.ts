import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { HttpSample } from '@agendy/server/testing';

/**
 * What the chaos soak watches while it runs: the database from the outside (a sampler on its own
 * connection) and every HTTP exchange the virtual users make.
 */

export interface HeldBackend {
  ms: number;
  app: string;
  query: string;
}

/** What the sampler saw, over the whole run. */
export interface ActivityReport {
  samples: number;
  /** The longest pause between two samples (the schedule is every `intervalMs`). */
  maxGapMs: number;
  idleInTransaction: HeldBackend;
  lockWait: HeldBackend;
  /** Samples that saw a session idle in transaction for `limitMs` or longer. */
  overLimit: number;
  error: string | null;
}

/**
 * The sampler itself, as a script for a process of its own: the test's event loop is busy with
 * twenty virtual users and would stretch a 200 ms cadence. It stops when its stdin closes and
 * prints its report as JSON.
 */
const SAMPLER_SCRIPT = `
const { Client } = require('pg');
const limit = Number(process.env.SAMPLER_LIMIT_MS);
const every = Number(process.env.SAMPLER_INTERVAL_MS);
const report = { samples: 0, maxGapMs: 0, overLimit: 0, idleInTransaction: { ms: 0, app: '', query: '' }, lockWait: { ms: 0, app: '', query: '' }, error: null };
let running = true;
process.stdin.on('end', () => (running = false));
process.stdin.resume();
const sql = \`SELECT application_name AS app, state, wait_event_type,
  coalesce(extract(epoch FROM now() - state_change) * 1000, 0)::float8 AS in_state_ms,
  coalesce(extract(epoch FROM now() - query_start) * 1000, 0)::float8 AS query_ms, left(query, 300) AS query
  FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'agendy%' AND pid <> pg_backend_pid()
  AND (state LIKE 'idle in transaction%' OR wait_event_type = 'Lock')\`;
(async () => {
  const client = new Client({ connectionString: process.env.SAMPLER_URL, application_name: 'soak-sampler' });
  await client.connect();
  let last = Date.now();
  let next = last;
  while (running) {
    const { rows } = await client.query(sql);
    report.samples++;
    let over = false;
    for (const r of rows) {
      if (r.state && r.state.startsWith('idle in transaction')) {
        if (r.in_state_ms > report.idleInTransaction.ms) report.idleInTransaction = { ms: r.in_state_ms, app: r.app, query: r.query };
        if (r.in_state_ms >= limit) over = true;
      }
      if (r.wait_event_type === 'Lock' && r.query_ms > report.lockWait.ms) report.lockWait = { ms: r.query_ms, app: r.app, query: r.query };
    }
    if (over) report.overLimit++;
    const now = Date.now();
    report.maxGapMs = Math.max(report.maxGapMs, now - last);
    last = now;
    next += every;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await client.end();
})().then(
  () => process.stdout.write(JSON.stringify(report)),
  (e) => { report.error = String(e && e.stack || e); process.stdout.write(JSON.stringify(report)); process.exitCode = 1; },
);
`;

/**
 * Every `intervalMs` (200 ms), on a connection of its own (never the apps' pools, which may be
 * exhausted — exactly when it matters) and in a process of its own, looks at the Agendy sessions
 * of this database in pg_stat_activity: the longest any of them has been `idle in transaction` (a
 * transaction held open while Node does something else: the shape of the freeze of issue 18), and
 * the longest statement waiting on a lock (measured from the statement's start: PostgreSQL does not
 * say when the wait began, so it is an upper bound).
 */
export class ActivitySampler {
  private child: ChildProcess | null = null;
  private output = '';
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    private readonly url: string,
    private readonly limitMs: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    const child = spawn(process.execPath, ['-e', SAMPLER_SCRIPT], {
      cwd: join(__dirname, '../../../..'),
      env: { ...process.env, SAMPLER_URL: this.url, SAMPLER_LIMIT_MS: String(this.limitMs), SAMPLER_INTERVAL_MS: String(this.intervalMs) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
    this.child = child;
  }

  async stop(): Promise<ActivityReport> {
    this.child?.stdin?.end();
    const code = await this.exited;
    try {
      return JSON.parse(this.output) as ActivityReport;
    } catch {
      throw new Error(`the activity sampler failed (exit ${code}): ${this.output.slice(-2000)}`);
    }
  }
}

export interface RouteStats {
  route: string;
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** Answers other than 2xx, e.g. "409 STALE ×3". */
  other: Map<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Every HTTP attempt of every virtual user. */
export class HttpLog {
  readonly samples: HttpSample[] = [];

  readonly observe = (s: HttpSample): void => {
    this.samples.push(s);
  };

  get count(): number {
    return this.samples.length;
  }

  get max(): HttpSample | undefined {
    return this.samples.reduce<HttpSample | undefined>((m, s) => (!m || s.ms > m.ms ? s : m), undefined);
  }

  p(pct: number): number {
    return percentile(this.samples.map((s) => s.ms).sort((a, b) => a - b), pct);
  }

  /** Answers at or over `ms`. */
  slowerThan(ms: number): HttpSample[] {
    return this.samples.filter((s) => s.ms >= ms);
  }

  /** 5xx answers and attempts that got no answer at all. */
  failures(): HttpSample[] {
    return this.samples.filter((s) => s.status >= 500 || s.status === 0);
  }

  byRoute(): RouteStats[] {
    const groups = new Map<string, HttpSample[]>();
    for (const s of this.samples) {
      const key = `${s.method} ${s.route}`;
      const list = groups.get(key);
      if (list) list.push(s);
      else groups.set(key, [s]);
    }
    return [...groups]
      .map(([route, list]) => {
        const ms = list.map((s) => s.ms).sort((a, b) => a - b);
        const other = new Map<string, number>();
        for (const s of list) {
          if (s.status >= 200 && s.status < 300) continue;
          const k = `${s.status || 'no answer'}${s.code ? ` ${s.code}` : ''}`;
          other.set(k, (other.get(k) ?? 0) + 1);
        }
        return { route, count: list.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1], other };
      })
      .sort((a, b) => b.count - a.count);
  }
}
