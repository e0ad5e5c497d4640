// The orphan guard of `npm start`. PostgreSQL and Redis run in their own sessions (a Ctrl+C to the
// terminal's process group must not stop them before the api and the worker have drained), so
// nothing would stop them if start.mjs died abruptly (SIGKILL, a crash). This process, also in its
// own session, is connected to start.mjs by an IPC channel; when the channel closes without a
// `done` message, it does what start.mjs would have done: waits for the api and the worker (they
// notice the same closed channel and drain), then stops Redis and PostgreSQL. Linux's
// PR_SET_PDEATHSIG does the same for one process, but Node cannot set it and it is Linux-only.
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';

const WAIT_FOR_APPS_MS = 40_000;
const STOP_TIMEOUT_MS = 30_000;

/** pid → { name, mode: 'wait' | 'stop', signal, cwd?, cmdline? } in the order start.mjs announced them. */
const entries = new Map();
let done = false;

const log = (msg) => {
  try {
    process.stdout.write(`[agendy] watchdog: ${msg}\n`);
  } catch {
    /* nobody reads our output any more */
  }
};
process.stdout.on('error', () => undefined);

/** The process is still the one we were told about (pids get reused): same cwd or same command line. */
function isSame(pid, e) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    if (e.cwd) return readlinkSync(`/proc/${pid}/cwd`) === realpathSync(e.cwd);
    if (e.cmdline) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(e.cmdline);
  } catch {
    // No /proc (macOS) or no permission: the pid is alive and was ours a moment ago.
  }
  return true;
}

async function gone(pid, e, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isSame(pid, e)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isSame(pid, e);
}

async function cleanUp() {
  const list = [...entries].map(([pid, e]) => ({ pid, ...e }));
  for (const e of list.filter((x) => x.mode === 'wait')) {
    if (!(await gone(e.pid, e, WAIT_FOR_APPS_MS)) && isSame(e.pid, e)) {
      log(`${e.name} (pid ${e.pid}) did not stop; killing it`);
      process.kill(e.pid, 'SIGKILL');
    }
  }
  for (const e of list.filter((x) => x.mode === 'stop').reverse()) {
    if (!isSame(e.pid, e)) continue;
    log(`stopping ${e.name} (pid ${e.pid})`);
    process.kill(e.pid, e.signal);
    if (!(await gone(e.pid, e, STOP_TIMEOUT_MS)) && isSame(e.pid, e)) process.kill(e.pid, 'SIGKILL');
  }
}

process.on('message', (m) => {
  if (m?.type === 'watch') entries.set(m.pid, { name: m.name, mode: m.mode, signal: m.signal ?? 'SIGTERM', cwd: m.cwd, cmdline: m.cmdline });
  else if (m?.type === 'unwatch') entries.delete(m.pid);
  else if (m?.type === 'done') done = true;
});
process.once('disconnect', () => {
  if (done) process.exit(0);
  log('start.mjs went away without stopping the system; stopping what it started');
  cleanUp().finally(() => process.exit(0));
});
