import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Helpers of the fault tests that run the whole system the way people run it — `npm start` from a
 * built tree (AGENDY_DIST_DIR), with its embedded PostgreSQL and its own redis-server under a
 * throw-away data dir — and then stop it, or kill parts of it, from outside.
 */
export const repoRoot = join(__dirname, '../../../..');

/**
 * The built api and worker, copied to dist/faults-<database>/apps so a rebuild of dist/apps by
 * somebody else cannot change the code under test while it runs. Built once per test run (the
 * suite runs in band: the jest process is the run); Nx's cache makes that quick when nothing
 * changed. FAULTS_DIST_DIR: use a snapshot made earlier (tools/dev/build-snapshot.sh) instead.
 * The web app is not needed: the api serves it only when it was built.
 */
export function builtDist(): string {
  if (process.env['FAULTS_DIST_DIR']) return resolve(repoRoot, process.env['FAULTS_DIST_DIR']);
  const target = join(repoRoot, 'dist', `faults-${process.env['TEST_DATABASE_NAME'] ?? 'agendy_faults'}`);
  const stamp = join(target, 'built-by-pid');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(process.pid)) return target;
  // The same lock as tools/dev/build-snapshot.sh: two Nx builds into dist/apps at once clobber it.
  const script = `npx nx run-many -t build -p api worker --output-style=static && rm -rf '${target}' && mkdir -p '${target}/apps' && cp -r dist/apps/api dist/apps/worker '${target}/apps/'`;
  const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
  const r = spawnSync(hasFlock ? 'flock' : 'sh', hasFlock ? ['/tmp/agendy-build.lock', 'sh', '-c', script] : ['-c', script], {
    cwd: repoRoot,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_USE_LOCAL: 'true', NX_TUI: 'false' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) {
    // Nx prints a fallback notice per project; what went wrong is in the other lines.
    const said = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !/Falling back to ts-node|@swc-node\/register/.test(l));
    throw new Error(`building api and worker failed (exit ${r.status ?? r.signal}):\n${said.join('\n').slice(-6000)}`);
  }
  writeFileSync(stamp, String(process.pid));
  return target;
}

export interface StackPorts {
  http: number;
  postgres: number;
  redis: number;
}

/** `npm start` in its own process group (like a terminal's foreground job), output collected. */
export class NpmStart {
  private child: ChildProcess | null = null;
  output = '';
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });

  constructor(
    readonly runDir: string,
    readonly dist: string,
    readonly ports: StackPorts,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    mkdirSync(runDir, { recursive: true });
    // mkdtemp makes it 0700; as root, PostgreSQL runs as the "postgres" user, who must get through.
    chmodSync(runDir, 0o755);
  }

  get base(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  get dataDir(): string {
    return join(this.runDir, 'data');
  }

  get databaseUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.ports.postgres}/agendy`;
  }

  get npmPid(): number {
    if (!this.child?.pid) throw new Error('npm start is not running');
    return this.child.pid;
  }

  /** The node process running tools/dev/start.mjs (npm's child: the script `exec`s it). */
  get startPid(): number {
    const pid = childrenOf(this.npmPid).find((p) => cmdlineOf(p).includes('tools/dev/start.mjs'));
    if (!pid) throw new Error(`no start.mjs under npm (pid ${this.npmPid})`);
    return pid;
  }

  /** Starts and resolves once start.mjs reports the system ready. */
  async start(timeoutMs = 150_000): Promise<void> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_ENV' && !k.startsWith('npm_')) env[k] = v;
    Object.assign(env, {
      // The suite's own database is not the one under test: start.mjs runs an embedded one.
      DATABASE_URL: '',
      AGENDY_DIST_DIR: this.dist,
      AGENDY_DATA_DIR: this.dataDir,
      PORT: String(this.ports.http),
      EMBEDDED_PG_PORT: String(this.ports.postgres),
      // Nobody answers there, so start.mjs starts (and must stop) a redis-server of its own.
      REDIS_URL: `redis://127.0.0.1:${this.ports.redis}`,
      QUEUE_PREFIX: 'agendy-faults',
      LOG_LEVEL: 'warn',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      ...this.extraEnv,
    });
    this.output = '';
    const child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (b: Buffer) => (this.output += b.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    await this.waitForLog(/\[agendy\] ready in/, timeoutMs, 'npm start ready');
  }

  /** Resolves when a line matching `pattern` has been printed since `from` (an offset into `output`). */
  async waitForLog(pattern: RegExp, timeoutMs: number, what: string, from = 0): Promise<string> {
    const until = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const m = pattern.exec(this.output.slice(from));
      if (m) return m[0];
      if (exited) throw new Error(`${what}: npm start exited first. Output:\n${this.output.slice(-4000)}`);
      if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms. Output:\n${this.output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The end of a test file: SIGTERM to the group, then anything of the run still there is killed. */
  async stop(timeoutMs = 60_000): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.npmPid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    this.killEverything();
  }

  /** Last resort of a failed test: nothing of the run may outlive it. */
  killEverything(): void {
    for (const p of processesOf(this.runDir)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

export function cmdlineOf(pid: number): string {
  return readProc(pid, 'cmdline').replace(/\0/g, ' ').trim();
}

function childrenOf(pid: number): number[] {
  return allPids().filter((p) => Number(readProc(p, 'stat').replace(/^.*\) /s, '').split(' ')[1]) === pid);
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/**
 * Every process that belongs to the run: its working directory, command line or environment names
 * the run dir (AGENDY_DATA_DIR is inherited by npm, start.mjs, the watchdog, the api and the
 * worker; PostgreSQL and Redis work in their data dirs under it).
 */
export function processesOf(runDir: string): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      /* gone, a zombie, or not ours */
    }
    const cmd = cmdlineOf(pid);
    if (cwd.startsWith(runDir) || cmd.includes(runDir) || readProc(pid, 'environ').includes(runDir)) found.push({ pid, cmd: cmd || `(pid ${pid})` });
  }
  return found;
}

/** The pid of a process of the run whose command line contains `needle`. */
export function pidOf(runDir: string, needle: string): number | undefined {
  return processesOf(runDir).find((p) => p.cmd.includes(needle))?.pid;
}

/** True when something accepts TCP connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A logged-in user over plain node:http with keep-alive — the kind of client the old shutdown
 * kept serving on its open connections. Cookies and the XSRF token are kept across restarts of
 * the system (sessions live in PostgreSQL).
 */
export class Session {
  private readonly cookies = new Map<string, string>();
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private base: string,
    readonly username: string,
  ) {}

  /** A new system run: new connections (and possibly a new port). */
  reconnect(base: string): void {
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.base = base;
  }

  close(): void {
    this.agent.destroy();
  }

  async login(): Promise<void> {
    await this.send('GET', '/api/v1/auth/me');
    const res = await this.send('POST', '/api/v1/auth/login', { username: this.username, password: 'demo' });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${res.body}`);
  }

  /** One HTTP exchange; rejects on network errors (refused, reset, closed without an answer). */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.base);
    return new Promise((resolveAnswer, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: 30_000,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
            ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
            ...(this.cookies.has('XSRF-TOKEN') ? { 'x-xsrf-token': decodeURIComponent(this.cookies.get('XSRF-TOKEN') ?? '') } : {}),
            ...headers,
          },
        },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const at = pair.indexOf('=');
            this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/**
 * Waits up to `timeoutMs` for every process of the run to be gone and every port to be closed;
 * returns what is still there (empty: all clean).
 */
export async function leftovers(runDir: string, ports: StackPorts, timeoutMs = 30_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = processesOf(runDir).map((p) => `pid ${p.pid}: ${p.cmd}`);
    for (const [name, port] of Object.entries(ports)) if (await listening(port)) left.push(`port ${port} (${name}) still open`);
    if (!left.length || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}
