import { Pool, type QueryResultRow } from 'pg';

export const PROBE_APPLICATION_NAME = 'agendy-health';

/**
 * The health and metrics probe's own database connection — a pool of exactly one, outside the
 * application's pool. It exists so that an exhausted application pool (every connection held,
 * callers queued) is reported as such instead of the probe queueing behind them and answering
 * "down" — which is what happened in issue 18's freeze.
 *
 * - Connects on first use (a test app that never asks for health opens nothing) and stays open.
 * - Every statement is bounded on both sides: statement_timeout and lock_timeout on the server,
 *   query_timeout in the client (a server that stops answering).
 * - A connection that fails or times out is discarded by pg-pool (it releases with the error), so
 *   the next probe reconnects: a PostgreSQL restart heals without restarting the api.
 */
export class ProbeConnection {
  private pool: Pool | null = null;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async query<R extends QueryResultRow>(sql: string): Promise<R[]> {
    try {
      return await this.once<R>(sql);
    } catch (err) {
      if (isTimeout(err)) throw err;
      // A connection that died while idle (PostgreSQL restarted, the backend was terminated) may be
      // found dead only by this query; pg-pool has discarded it, so one more try gets a fresh one
      // and a stale socket is never reported as "database down".
      return this.once<R>(sql);
    }
  }

  async end(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }

  private async once<R extends QueryResultRow>(sql: string): Promise<R[]> {
    this.pool ??= this.open();
    return (await this.pool.query<R>(sql)).rows;
  }

  private open(): Pool {
    const pool = new Pool({
      connectionString: this.url,
      application_name: PROBE_APPLICATION_NAME,
      max: 1,
      // Never closed for idleness: reconnecting under a connection storm is exactly what must not be needed.
      idleTimeoutMillis: 0,
      allowExitOnIdle: true,
      connectionTimeoutMillis: this.timeoutMs,
      statement_timeout: this.timeoutMs,
      lock_timeout: this.timeoutMs,
      query_timeout: this.timeoutMs + 250,
      keepAlive: true,
    });
    // An idle probe connection that dies (PostgreSQL restarted) is dropped by pg-pool; without a
    // listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    return pool;
  }
}

/** Waiting longer will not help: the server or the client gave up on time. */
function isTimeout(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '57014' || (typeof e?.message === 'string' && /Query read timeout|timeout exceeded when trying to connect|timeout expired/i.test(e.message));
}
