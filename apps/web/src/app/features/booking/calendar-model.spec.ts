import { buildRRule, fromInputs, placement, rangeOf, shift, slotsOf, startOfWeek, visibleDays } from './calendar-model';

describe('calendar model', () => {
  it('weeks start on Monday', () => {
    expect(startOfWeek(new Date(2026, 11, 3)).getDate()).toBe(30); // Thu 3 Dec 2026 → Mon 30 Nov
    expect(startOfWeek(new Date(2026, 11, 6)).getDay()).toBe(1); // Sunday belongs to the week before
  });

  it('the month view covers whole weeks around the month', () => {
    const days = visibleDays('month', new Date(2026, 1, 14));
    expect(days).toHaveLength(42);
    expect(days[0].getDay()).toBe(1);
    expect(days.some((d) => d.getMonth() === 1 && d.getDate() === 1)).toBe(true);
    expect(days.some((d) => d.getMonth() === 1 && d.getDate() === 28)).toBe(true);
  });

  it('ranges and shifts follow the view', () => {
    const anchor = new Date(2026, 11, 3, 10);
    const week = rangeOf('week', anchor);
    expect(week.to.getTime() - week.from.getTime()).toBe(7 * 86_400_000);
    expect(shift('month', anchor, 1)).toEqual(new Date(2027, 0, 1));
    expect(shift('day', anchor, -1).getDate()).toBe(2);
  });

  it('slots span the office hours in half hours', () => {
    const slots = slotsOf(new Date(2026, 11, 3));
    expect(slots).toHaveLength(26);
    expect(slots[0].start.getHours()).toBe(7);
    expect(slots[25].end.getHours()).toBe(20);
  });

  it('places an event in slot units and clips it to the visible hours', () => {
    const day = new Date(2026, 11, 3);
    expect(placement(day, new Date(2026, 11, 3, 9), new Date(2026, 11, 3, 10, 30))).toEqual({ top: 4, height: 3 });
    expect(placement(day, new Date(2026, 11, 3, 6), new Date(2026, 11, 3, 8))).toEqual({ top: 0, height: 2 });
    expect(placement(day, new Date(2026, 11, 4, 9), new Date(2026, 11, 4, 10))).toBeNull();
  });

  it('builds the RRULE of the form', () => {
    const first = new Date(2026, 11, 3, 9); // the first Thursday of December
    expect(buildRRule({ freq: 'WEEKLY', interval: 2, days: [], until: '2027-03-01', first })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270301');
    expect(buildRRule({ freq: 'WEEKLY', interval: 1, days: ['MO', 'WE'], until: '2027-03-01', first })).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20270301');
    expect(buildRRule({ freq: 'MONTHLY', interval: 1, days: [], until: '2027-06-30', first })).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=1TH;UNTIL=20270630');
  });

  it('turns local inputs into an instant', () => {
    expect(new Date(fromInputs('2026-12-03', '09:30')).getTime()).toBe(new Date(2026, 11, 3, 9, 30).getTime());
  });
});
