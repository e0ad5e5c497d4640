import { officeMonthStart, officeToday } from './office-date';

describe('office date', () => {
  it('is the Prague date, not the UTC one, in the hour after Prague midnight', () => {
    // 23:30 UTC on 27 November is 00:30 on 28 November in Prague (CET, UTC+1).
    expect(officeToday(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
    // Summer time: 22:30 UTC on 31 July is already 1 August in Prague (CEST, UTC+2).
    expect(officeToday(new Date('2026-07-31T22:30:00Z'))).toBe('2026-08-01');
  });

  it('counts month starts back across year ends on the office calendar', () => {
    const firstOfJanuaryInPrague = new Date('2026-12-31T23:15:00Z');
    expect(officeMonthStart(0, firstOfJanuaryInPrague)).toBe('2027-01-01');
    expect(officeMonthStart(1, firstOfJanuaryInPrague)).toBe('2026-12-01');
    expect(officeMonthStart(12, firstOfJanuaryInPrague)).toBe('2026-01-01');
    expect(officeMonthStart(13, firstOfJanuaryInPrague)).toBe('2025-12-01');
  });
});
