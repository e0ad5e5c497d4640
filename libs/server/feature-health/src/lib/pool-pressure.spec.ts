import { isExhausted, NO_PRESSURE, pressureDurations, sampleEveryMs, trackPool, type PoolSample } from './pool-pressure';

const sample = (s: Partial<PoolSample>): PoolSample => ({ total: 2, idle: 1, waiting: 0, max: 4, ...s });

describe('pool pressure', () => {
  it('counts waiters only while every sample shows them', () => {
    let p = trackPool(NO_PRESSURE, sample({ waiting: 2 }), 1000);
    p = trackPool(p, sample({ waiting: 1 }), 1500);
    expect(pressureDurations(p, 2000).waitingMs).toBe(1000);
    // One sample without waiters resets the clock: a burst is not a stretch.
    p = trackPool(p, sample({ waiting: 0 }), 2100);
    expect(pressureDurations(p, 2100).waitingMs).toBe(0);
    p = trackPool(p, sample({ waiting: 3 }), 2200);
    expect(pressureDurations(p, 2700).waitingMs).toBe(500);
  });

  it('calls the pool exhausted when every connection of the maximum is checked out', () => {
    expect(isExhausted(sample({ total: 4, idle: 0 }))).toBe(true);
    expect(isExhausted(sample({ total: 4, idle: 1 }))).toBe(false);
    // Not yet grown to the maximum: the next caller gets a new connection.
    expect(isExhausted(sample({ total: 3, idle: 0 }))).toBe(false);
    expect(isExhausted(sample({ total: 0, idle: 0, max: 0 }))).toBe(false);
    let p = trackPool(NO_PRESSURE, sample({ total: 4, idle: 0 }), 0);
    p = trackPool(p, sample({ total: 4, idle: 0, waiting: 1 }), 700);
    expect(pressureDurations(p, 900)).toEqual({ waitingMs: 200, exhaustedMs: 900 });
  });

  it('samples ten times per limit, between 25 ms and 1 s', () => {
    expect(sampleEveryMs(5000)).toBe(500);
    expect(sampleEveryMs(100)).toBe(25);
    expect(sampleEveryMs(60_000)).toBe(1000);
  });
});
