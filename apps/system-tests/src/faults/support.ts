import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort } from '@agendy/server/testing';

/** Where initdb and pg_ctl live: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
function pgBin(): string {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('no PostgreSQL server binaries: set PG_BIN to the directory holding initdb and pg_ctl');
  return join(root, versions[0], 'bin');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root; as root we run its tools as the "postgres" system user. */
function runPg(tool: string, args: string[]): string {
  const bin = join(pgBin(), tool);
  return isRoot ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : execFileSync(bin, args, { encoding: 'utf8' });
}

/**
 * A throw-away PostgreSQL cluster (initdb into a temp dir, its own port, trust auth) that a
 * fault test may stop and start. Never the shared server on 5432.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'agendy-pg-'));
  port = 0;

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(db: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  async init(): Promise<void> {
    this.port = await freePort();
    if (isRoot) {
      chmodSync(this.dir, 0o777);
      execFileSync('chown', ['postgres', this.dir]);
    }
    runPg('initdb', ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N']);
    await this.start();
  }

  async start(): Promise<void> {
    runPg('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-t', '30', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, 'start']);
    await eventually(async () => {
      const c = new Client({ connectionString: this.adminUrl });
      try {
        await c.connect();
        await c.query('SELECT 1');
        return true;
      } catch {
        return undefined;
      } finally {
        await c.end().catch(() => undefined);
      }
    }, 20_000, `private PostgreSQL on ${this.port}`);
  }

  /** `fast`: the way a restart by the operator or a failover looks to the apps (connections cut). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    runPg('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  async createDatabase(name: string): Promise<string> {
    const c = new Client({ connectionString: this.adminUrl });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}"`);
    } finally {
      await c.end();
    }
    return this.urlFor(name);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      /* already down */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The worker as its own OS process, started from source (ts-node, transpile only) so the test
 * needs no build, and killable with SIGKILL like a crashed container.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  start(): ChildProcess {
    const root = join(__dirname, '../../../..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'apps/worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.integration.json'), TS_NODE_TRANSPILE_ONLY: 'true', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000)));
    child.stderr?.on('data', (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000)));
    this.child = child;
    return child;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
