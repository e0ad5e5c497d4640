import { AppConfig, ConfigError, loadConfig } from './config';
import { preflight, PreflightError } from './preflight';

/** The shutdown timeout before the configuration is known (a signal during boot). */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** The message a supervised process (see tools/dev/start.mjs) sends its supervisor once it serves. */
export const READY_MESSAGE = 'agendy:ready';

type StopReason = NodeJS.Signals | 'disconnect';

/**
 * SIGTERM, SIGINT or SIGHUP — or, under a supervisor (`npm start`), the IPC channel to it closing
 * because the supervisor died — calls `close` once: the api drains its HTTP connections, the
 * worker finishes its jobs, then connections close and the process exits 0. Further signals are
 * ignored (Ctrl+C reaches the whole process group and the supervisor forwards SIGTERM as well).
 * A shutdown that hangs is cut off after `timeoutMs` with exit code 1, so an orchestrator never
 * waits forever. Returns `stop`, which does the same for any other reason.
 */
export function exitGracefullyOnSignals(close: () => Promise<unknown>, timeout: number | (() => number), name: string): (reason: StopReason) => void {
  let closing = false;
  const stop = (reason: StopReason) => {
    if (closing) return;
    closing = true;
    const timeoutMs = typeof timeout === 'number' ? timeout : timeout();
    setTimeout(() => {
      process.stderr.write(`${name}: shutdown after ${reason} took longer than ${timeoutMs} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`${name}: error during shutdown: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // Like PR_SET_PDEATHSIG, portably: a supervised child never outlives its supervisor.
  if (process.send) {
    if (!process.connected) stop('disconnect');
    else process.once('disconnect', () => stop('disconnect'));
  }
  return stop;
}

/** Ends the process with one line on stderr: what operators read in `docker logs` or journald. */
export function die(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(1);
}

/**
 * The shared boot sequence of the api and the worker: validate the environment, check PostgreSQL
 * and Redis, start, and close gracefully on SIGTERM. Any failure before the start ends in one
 * readable line and exit code 1 — never a stack trace or a retry loop.
 * `knownErrors` are error types whose message is already meant for operators.
 * A stop requested while booting waits for the boot to finish and then closes what it started
 * (the worker may already be running jobs by then).
 */
export async function bootProcess(
  name: string,
  start: (config: AppConfig) => Promise<{ close: () => Promise<unknown> }>,
  knownErrors: Array<new (...args: never[]) => Error> = [],
): Promise<void> {
  let running: { close: () => Promise<unknown> } | undefined;
  let timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let stopRequested = false;
  let booted!: () => void;
  const bootDone = new Promise<void>((resolve) => (booted = resolve));
  exitGracefullyOnSignals(
    async () => {
      stopRequested = true;
      await bootDone;
      await running?.close();
    },
    // Read when the stop comes: the configured timeout once the config is loaded.
    () => timeoutMs,
    name,
  );
  try {
    const config = loadConfig();
    timeoutMs = config.shutdownTimeoutMs;
    for (const warning of await preflight(config)) process.stderr.write(`${name}: warning: ${warning}\n`);
    running = await start(config);
    booted();
    if (!stopRequested && process.send && process.connected) process.send({ type: READY_MESSAGE, pid: process.pid });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PreflightError || knownErrors.some((k) => e instanceof k)) die(name, (e as Error).message);
    die(name, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
