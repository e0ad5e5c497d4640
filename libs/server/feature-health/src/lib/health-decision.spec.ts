import type { DatabaseVitals } from './database-vitals';
import { decideHealth, formatDuration, type DatabaseReading, type HealthInputs, type PoolReading } from './health-decision';
import type { HealthLimits } from './limits';

const limits: HealthLimits = { heartbeatMaxAgeMs: 90_000, poolWaitMs: 5000, idleInTransactionMs: 5000, lockWaitMs: 5000, checkTimeoutMs: 2000 };
const calm: DatabaseVitals = { idleInTransaction: 0, longestIdleInTransactionSeconds: 0, lockWaiting: 0, longestLockWaitSeconds: 0, heartbeatAgeSeconds: 12, lastHeartbeatAt: '2026-12-07T10:00:00.000Z' };
const up = (v: Partial<DatabaseVitals> = {}): DatabaseReading => ({ status: 'up', latencyMs: 1.2, vitals: { ...calm, ...v } });
const idlePool: PoolReading = { total: 3, idle: 3, waiting: 0, max: 10, waitingMs: 0, exhaustedMs: 0 };
const inputs = (over: Partial<HealthInputs> = {}): HealthInputs => ({ database: up(), redis: { status: 'up', latencyMs: 0.4 }, pool: idlePool, ...over });

describe('decideHealth', () => {
  it('is ok when everything is within its limits', () => {
    const h = decideHealth(inputs(), limits);
    expect(h.status).toBe('ok');
    expect(h.reasons).toEqual([]);
    expect(h.checks.worker).toMatchObject({ status: 'up', ageSeconds: 12, maxAgeSeconds: 90 });
    expect(h.checks.pool).toMatchObject({ status: 'up', total: 3, idle: 3, waiting: 0, max: 10 });
    expect(h.checks.transactions.status).toBe('up');
  });

  it('is down only when PostgreSQL is unreachable, and then the derived checks are unknown', () => {
    const h = decideHealth(inputs({ database: { status: 'down', error: 'ECONNREFUSED' } }), limits);
    expect(h.status).toBe('down');
    expect(h.reasons).toEqual(['database down: ECONNREFUSED']);
    expect(h.checks.worker.status).toBe('unknown');
    expect(h.checks.transactions.status).toBe('unknown');
  });

  it('is degraded, not down, when only Redis is away', () => {
    const h = decideHealth(inputs({ redis: { status: 'down', error: 'ECONNREFUSED' } }), limits);
    expect(h.status).toBe('degraded');
    expect(h.reasons).toEqual(['redis down: ECONNREFUSED']);
  });

  it('is degraded when the worker heartbeat is older than three intervals, or missing', () => {
    expect(decideHealth(inputs({ database: up({ heartbeatAgeSeconds: 90 }) }), limits).status).toBe('ok');
    const stale = decideHealth(inputs({ database: up({ heartbeatAgeSeconds: 95 }) }), limits);
    expect(stale.status).toBe('degraded');
    expect(stale.checks.worker.status).toBe('degraded');
    expect(stale.reasons[0]).toMatch(/^worker heartbeat 95 s old \(limit 90 s\)/);
    const none = decideHealth(inputs({ database: up({ heartbeatAgeSeconds: null, lastHeartbeatAt: null }) }), limits);
    expect(none.status).toBe('degraded');
    expect(none.reasons[0]).toMatch(/no worker heartbeat/);
  });

  it('is degraded when callers wait for a pool connection longer than the limit', () => {
    const briefly = decideHealth(inputs({ pool: { total: 10, idle: 0, waiting: 4, max: 10, waitingMs: 4000, exhaustedMs: 4500 } }), limits);
    expect(briefly.status).toBe('ok');
    const h = decideHealth(inputs({ pool: { total: 10, idle: 0, waiting: 9, max: 10, waitingMs: 12_000, exhaustedMs: 30_000 } }), limits);
    expect(h.status).toBe('degraded');
    expect(h.checks.pool).toMatchObject({ status: 'degraded', waiting: 9, waitingSeconds: 12, exhaustedSeconds: 30 });
    expect(h.reasons).toEqual(['pool exhausted: 9 callers waiting for a connection for 12 s (limit 5.0 s)']);
  });

  it('is degraded when every connection stays checked out, even before anyone waits', () => {
    const h = decideHealth(inputs({ pool: { total: 4, idle: 0, waiting: 0, max: 4, waitingMs: 0, exhaustedMs: 6000 } }), limits);
    expect(h.status).toBe('degraded');
    expect(h.reasons).toEqual(['pool exhausted: all 4 connections in use for 6.0 s (limit 5.0 s)']);
  });

  it('reports a pool it cannot see as unknown without alarming', () => {
    const h = decideHealth(inputs({ pool: null }), limits);
    expect(h.status).toBe('ok');
    expect(h.checks.pool.status).toBe('unknown');
  });

  it('is degraded when a transaction idles in transaction or waits on a lock too long (the issue 18 freeze)', () => {
    const freeze = decideHealth(inputs({ database: up({ idleInTransaction: 1, longestIdleInTransactionSeconds: 480, lockWaiting: 9, longestLockWaitSeconds: 478 }) }), limits);
    expect(freeze.status).toBe('degraded');
    expect(freeze.checks.transactions).toMatchObject({ status: 'degraded', idleInTransaction: 1, lockWaiting: 9, longestLockWaitSeconds: 478 });
    expect(freeze.reasons).toEqual(['1 transaction idle in transaction, longest 480 s (limit 5.0 s); 9 connections waiting on a lock, longest 478 s (limit 5.0 s)']);
    expect(decideHealth(inputs({ database: up({ idleInTransaction: 3, longestIdleInTransactionSeconds: 0.2, lockWaiting: 2, longestLockWaitSeconds: 4.9 }) }), limits).status).toBe('ok');
    expect(decideHealth(inputs({ database: up({ lockWaiting: 1, longestLockWaitSeconds: 5.1 }) }), limits).reasons).toEqual(['1 connection waiting on a lock, longest 5.1 s (limit 5.0 s)']);
  });

  it('names every failing check at once', () => {
    const h = decideHealth(
      inputs({
        redis: { status: 'down', error: 'ETIMEDOUT' },
        database: up({ heartbeatAgeSeconds: 600, idleInTransaction: 1, longestIdleInTransactionSeconds: 60 }),
        pool: { total: 10, idle: 0, waiting: 2, max: 10, waitingMs: 9000, exhaustedMs: 9000 },
      }),
      limits,
    );
    expect(h.status).toBe('degraded');
    expect(h.reasons.map((r) => r.split(' ')[0])).toEqual(['redis', 'worker', 'pool', '1']);
  });
});

describe('formatDuration', () => {
  it('keeps durations short', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(95_000)).toBe('95 s');
  });
});
