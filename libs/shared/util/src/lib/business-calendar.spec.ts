import fc from 'fast-check';
import {
  addBusinessDays,
  countOfficeWorkingDays,
  isOfficeWorkingDay,
  businessDayOf,
  businessDaysBetween,
  countBusinessDaysInclusive,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
} from './business-calendar';
import { addDays, fromEpochDay, isWeekend, toEpochDay } from './local-date';
import { isCzechPublicHoliday } from './czech-holidays';

describe('isBusinessDay', () => {
  it('excludes weekends and public holidays', () => {
    expect(isBusinessDay('2026-11-27')).toBe(true); // Friday
    expect(isBusinessDay('2026-11-28')).toBe(false); // Saturday
    expect(isBusinessDay('2026-11-29')).toBe(false); // Sunday
    expect(isBusinessDay('2026-11-17')).toBe(false); // Tuesday, holiday
    expect(isBusinessDay('2026-12-24')).toBe(false);
  });
});

describe('addBusinessDays', () => {
  it('skips the Easter weekend with Good Friday and Easter Monday (2026)', () => {
    // Thursday 2 April + 1 → Tuesday 7 April.
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('skips Christmas (2026: 24–26 Dec are Thu–Sat)', () => {
    expect(addBusinessDays('2026-12-23', 1)).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-23', 5)).toBe('2027-01-04'); // 1 Jan is a holiday too
  });

  it('counts from a weekend as if from the preceding gap', () => {
    expect(addBusinessDays('2026-11-28', 1)).toBe('2026-11-30');
    expect(addBusinessDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addBusinessDays('2026-11-27', 0)).toBe('2026-11-27');
  });

  it('moves backwards', () => {
    expect(addBusinessDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(addBusinessDays('2026-11-30', -1)).toBe('2026-11-27');
  });

  it('rejects fractional days', () => {
    expect(() => addBusinessDays('2026-11-27', 1.5)).toThrow(/integer/);
  });

  it('always lands on a business day and is undone by businessDaysBetween', () => {
    const dates = fc.integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2060-12-31') }).map(fromEpochDay);
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 400 }), (date, n) => {
        const result = addBusinessDays(date, n);
        expect(isBusinessDay(result)).toBe(true);
        expect(businessDaysBetween(date, result)).toBe(n);
        expect(result > date).toBe(true);
      }),
    );
  });
});

describe('next/previous business day', () => {
  it('jumps over holidays and weekends', () => {
    expect(nextBusinessDay('2026-10-27')).toBe('2026-10-29'); // 28 Oct holiday
    expect(previousBusinessDay('2027-01-04')).toBe('2026-12-31');
  });
});

describe('businessDaysBetween / countBusinessDaysInclusive', () => {
  it('counts the working days of a leave from Monday to Friday of Easter week 2026', () => {
    expect(countBusinessDaysInclusive('2026-03-30', '2026-04-03')).toBe(4); // Good Friday off
    expect(countBusinessDaysInclusive('2026-04-03', '2026-03-30')).toBe(0);
  });

  it('is antisymmetric', () => {
    expect(businessDaysBetween('2026-12-31', '2026-12-23')).toBe(-businessDaysBetween('2026-12-23', '2026-12-31'));
    expect(businessDaysBetween('2026-12-23', '2026-12-31')).toBe(4); // 28, 29, 30 and 31 December
  });

  it('agrees with a day-by-day count', () => {
    const dates = fc.integer({ min: toEpochDay('2015-01-01'), max: toEpochDay('2035-12-31') }).map(fromEpochDay);
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 120 }), (from, span) => {
        const to = addDays(from, span);
        let expected = 0;
        for (let i = 1; i <= span; i++) if (isBusinessDay(addDays(from, i))) expected++;
        expect(businessDaysBetween(from, to)).toBe(expected);
      }),
    );
  });
});

describe('businessDayOf', () => {
  it('uses the Prague date, not the UTC date', () => {
    // 23:30 UTC on Monday 16 Nov is 00:30 on 17 Nov in Prague, a holiday.
    expect(businessDayOf(new Date('2026-11-16T23:30:00Z'))).toBe('2026-11-18');
    expect(businessDayOf(new Date('2026-11-16T22:30:00Z'))).toBe('2026-11-16');
  });
});

describe('office working days (company days off on top of the business calendar)', () => {
  it('a company day off is not a working day, a holiday never is, an ordinary weekday is', () => {
    const daysOff = new Set(['2026-12-28']);
    expect(isOfficeWorkingDay('2026-12-28', daysOff)).toBe(false);
    expect(isOfficeWorkingDay('2026-12-28')).toBe(true);
    expect(isOfficeWorkingDay('2026-12-24', new Set())).toBe(false);
    // 21.–31. 12. 2026: 21, 22, 23, 29, 30, 31 are working days; 24–26 holidays; 28 the company's day off.
    expect(countOfficeWorkingDays('2026-12-21', '2026-12-31', daysOff)).toBe(6);
  });
});

describe('addBusinessDays against a day-by-day reference', () => {
  // The calendar memoises per epoch day; this reference walks the plain weekday/holiday rules.
  const referenceIsBusinessDay = (date: string) => !isWeekend(date) && !isCzechPublicHoliday(date);
  function reference(date: string, days: number): string {
    if (days === 0) {
      let d = date;
      while (!referenceIsBusinessDay(d)) d = addDays(d, 1);
      return d;
    }
    let d = date;
    for (let left = Math.abs(days); left > 0; ) {
      d = addDays(d, Math.sign(days));
      if (referenceIsBusinessDay(d)) left--;
    }
    return d;
  }

  it('lands on the same day for any start and distance', () => {
    const dates = fc.integer({ min: toEpochDay('1990-01-01'), max: toEpochDay('2090-12-31') }).map(fromEpochDay);
    fc.assert(
      fc.property(dates, fc.integer({ min: -300, max: 300 }), (date, n) => addBusinessDays(date, n) === reference(date, n)),
      { numRuns: 2000 },
    );
  });
});
