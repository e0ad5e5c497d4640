import type { AppConfig } from '@agendy/server/core';
import { SCHEDULES } from '@agendy/server/queue';

/** The thresholds past which a check turns `degraded`. */
export interface HealthLimits {
  heartbeatMaxAgeMs: number;
  poolWaitMs: number;
  idleInTransactionMs: number;
  lockWaitMs: number;
  checkTimeoutMs: number;
}

/** How many heartbeat intervals may pass before the worker counts as gone (one missed beat is normal jitter). */
export const HEARTBEAT_INTERVALS_TOLERATED = 3;

/**
 * Read from the job catalogue rather than repeated here: if someone changes the heartbeat's
 * schedule, health follows. Throws when the schedule is missing, so a rename fails loudly at boot.
 */
export function heartbeatIntervalMs(schedules: ReadonlyArray<{ job: string; everyMs?: number }> = SCHEDULES): number {
  const beat = schedules.find((s) => s.job === 'housekeeping.heartbeat');
  if (!beat?.everyMs) throw new Error('The job catalogue has no "housekeeping.heartbeat" schedule with everyMs: /api/health cannot judge the worker');
  return beat.everyMs;
}

export function healthLimits(config: AppConfig): HealthLimits {
  const h = config.ops.health;
  return {
    heartbeatMaxAgeMs: HEARTBEAT_INTERVALS_TOLERATED * heartbeatIntervalMs(),
    poolWaitMs: h.poolWaitMs,
    idleInTransactionMs: h.idleInTransactionMs,
    lockWaitMs: h.lockWaitMs,
    checkTimeoutMs: h.checkTimeoutMs,
  };
}
