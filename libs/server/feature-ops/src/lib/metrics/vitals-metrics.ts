import { Gauge, type Registry } from 'prom-client';
import type { VitalsService } from '@agendy/server/feature-health';
import { JOB_STATES } from '@agendy/server/feature-health';

/** What the gauges read; VitalsService in the app, a stub in unit tests. */
export type VitalsSource = Pick<VitalsService, 'assess' | 'outbox' | 'queues'>;

const HEALTH_STATUSES = ['ok', 'degraded', 'down'] as const;
const HEALTH_CHECKS = ['database', 'redis', 'worker', 'pool', 'transactions'] as const;

/**
 * The gauges fed by VitalsService. Each reads at scrape time; the health verdict, the outbox and
 * the queue counts are each computed once per scrape however many gauges use them (VitalsService
 * shares in-flight reads). A value that could not be measured is never reported as 0, so an
 * outage never looks like a calm system: labelled series are left out, a single value is NaN
 * (prom-client always prints an unlabelled gauge; every comparison with NaN is false).
 */
export function registerVitalsMetrics(registry: Registry, vitals: VitalsSource): void {
  const registers = [registry];

  new Gauge({
    name: 'agendy_health_status',
    help: 'The /api/health verdict of this api process: 1 for the current status (ok, degraded, down), 0 for the others',
    labelNames: ['status'],
    registers,
    async collect() {
      const { status } = await vitals.assess();
      for (const s of HEALTH_STATUSES) this.set({ status: s }, s === status ? 1 : 0);
    },
  });
  new Gauge({
    name: 'agendy_health_check_degraded',
    help: 'Per health check: 1 when it is degraded or down (reason in /api/health), 0 when up; absent when unknown',
    labelNames: ['check'],
    registers,
    async collect() {
      this.reset();
      const { checks } = await vitals.assess();
      for (const name of HEALTH_CHECKS) {
        const status = checks[name].status;
        if (status !== 'unknown') this.set({ check: name }, status === 'up' ? 0 : 1);
      }
    },
  });

  new Gauge({
    name: 'agendy_db_up',
    help: 'PostgreSQL answers the health probe (its own connection, outside the pool): 1 yes, 0 no',
    registers,
    async collect() {
      this.set((await vitals.assess()).checks.database.status === 'up' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'agendy_db_pool_connections',
    help: 'PostgreSQL pool of this process: "total" open, "idle", "waiting" callers, "max" configured',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      const pool = (await vitals.assess()).checks.pool;
      if (pool.status === 'unknown') return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
      this.set({ state: 'max' }, pool.max);
    },
  });
  new Gauge({
    name: 'agendy_db_pool_waiting_seconds',
    help: 'How long callers have been waiting for a pool connection without a break (0: nobody waits)',
    registers,
    async collect() {
      const pool = (await vitals.assess()).checks.pool;
      this.set(pool.status === 'unknown' ? NaN : pool.waitingSeconds);
    },
  });
  new Gauge({
    name: 'agendy_db_pool_exhausted_seconds',
    help: 'How long every pool connection has been checked out without a break (0: one is free)',
    registers,
    async collect() {
      const pool = (await vitals.assess()).checks.pool;
      this.set(pool.status === 'unknown' ? NaN : pool.exhaustedSeconds);
    },
  });

  // Transactions of all Agendy processes on the database (pg_stat_activity), not only this one's.
  const transactionGauge = (name: string, help: string, pick: (t: Awaited<ReturnType<VitalsSource['assess']>>['checks']['transactions']) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const t = (await vitals.assess()).checks.transactions;
        this.set(t.status === 'unknown' ? NaN : pick(t));
      },
    });
  transactionGauge('agendy_db_idle_in_transaction_connections', 'Agendy sessions idle in transaction now (a transaction open while the app does something else)', (t) => t.idleInTransaction);
  transactionGauge('agendy_db_idle_in_transaction_longest_seconds', 'The longest of them: a few milliseconds is normal, seconds are a bug or a freeze', (t) => t.longestIdleInTransactionSeconds);
  transactionGauge('agendy_db_lock_waiting_connections', 'Agendy sessions waiting on a lock now', (t) => t.lockWaiting);
  transactionGauge('agendy_db_lock_wait_longest_seconds', 'The longest lock wait now', (t) => t.longestLockWaitSeconds);

  new Gauge({
    name: 'agendy_worker_heartbeat_age_seconds',
    help: 'Age of the newest worker heartbeat (database clock); above 3 heartbeat intervals no worker runs jobs',
    registers,
    async collect() {
      // No heartbeat ever (or no database): NaN; the health check itself says degraded.
      const age = (await vitals.assess()).checks.worker.ageSeconds;
      this.set(age ?? NaN);
    },
  });

  new Gauge({
    name: 'agendy_queue_jobs',
    help: 'Jobs per queue and state (BullMQ getJobCounts); "failed" are jobs BullMQ gave up on: attempts used up, or failed for good',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const { queue, counts } of await vitals.queues()) {
        if (!counts) continue;
        for (const state of JOB_STATES) this.set({ queue, state }, counts[state]);
      }
    },
  });

  new Gauge({
    name: 'agendy_outbox_lag_seconds',
    help: 'Age of the oldest due effect not yet processed (0 when the outbox is drained)',
    registers,
    async collect() {
      const outbox = await vitals.outbox();
      this.set(outbox ? outbox.oldestDueSeconds : NaN);
    },
  });
  new Gauge({
    name: 'agendy_outbox_pending',
    help: 'Effects waiting in the outbox, by stage: "unrelayed" not yet on BullMQ, "unprocessed" relayed but not done',
    labelNames: ['stage'],
    registers,
    async collect() {
      this.reset();
      const outbox = await vitals.outbox();
      if (!outbox) return;
      this.set({ stage: 'unrelayed' }, outbox.unrelayed);
      this.set({ stage: 'unprocessed' }, outbox.unprocessed);
    },
  });
}
