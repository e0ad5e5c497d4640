/** What node-postgres' Pool exposes about itself (public API: totalCount, idleCount, waitingCount). */
export interface PoolSample {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** Since when (ms timestamps) each bad condition has held without a break, or null while it does not. */
export interface PoolPressure {
  waitingSince: number | null;
  exhaustedSince: number | null;
}

export const NO_PRESSURE: PoolPressure = { waitingSince: null, exhaustedSince: null };

/** Every connection is checked out: the next caller will wait. */
export function isExhausted(s: PoolSample): boolean {
  return s.max > 0 && s.total >= s.max && s.idle === 0;
}

/**
 * Folds one sample into the running state. A condition's start time survives only while every
 * sample shows it: one sample without waiters resets the clock, so a busy moment never adds up to
 * an alarm — only a continuous stretch does.
 */
export function trackPool(prev: PoolPressure, sample: PoolSample, nowMs: number): PoolPressure {
  return {
    waitingSince: sample.waiting > 0 ? (prev.waitingSince ?? nowMs) : null,
    exhaustedSince: isExhausted(sample) ? (prev.exhaustedSince ?? nowMs) : null,
  };
}

/** How long each condition has lasted at `nowMs`. */
export function pressureDurations(p: PoolPressure, nowMs: number): { waitingMs: number; exhaustedMs: number } {
  return {
    waitingMs: p.waitingSince === null ? 0 : Math.max(0, nowMs - p.waitingSince),
    exhaustedMs: p.exhaustedSince === null ? 0 : Math.max(0, nowMs - p.exhaustedSince),
  };
}

/** Often enough to see a stretch of `limitMs` with ten samples, never busier than every 25 ms nor lazier than every second. */
export function sampleEveryMs(limitMs: number): number {
  return Math.min(1000, Math.max(25, Math.round(limitMs / 10)));
}
