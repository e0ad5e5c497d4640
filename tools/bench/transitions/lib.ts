// Small helpers of the transitions benchmark: child processes, a cookie-keeping HTTP session, statistics.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const log = (msg: string): void => {
  process.stdout.write(`[bench] ${msg}\n`);
};

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A child node process whose output is kept (last lines shown if it dies) rather than interleaved. */
export class Child {
  private readonly proc: ChildProcess;
  private tail: string[] = [];
  exited = false;

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
  ) {
    // BENCH_NODE_ARGS: extra node flags for the api and worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS).
    const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (buf: Buffer) => {
      this.tail.push(...buf.toString().split('\n').filter(Boolean));
      if (this.tail.length > 40) this.tail = this.tail.slice(-40);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.proc.on('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  lastOutput(): string {
    return this.tail.join('\n');
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await done;
    clearTimeout(timer);
  }
}

/** A browser-like client: keeps cookies, sends the XSRF token on state-changing requests. */
export class Session {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private absorb(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const idx = pair.indexOf('=');
      const name = pair.slice(0, idx);
      const value = pair.slice(idx + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const xsrf = this.cookies.get('XSRF-TOKEN');
    if (xsrf) h['x-xsrf-token'] = decodeURIComponent(xsrf);
    if (json) h['content-type'] = 'application/json';
    return h;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this.base + path, { method, headers: this.headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
    this.absorb(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  static async login(base: string, username: string, password = 'demo'): Promise<Session> {
    const s = new Session(base);
    await s.request('GET', '/api/v1/auth/me');
    if (!s.cookies.has('XSRF-TOKEN')) throw new Error('no XSRF-TOKEN cookie from /api/v1/auth/me');
    const res = await s.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return s;
  }
}

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentiles, milliseconds rounded to 0.01. */
export function stats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const r = (x: number) => Math.round(x * 100) / 100;
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return { count: s.length, p50: r(pick(50)), p95: r(pick(95)), p99: r(pick(99)), mean: r(mean), max: r(s[s.length - 1] ?? NaN) };
}

/** Runs `work(i)` for i in 0..n-1 with at most `concurrency` in flight. */
export async function pool<T>(n: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return Number.isInteger(n) ? String(n) : n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);
}
