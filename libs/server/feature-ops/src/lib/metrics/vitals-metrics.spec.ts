import { Registry } from 'prom-client';
import { decideHealth, type HealthLimits, type QueueVitals } from '@agendy/server/feature-health';
import { registerVitalsMetrics, type VitalsSource } from './vitals-metrics';

const limits: HealthLimits = { heartbeatMaxAgeMs: 90_000, poolWaitMs: 5000, idleInTransactionMs: 5000, lockWaitMs: 5000, checkTimeoutMs: 2000 };

function source(over: { dbDown?: boolean; waitingMs?: number } = {}): VitalsSource & { calls: number } {
  const src = {
    calls: 0,
    assess: async () => {
      src.calls++;
      return decideHealth(
        {
          database: over.dbDown
            ? { status: 'down', error: 'ECONNREFUSED' }
            : { status: 'up', latencyMs: 1, vitals: { idleInTransaction: 1, longestIdleInTransactionSeconds: 480, lockWaiting: 9, longestLockWaitSeconds: 478, heartbeatAgeSeconds: 20, lastHeartbeatAt: '2026-12-07T10:00:00.000Z' } },
          redis: { status: 'up' },
          pool: { total: 10, idle: 0, waiting: 9, max: 10, waitingMs: over.waitingMs ?? 12_000, exhaustedMs: 15_000 },
        },
        limits,
      );
    },
    outbox: async () => (over.dbDown ? null : { unrelayed: 2, unprocessed: 3, oldestDueSeconds: 42 }),
    queues: async (): Promise<QueueVitals[]> => [
      { queue: 'effects', counts: { waiting: 1, active: 0, delayed: 4, failed: 2, completed: 9, prioritized: 0, 'waiting-children': 0 } },
      { queue: 'documents', counts: null },
    ],
  };
  return src as unknown as VitalsSource & { calls: number };
}

async function scrape(src: VitalsSource): Promise<string> {
  const registry = new Registry();
  registerVitalsMetrics(registry, src);
  return registry.metrics();
}

describe('vitals metrics', () => {
  it('exports the freeze of issue 18 as numbers an alert can use', async () => {
    const text = await scrape(source());
    expect(text).toContain('agendy_health_status{status="degraded"} 1');
    expect(text).toContain('agendy_health_status{status="ok"} 0');
    expect(text).toContain('agendy_health_check_degraded{check="pool"} 1');
    expect(text).toContain('agendy_health_check_degraded{check="transactions"} 1');
    expect(text).toContain('agendy_health_check_degraded{check="worker"} 0');
    expect(text).toContain('agendy_db_up 1');
    expect(text).toContain('agendy_db_pool_connections{state="waiting"} 9');
    expect(text).toContain('agendy_db_pool_waiting_seconds 12');
    expect(text).toContain('agendy_db_pool_exhausted_seconds 15');
    expect(text).toContain('agendy_db_idle_in_transaction_connections 1');
    expect(text).toContain('agendy_db_idle_in_transaction_longest_seconds 480');
    expect(text).toContain('agendy_db_lock_waiting_connections 9');
    expect(text).toContain('agendy_db_lock_wait_longest_seconds 478');
    expect(text).toContain('agendy_worker_heartbeat_age_seconds 20');
    expect(text).toContain('agendy_queue_jobs{queue="effects",state="failed"} 2');
    expect(text).not.toContain('queue="documents"');
    expect(text).toContain('agendy_outbox_pending{stage="unprocessed"} 3');
    expect(text).toContain('agendy_outbox_lag_seconds 42');
  });

  it('computes the verdict once per scrape in the real service (the stub counts what the gauges ask)', async () => {
    const src = source();
    await scrape(src);
    // Every gauge asks; VitalsService.assess shares one in-flight read among them (single-flight).
    expect(src.calls).toBeGreaterThan(1);
  });

  it('never reports what could not be measured as a calm 0', async () => {
    const text = await scrape(source({ dbDown: true }));
    expect(text).toContain('agendy_db_up 0');
    expect(text).toContain('agendy_health_status{status="down"} 1');
    // prom-client writes NaN as "Nan"; Prometheus parses it case-insensitively.
    expect(text).toMatch(/^agendy_db_idle_in_transaction_connections nan$/im);
    expect(text).toMatch(/^agendy_worker_heartbeat_age_seconds nan$/im);
    expect(text).toMatch(/^agendy_outbox_lag_seconds nan$/im);
    expect(text).not.toContain('check="worker"');
    expect(text).not.toContain('agendy_outbox_pending{');
  });
});
