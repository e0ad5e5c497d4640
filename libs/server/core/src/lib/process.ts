import { AppConfig, ConfigError, loadConfig } from './config';
import { preflight, PreflightError } from './preflight';

/**
 * SIGTERM/SIGINT: close the Nest app or context (HTTP server stops accepting, in-flight requests
 * and jobs finish, connections close), then exit 0. A shutdown that hangs is cut off after
 * `timeoutMs` with exit code 1, so an orchestrator never waits forever.
 */
export function exitGracefullyOnSignals(close: () => Promise<unknown>, timeoutMs: number, name: string): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      process.stderr.write(`${name}: shutdown after ${signal} took longer than ${timeoutMs} ms; exiting\n`);
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
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
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
 */
export async function bootProcess(
  name: string,
  start: (config: AppConfig) => Promise<{ close: () => Promise<unknown> }>,
  knownErrors: Array<new (...args: never[]) => Error> = [],
): Promise<void> {
  try {
    const config = loadConfig();
    for (const warning of await preflight(config)) process.stderr.write(`${name}: warning: ${warning}\n`);
    const running = await start(config);
    exitGracefullyOnSignals(() => running.close(), config.shutdownTimeoutMs, name);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PreflightError || knownErrors.some((k) => e instanceof k)) die(name, (e as Error).message);
    die(name, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
