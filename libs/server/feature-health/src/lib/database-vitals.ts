/** What the probe connection learns from PostgreSQL in one round trip. */
export interface DatabaseVitals {
  idleInTransaction: number;
  longestIdleInTransactionSeconds: number;
  lockWaiting: number;
  longestLockWaitSeconds: number;
  /** By the database's clock, so api and worker hosts' clocks never matter. */
  heartbeatAgeSeconds: number | null;
  lastHeartbeatAt: string | null;
}

/**
 * The application's sessions on this database: every Agendy process names its connections
 * `agendy-…` (api, worker, cli, notification stream), so other tenants of the server and admin
 * sessions (psql) are ignored. The probe's own session is left out. A lock wait is timed from
 * pg_locks.waitstart (PostgreSQL 14+), or from the statement's start in the instant before
 * PostgreSQL fills it in.
 */
export const DATABASE_VITALS_SQL = `
WITH waits AS (
  SELECT pid, min(waitstart) AS since FROM pg_locks WHERE NOT granted GROUP BY pid
), app AS (
  SELECT a.state, a.state_change, a.query_start, a.wait_event_type, w.since AS lock_wait_since
  FROM pg_stat_activity a LEFT JOIN waits w ON w.pid = a.pid
  WHERE a.datname = current_database() AND a.application_name LIKE 'agendy%' AND a.pid <> pg_backend_pid()
), beat AS (
  SELECT max(last_seen_at) AS last FROM worker_heartbeats
)
SELECT
  count(*) FILTER (WHERE app.state LIKE 'idle in transaction%')::int AS idle_in_transaction,
  coalesce(max(extract(epoch FROM now() - app.state_change)) FILTER (WHERE app.state LIKE 'idle in transaction%'), 0)::float8 AS longest_idle_in_transaction_s,
  count(*) FILTER (WHERE app.wait_event_type = 'Lock')::int AS lock_waiting,
  coalesce(max(extract(epoch FROM now() - coalesce(app.lock_wait_since, app.query_start))) FILTER (WHERE app.wait_event_type = 'Lock'), 0)::float8 AS longest_lock_wait_s,
  (SELECT extract(epoch FROM now() - last)::float8 FROM beat) AS heartbeat_age_s,
  (SELECT last FROM beat) AS last_heartbeat_at
FROM app`;

export interface DatabaseVitalsRow {
  idle_in_transaction: number | string | null;
  longest_idle_in_transaction_s: number | string | null;
  lock_waiting: number | string | null;
  longest_lock_wait_s: number | string | null;
  heartbeat_age_s: number | string | null;
  last_heartbeat_at: Date | string | null;
}

const num = (v: number | string | null | undefined): number => {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? Math.max(0, n) : 0;
};

export function parseDatabaseVitals(row: DatabaseVitalsRow | undefined): DatabaseVitals {
  const age = row?.heartbeat_age_s;
  const last = row?.last_heartbeat_at;
  return {
    idleInTransaction: num(row?.idle_in_transaction),
    longestIdleInTransactionSeconds: num(row?.longest_idle_in_transaction_s),
    lockWaiting: num(row?.lock_waiting),
    longestLockWaitSeconds: num(row?.longest_lock_wait_s),
    // A heartbeat "from the future" (clock step on the database host) counts as fresh, not as missing.
    heartbeatAgeSeconds: age === null || age === undefined ? null : num(age),
    lastHeartbeatAt: last ? new Date(last).toISOString() : null,
  };
}

/** The outbox as the relay and the worker see it (same predicates as their queries). */
export interface OutboxVitals {
  /** Not yet put on BullMQ. */
  unrelayed: number;
  /** On BullMQ, not yet processed. */
  unprocessed: number;
  /** Age of the oldest due, unprocessed effect (0: drained). */
  oldestDueSeconds: number;
}

export const OUTBOX_VITALS_SQL = `
SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS unrelayed,
       count(*) FILTER (WHERE relayed_at IS NOT NULL)::int AS unprocessed,
       coalesce(extract(epoch FROM now() - min(available_at) FILTER (WHERE available_at <= now())), 0)::float8 AS oldest_due_s
FROM outbox WHERE processed_at IS NULL AND job IS NOT NULL`;

export function parseOutboxVitals(row: { unrelayed?: unknown; unprocessed?: unknown; oldest_due_s?: unknown } | undefined): OutboxVitals {
  return {
    unrelayed: num(row?.unrelayed as number),
    unprocessed: num(row?.unprocessed as number),
    oldestDueSeconds: num(row?.oldest_due_s as number),
  };
}
