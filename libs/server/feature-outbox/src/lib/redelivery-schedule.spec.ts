import { redeliveryDelaySeconds } from './redelivery-schedule';

describe('redelivery schedule', () => {
  it('doubles from the base and stops at the cap, never giving up', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => redeliveryDelaySeconds(n, 60, 3600))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(redeliveryDelaySeconds(10_000, 60, 3600)).toBe(3600);
  });

  it('treats a cap below the base as the base', () => {
    expect(redeliveryDelaySeconds(3, 120, 60)).toBe(120);
  });
});
