import fc from 'fast-check';
import { isoDayOfWeek, pragueLocalToInstant, toPragueWallClock } from '@agendy/shared/util';
import { expandRRule, parseRRule, RRuleError, WEEKDAY_CODES } from './rrule';

const at = (date: string, h: number, m = 0) => pragueLocalToInstant(date, h, m);
const local = (d: Date) => {
  const w = toPragueWallClock(d);
  return `${w.date} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe('RRULE expander (Europe/Prague)', () => {
  it('keeps 09:00 local across the autumn DST change', () => {
    const occ = expandRRule('FREQ=WEEKLY;BYDAY=TH;COUNT=4', at('2027-10-21', 9), 60);
    expect(occ.map((o) => local(o.start))).toEqual(['2027-10-21 09:00', '2027-10-28 09:00', '2027-11-04 09:00', '2027-11-11 09:00']);
    // 07:00Z in summer time, 08:00Z in winter time.
    expect(occ[1].start.toISOString()).toBe('2027-10-28T07:00:00.000Z');
    expect(occ[2].start.toISOString()).toBe('2027-11-04T08:00:00.000Z');
    expect(occ[2].end.getTime() - occ[2].start.getTime()).toBe(3_600_000);
  });

  it('keeps 09:00 local across the spring DST change', () => {
    const occ = expandRRule('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20270405', at('2027-03-22', 9), 30);
    expect(occ.map((o) => local(o.start))).toEqual(['2027-03-22 09:00', '2027-03-29 09:00', '2027-04-05 09:00']);
  });

  it('supports every n weeks on several days', () => {
    const occ = expandRRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5', at('2027-01-06', 14), 60);
    expect(occ.map((o) => local(o.start))).toEqual(['2027-01-06 14:00', '2027-01-18 14:00', '2027-01-20 14:00', '2027-02-01 14:00', '2027-02-03 14:00']);
  });

  it('supports monthly by ordinal weekday (second Thursday, last Friday)', () => {
    expect(expandRRule('FREQ=MONTHLY;BYDAY=2TH;COUNT=3', at('2027-01-01', 10), 60).map((o) => local(o.start))).toEqual([
      '2027-01-14 10:00',
      '2027-02-11 10:00',
      '2027-03-11 10:00',
    ]);
    expect(expandRRule('FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270430', at('2027-02-01', 8), 60).map((o) => local(o.start))).toEqual([
      '2027-02-26 08:00',
      '2027-03-26 08:00',
      '2027-04-30 08:00',
    ]);
  });

  it('rejects what it does not support', () => {
    for (const bad of ['FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY', 'FREQ=WEEKLY;COUNT=2;UNTIL=20270101', 'FREQ=WEEKLY;BYDAY=XX;COUNT=2', 'FREQ=MONTHLY;BYDAY=TH;COUNT=2', 'FREQ=WEEKLY;BYHOUR=3;COUNT=1']) {
      expect(() => parseRRule(bad)).toThrow(RRuleError);
    }
  });

  const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });
  const start = fc
    .record({ day: fc.integer({ min: 0, max: 3 * 365 }), hour: fc.integer({ min: 6, max: 20 }), minute: fc.constantFrom(0, 15, 30, 45) })
    .map(({ day, hour, minute }) => {
      const date = new Date(Date.UTC(2027, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      return { date, hour, minute, instant: pragueLocalToInstant(date, hour, minute) };
    });

  it('property: weekly occurrences are ordered, on the requested weekdays, at the same Prague time, and COUNT is respected', () => {
    fc.assert(
      fc.property(start, weekdays, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 60 }), (s, days, interval, count) => {
        const rule = `FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${days.map((d) => WEEKDAY_CODES[d - 1]).join(',')};COUNT=${count}`;
        const occ = expandRRule(rule, s.instant, 45);
        expect(occ).toHaveLength(count);
        for (let i = 1; i < occ.length; i++) expect(occ[i].start.getTime()).toBeGreaterThan(occ[i - 1].start.getTime());
        for (const o of occ) {
          const w = toPragueWallClock(o.start);
          expect(days).toContain(isoDayOfWeek(w.date));
          expect([w.hour, w.minute]).toEqual([s.hour, s.minute]);
          expect(w.date >= s.date).toBe(true);
          expect(o.end.getTime() - o.start.getTime()).toBe(45 * 60_000);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: UNTIL is an inclusive bound and monthly ordinals land on the weekday', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 3 }), (s, ordinal, weekday, interval) => {
        const until = new Date(s.instant.getTime() + 400 * 86_400_000);
        const untilText = until.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
        const occ = expandRRule(`FREQ=MONTHLY;INTERVAL=${interval};BYDAY=${ordinal}${WEEKDAY_CODES[weekday - 1]};UNTIL=${untilText}`, s.instant, 60);
        expect(occ.length).toBeGreaterThan(0);
        for (let i = 1; i < occ.length; i++) expect(occ[i].start.getTime()).toBeGreaterThan(occ[i - 1].start.getTime());
        for (const o of occ) {
          const w = toPragueWallClock(o.start);
          expect(isoDayOfWeek(w.date)).toBe(weekday);
          const dayOfMonth = Number(w.date.slice(8, 10));
          expect(Math.ceil(dayOfMonth / 7)).toBe(ordinal);
          expect(o.start.getTime()).toBeLessThanOrEqual(until.getTime());
          expect([w.hour, w.minute]).toEqual([s.hour, s.minute]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
