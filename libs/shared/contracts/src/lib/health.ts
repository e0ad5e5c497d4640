export type ComponentStatus = 'up' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  latencyMs?: number;
  /** Short reason when down; never a stack trace or a connection string. */
  error?: string;
}

/**
 * The state of one derived check: `up`, `degraded` (a threshold is exceeded — `reason` says which),
 * or `unknown` (it could not be measured, e.g. without the database).
 */
export type CheckStatus = 'up' | 'degraded' | 'unknown';

export interface WorkerHealth {
  status: CheckStatus;
  /** The last heartbeat written by any worker (null: none recorded, or the database is down). */
  lastHeartbeatAt: string | null;
  /** Age of that heartbeat by the database's clock. */
  ageSeconds: number | null;
  /** Older than this (3 × the heartbeat schedule) counts as no worker running. */
  maxAgeSeconds: number;
  reason?: string;
}

/** The application's own connection pool (this api process). */
export interface PoolHealth {
  status: CheckStatus;
  total: number;
  idle: number;
  /** Callers queued for a connection right now. */
  waiting: number;
  max: number;
  /** How long callers have waited continuously (0: nobody waits). */
  waitingSeconds: number;
  /** How long every connection has been checked out continuously (0: one is free). */
  exhaustedSeconds: number;
  /** Degraded once either lasts longer than this. */
  limitSeconds: number;
  reason?: string;
}

/** Transactions of every Agendy process on this database (pg_stat_activity, application_name agendy*). */
export interface TransactionsHealth {
  status: CheckStatus;
  idleInTransaction: number;
  longestIdleInTransactionSeconds: number;
  lockWaiting: number;
  longestLockWaitSeconds: number;
  idleInTransactionLimitSeconds: number;
  lockWaitLimitSeconds: number;
  reason?: string;
}

/**
 * `GET /api/health`:
 * - `ok` (200): everything up, no threshold exceeded;
 * - `degraded` (200): PostgreSQL answers but something is wrong — Redis down (effects wait in the
 *   outbox), no worker heartbeat, the pool exhausted, a transaction idle or waiting on a lock too
 *   long. `reasons` lists each; a load balancer keeps routing (the api still serves), an operator
 *   is alarmed;
 * - `down` (503): PostgreSQL is unreachable.
 * The probe uses its own database connection, so it answers truthfully while the pool is exhausted.
 */
export interface HealthResponse {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  uptimeSeconds: number;
  /** One line per check that is not up, e.g. "pool exhausted: 3 waiting for a connection for 12 s (limit 10 s)". */
  reasons: string[];
  checks: {
    database: ComponentHealth;
    redis: ComponentHealth;
    worker: WorkerHealth;
    pool: PoolHealth;
    transactions: TransactionsHealth;
  };
}
