import type { CheckStatus, ComponentHealth, HealthResponse, PoolHealth, TransactionsHealth, WorkerHealth } from '@agendy/shared/contracts';
import type { DatabaseVitals } from './database-vitals';
import type { HealthLimits } from './limits';
import type { PoolSample } from './pool-pressure';

export type DatabaseReading = { status: 'up'; latencyMs: number; vitals: DatabaseVitals } | { status: 'down'; error: string };

export interface PoolReading extends PoolSample {
  waitingMs: number;
  exhaustedMs: number;
}

export interface HealthInputs {
  database: DatabaseReading;
  redis: ComponentHealth;
  /** null: this process has no pool to look at (not initialised yet). */
  pool: PoolReading | null;
}

export type HealthAssessment = Pick<HealthResponse, 'status' | 'reasons' | 'checks'>;

/** "850 ms", "4.2 s", "95 s": short, and exact enough to compare with the limit next to it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function workerCheck(db: DatabaseReading, limits: HealthLimits): WorkerHealth {
  const maxAgeSeconds = limits.heartbeatMaxAgeMs / 1000;
  if (db.status !== 'up') return { status: 'unknown', lastHeartbeatAt: null, ageSeconds: null, maxAgeSeconds };
  const { heartbeatAgeSeconds: age, lastHeartbeatAt } = db.vitals;
  const base = { lastHeartbeatAt, ageSeconds: age === null ? null : round1(age), maxAgeSeconds };
  if (age === null) return { ...base, status: 'degraded', reason: 'no worker heartbeat recorded: is a worker running?' };
  if (age * 1000 > limits.heartbeatMaxAgeMs) {
    return { ...base, status: 'degraded', reason: `worker heartbeat ${formatDuration(age * 1000)} old (limit ${formatDuration(limits.heartbeatMaxAgeMs)}): no worker is running jobs` };
  }
  return { ...base, status: 'up' };
}

function poolCheck(pool: PoolReading | null, limits: HealthLimits): PoolHealth {
  const limitSeconds = limits.poolWaitMs / 1000;
  if (!pool) return { status: 'unknown', total: 0, idle: 0, waiting: 0, max: 0, waitingSeconds: 0, exhaustedSeconds: 0, limitSeconds };
  const base = {
    total: pool.total,
    idle: pool.idle,
    waiting: pool.waiting,
    max: pool.max,
    waitingSeconds: round1(pool.waitingMs / 1000),
    exhaustedSeconds: round1(pool.exhaustedMs / 1000),
    limitSeconds,
  };
  const limit = formatDuration(limits.poolWaitMs);
  // Waiters first: they are requests already stalled; "all in use" alone only says the next one will be.
  if (pool.waitingMs > limits.poolWaitMs) {
    return { ...base, status: 'degraded', reason: `pool exhausted: ${plural(pool.waiting, 'caller', 'callers')} waiting for a connection for ${formatDuration(pool.waitingMs)} (limit ${limit})` };
  }
  if (pool.exhaustedMs > limits.poolWaitMs) {
    return { ...base, status: 'degraded', reason: `pool exhausted: all ${pool.max} connections in use for ${formatDuration(pool.exhaustedMs)} (limit ${limit})` };
  }
  return { ...base, status: 'up' };
}

function transactionsCheck(db: DatabaseReading, limits: HealthLimits): TransactionsHealth {
  const limitsOut = { idleInTransactionLimitSeconds: limits.idleInTransactionMs / 1000, lockWaitLimitSeconds: limits.lockWaitMs / 1000 };
  if (db.status !== 'up') {
    return { status: 'unknown', idleInTransaction: 0, longestIdleInTransactionSeconds: 0, lockWaiting: 0, longestLockWaitSeconds: 0, ...limitsOut };
  }
  const v = db.vitals;
  const reasons: string[] = [];
  if (v.longestIdleInTransactionSeconds * 1000 > limits.idleInTransactionMs) {
    reasons.push(
      `${plural(v.idleInTransaction, 'transaction', 'transactions')} idle in transaction, longest ${formatDuration(v.longestIdleInTransactionSeconds * 1000)} (limit ${formatDuration(limits.idleInTransactionMs)})`,
    );
  }
  if (v.longestLockWaitSeconds * 1000 > limits.lockWaitMs) {
    reasons.push(
      `${plural(v.lockWaiting, 'connection', 'connections')} waiting on a lock, longest ${formatDuration(v.longestLockWaitSeconds * 1000)} (limit ${formatDuration(limits.lockWaitMs)})`,
    );
  }
  return {
    status: reasons.length > 0 ? 'degraded' : 'up',
    idleInTransaction: v.idleInTransaction,
    longestIdleInTransactionSeconds: round1(v.longestIdleInTransactionSeconds),
    lockWaiting: v.lockWaiting,
    longestLockWaitSeconds: round1(v.longestLockWaitSeconds),
    ...limitsOut,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/**
 * The whole health verdict from what was measured, with no I/O: `down` only when PostgreSQL is
 * unreachable (nothing can work); `degraded` when anything else is wrong, each reason named;
 * otherwise `ok`. An exhausted pool is `degraded`, not `down`: the database is fine, and the probe
 * that says so does not depend on the pool.
 */
export function decideHealth(inputs: HealthInputs, limits: HealthLimits): HealthAssessment {
  const database: ComponentHealth =
    inputs.database.status === 'up' ? { status: 'up', latencyMs: inputs.database.latencyMs } : { status: 'down', error: inputs.database.error };
  const worker = workerCheck(inputs.database, limits);
  const pool = poolCheck(inputs.pool, limits);
  const transactions = transactionsCheck(inputs.database, limits);

  const reasons: string[] = [];
  if (database.status === 'down') reasons.push(`database down: ${database.error ?? 'unavailable'}`);
  if (inputs.redis.status === 'down') reasons.push(`redis down: ${inputs.redis.error ?? 'unavailable'}`);
  for (const check of [worker, pool, transactions]) if (check.reason) reasons.push(check.reason);

  const degraded = (s: CheckStatus): boolean => s === 'degraded';
  const status = database.status === 'down' ? 'down' : inputs.redis.status === 'down' || degraded(worker.status) || degraded(pool.status) || degraded(transactions.status) ? 'degraded' : 'ok';
  return { status, reasons, checks: { database, redis: inputs.redis, worker, pool, transactions } };
}
