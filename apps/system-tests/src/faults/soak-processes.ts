import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { builtDist } from './npm-start';

const root = join(__dirname, '../../../..');

/**
 * The build the soak runs: the same one the other fault tests use (builtDist: built once per run
 * and copied aside, so an edit or a rebuild cannot change the code under test while it runs — a
 * worker restarted half-way must be the same program as the first). `SOAK_FROM_SOURCE=1` runs the
 * sources with ts-node instead.
 */
export function snapshotBuild(): string | null {
  return process.env['SOAK_FROM_SOURCE'] === '1' ? null : builtDist();
}

/**
 * The api or the worker as its own OS process, the way they run in production: its own event loop,
 * its own pool (DATABASE_POOL_SIZE), its own transaction guard. From a build (`dist`: see
 * snapshotBuild) or, when `dist` is null, from source with ts-node (transpile only). Everything it
 * prints goes to a log file, which the test reads afterwards (violations of the transaction guard).
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private tail = '';
  private readyMessage = false;
  /** Every run of this app (a restart adds one): the log files, oldest first. */
  readonly logFiles: string[] = [];

  constructor(
    readonly app: 'api' | 'worker',
    private readonly logDir: string,
    private readonly dist: string | null,
  ) {}

  start(env: Record<string, string>): void {
    const args = this.dist
      ? [join(this.dist, 'apps', this.app, 'main.js')]
      : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, `apps/${this.app}/src/main.ts`)];
    const file = join(this.logDir, `${this.app}-${this.logFiles.length + 1}.log`);
    this.logFiles.push(file);
    this.log = createWriteStream(file);
    this.readyMessage = false;
    // An IPC channel: the apps report "agendy:ready" through it once they serve.
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.integration.json'), TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const out = this.log;
    const keep = (c: Buffer) => {
      out.write(c);
      this.tail = (this.tail + c.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: unknown) => {
      if ((m as { type?: string })?.type === 'agendy:ready') this.readyMessage = true;
    });
    this.child = child;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines it printed (for error messages). */
  get recentOutput(): string {
    return this.tail;
  }

  /** Resolves once `probe` holds or the app said it is ready; throws if it exits or takes longer than `timeoutMs`. */
  async ready(timeoutMs: number, probe: () => Promise<boolean> = async () => false): Promise<number> {
    const t0 = Date.now();
    while (!this.readyMessage && !(await probe().catch(() => false))) {
      if (!this.running) throw new Error(`${this.app} exited during boot:\n${this.tail}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`${this.app} not ready within ${timeoutMs} ms:\n${this.tail}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return Date.now() - t0;
  }

  /** SIGTERM (graceful: in-flight requests and jobs finish), SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || !this.running) return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    await new Promise<void>((r) => (this.log ? this.log.end(r) : r()));
    return result;
  }

  /** How often each pattern occurs in everything this app printed, over all its runs. */
  count(pattern: RegExp): number {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    return this.logFiles.filter((f) => existsSync(f)).reduce((n, f) => n + (readFileSync(f, 'utf8').match(global)?.length ?? 0), 0);
  }

  /** Lines that match, at most `max`, over all runs. */
  lines(pattern: RegExp, max = 5): string[] {
    const out: string[] = [];
    for (const f of this.logFiles) {
      if (!existsSync(f)) continue;
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        if (pattern.test(line)) out.push(line.slice(0, 2000));
        if (out.length >= max) return out;
      }
    }
    return out;
  }
}
