// One child process of `npm start` under supervision: started, checked ready, restarted with
// exponential backoff when it dies on its own, stopped in the order start.mjs decides.

/** Restart delays: 1 s, 2 s, 4 s … capped at 30 s; a run that lasted a minute starts over at 1 s. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const STABLE_RUN_MS = 60_000;

const describeExit = (code, signal) => (signal ? `signal ${signal}` : `exit code ${code}`);
const alive = (child) => child && child.exitCode === null && child.signalCode === null;

/** Resolves when `child` exits (at once if it already has). */
export function exited(child) {
  return new Promise((resolve) => {
    if (!alive(child)) return resolve();
    child.once('exit', () => resolve());
  });
}

/** Waits for the child's `{ type: 'agendy:ready' }` IPC message (see libs/server/core process.ts); rejects if it exits first. */
export function readyMessage(child) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m && m.type === 'agendy:ready') {
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve();
      }
    };
    const onExit = (code, signal) => {
      child.off('message', onMessage);
      reject(new Error(`it exited before it was ready (${describeExit(code, signal)})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * @param {object} o
 * @param {string} o.name                 shown in the log ("api", "PostgreSQL")
 * @param {() => import('node:child_process').ChildProcess} o.spawn
 * @param {(child) => Promise<void>} o.ready  resolves once the child serves; rejects if it exits first
 * @param {() => Promise<void>} [o.beforeRestart]  e.g. PostgreSQL's stale lock file
 * @param {(msg: string) => void} o.log
 * @param {string[]} [o.stopSignals]      sent one after another, each given `stopTimeoutMs`; SIGKILL last
 * @param {number} [o.stopTimeoutMs]
 * @param {(child) => void} [o.onSpawn]   e.g. tell the watchdog the new pid
 * @param {(why: string) => void} o.onFatal  the child died while restarts are off (during the start)
 */
export function supervise(o) {
  const stopSignals = o.stopSignals ?? ['SIGTERM'];
  const stopTimeoutMs = o.stopTimeoutMs ?? 15_000;
  let child = null;
  let restarts = false;
  let stopping = false;
  let delayMs = FIRST_DELAY_MS;
  let timer = null;
  let count = 0;
  /** Children the supervisor itself stopped in order to start them again: their exit is no crash. */
  const replaced = new WeakSet();

  function launch() {
    const c = o.spawn();
    const startedAt = Date.now();
    child = c;
    o.onSpawn?.(c);
    c.once('exit', (code, signal) => {
      if (stopping || replaced.has(c)) return;
      const why = describeExit(code, signal);
      if (!restarts) return o.onFatal(`${o.name} exited (${why})`);
      if (Date.now() - startedAt >= STABLE_RUN_MS) delayMs = FIRST_DELAY_MS;
      const delay = delayMs;
      delayMs = Math.min(MAX_DELAY_MS, delayMs * 2);
      count++;
      const diedAt = Date.now();
      o.log(`${o.name} exited (${why}); restarting in ${delay / 1000} s (restart ${count})`);
      timer = setTimeout(() => void restart(diedAt), delay);
    });
    return c;
  }

  async function restart(diedAt) {
    timer = null;
    if (stopping) return;
    let launched = false;
    try {
      await o.beforeRestart?.();
      if (stopping) return;
      const c = launch();
      launched = true;
      await o.ready(c);
      if (!stopping) o.log(`${o.name} is back (pid ${c.pid}), ${((Date.now() - diedAt) / 1000).toFixed(1)} s after it went down`);
    } catch (e) {
      if (stopping) return;
      o.log(`${o.name} restart failed: ${e instanceof Error ? e.message : String(e)}`);
      // Nothing started (beforeRestart refused): try again later.
      if (!launched) return launchAfterFailure(diedAt);
      // A child that died again is rescheduled by its exit handler.
      if (!alive(child)) return;
      // Spawned but never became ready (e.g. PostgreSQL refusing its data dir): stop it and try again.
      replaced.add(child);
      await stopChild(child);
      if (!stopping) launchAfterFailure(diedAt);
    }
  }

  function launchAfterFailure(diedAt) {
    const delay = delayMs;
    delayMs = Math.min(MAX_DELAY_MS, delayMs * 2);
    timer = setTimeout(() => void restart(diedAt), delay);
  }

  async function stopChild(c) {
    for (const signal of [...stopSignals, 'SIGKILL']) {
      if (!alive(c)) return;
      c.kill(signal);
      await Promise.race([exited(c), new Promise((r) => setTimeout(r, signal === 'SIGKILL' ? 5000 : stopTimeoutMs).unref())]);
    }
  }

  return {
    get pid() {
      return alive(child) ? child.pid : undefined;
    },
    get child() {
      return child;
    },
    /** Starts the child once; throws when it does not become ready. */
    async start() {
      const c = launch();
      await o.ready(c);
    },
    /** From now on an unexpected exit is a restart, not a fatal error. */
    restartOnExit() {
      restarts = true;
    },
    /**
     * start(), then restarts on exit; a service that started but never became ready is stopped
     * before the error goes up, so it never lives on without us.
     */
    async startSupervised() {
      try {
        await this.start();
      } catch (e) {
        await this.stop();
        throw e;
      }
      this.restartOnExit();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (child) await stopChild(child);
    },
  };
}
