import { loadConfig } from '@agendy/server/core';
import { healthLimits, heartbeatIntervalMs } from './limits';

describe('health limits', () => {
  it('derives the heartbeat limit from the job catalogue: three intervals', () => {
    const limits = healthLimits(loadConfig({ DATABASE_URL: 'postgres://localhost/x' }));
    expect(limits.heartbeatMaxAgeMs).toBe(3 * heartbeatIntervalMs());
    expect(limits).toMatchObject({ poolWaitMs: 5000, idleInTransactionMs: 5000, lockWaitMs: 5000, checkTimeoutMs: 2000 });
  });

  it('takes the thresholds from the environment', () => {
    const limits = healthLimits(
      loadConfig({ DATABASE_URL: 'postgres://localhost/x', HEALTH_POOL_WAIT_MS: '300', HEALTH_IDLE_IN_TRANSACTION_MS: '400', HEALTH_LOCK_WAIT_MS: '500', HEALTH_CHECK_TIMEOUT_MS: '600' }),
    );
    expect(limits).toMatchObject({ poolWaitMs: 300, idleInTransactionMs: 400, lockWaitMs: 500, checkTimeoutMs: 600 });
  });

  it('refuses to guess when the heartbeat schedule is gone', () => {
    expect(() => heartbeatIntervalMs([{ job: 'housekeeping.purge-sessions', everyMs: 1000 }])).toThrow(/housekeeping.heartbeat/);
    expect(heartbeatIntervalMs([{ job: 'housekeeping.heartbeat', everyMs: 7000 }])).toBe(7000);
  });
});
