import {
  endOfPragueDay,
  formatPragueDateTime,
  formatPragueDateTimeCs,
  formatPragueDateTimeEn,
  pragueLocalToInstant,
  pragueOffsetMinutes,
  startOfPragueDay,
  toPragueDate,
} from './prague-time';

describe('Prague time', () => {
  it('knows winter (CET) and summer (CEST) offsets', () => {
    expect(pragueOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(pragueOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
  });

  it('switches exactly at 01:00 UTC on the last Sunday of March and October', () => {
    expect(pragueOffsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(pragueOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(pragueOffsetMinutes(new Date('2026-10-25T00:59:59Z'))).toBe(120);
    expect(pragueOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('gives the Prague calendar date of an instant', () => {
    expect(toPragueDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(toPragueDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(toPragueDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('converts wall-clock times to instants in both seasons', () => {
    expect(pragueLocalToInstant('2026-01-15', 8).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(pragueLocalToInstant('2026-07-15', 8).toISOString()).toBe('2026-07-15T06:00:00.000Z');
    expect(endOfPragueDay('2026-07-15').toISOString()).toBe('2026-07-15T21:59:59.999Z');
    expect(startOfPragueDay('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('handles the skipped and the repeated hour', () => {
    // 02:30 does not exist on 29 Mar 2026: it is read as 03:30 CEST.
    expect(pragueLocalToInstant('2026-03-29', 2, 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 Oct 2026: the first (CEST) one is chosen.
    expect(pragueLocalToInstant('2026-10-25', 2, 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // The day of the autumn change has 25 hours.
    expect(endOfPragueDay('2026-10-25').getTime() + 1 - startOfPragueDay('2026-10-25').getTime()).toBe(25 * 3_600_000);
  });

  it('formats a Prague wall-clock timestamp', () => {
    expect(formatPragueDateTime(new Date('2026-07-15T06:05:09Z'))).toBe('2026-07-15T08:05:09');
  });

  it('rejects invalid dates', () => {
    expect(() => pragueOffsetMinutes(new Date('nonsense'))).toThrow(/Invalid date/);
  });
});

describe('formatPragueDateTimeCs / formatPragueDateTimeEn', () => {
  it('shows the end of a winter day on the Prague clock, not in UTC', () => {
    const instant = new Date('2026-12-07T22:59:59.999Z');
    expect(formatPragueDateTimeCs(instant)).toBe('7. 12. 2026 23:59');
    expect(formatPragueDateTimeEn(instant)).toBe('7 Dec 2026, 23:59');
  });

  it('uses summer time in summer', () => {
    const instant = new Date('2026-06-01T06:00:00Z');
    expect(formatPragueDateTimeCs(instant)).toBe('1. 6. 2026 08:00');
    expect(formatPragueDateTimeEn(instant)).toBe('1 Jun 2026, 08:00');
  });
});
