import fc from 'fast-check';
import { CLOCK_EVENT_TYPES, type AttendanceDay } from '@agendy/shared/contracts';
import { addDays, czechPublicHoliday, czechPublicHolidays, fromEpochDay, isOfficeWorkingDay, isWeekend, localDate, toEpochDay, type LocalDate } from '@agendy/shared/util';
import { computeDay, type DayEvent } from './day';
import { checkNewLeave, leaveBalance, leaveEntitlementMinutes, type LeaveEntry } from './leave-balance';
import { timesheetTotals } from './timesheet';
import { DEFAULT_WORK_MODEL, type WorkModel } from './work-model';

const modelArb: fc.Arbitrary<WorkModel> = fc.record({
  weeklyMinutes: fc.constantFrom(2400, 1800, 1200, 2000),
  kind: fc.constantFrom('fixed' as const, 'flexible' as const),
  startTime: fc.constantFrom('07:00', '08:00', null),
  coreFrom: fc.constantFrom('09:00', null),
  coreTo: fc.constantFrom('14:00', null),
  employmentStart: fc.option(fc.integer({ min: 0, max: 500 }).map((n) => addDays('2025-10-01', n)), { nil: null }),
  leaveWeeks: fc.constantFrom(4, 5, 6),
  sickDays: fc.integer({ min: 0, max: 5 }),
});

const eventsArb: fc.Arbitrary<DayEvent[]> = fc
  .array(fc.record({ minute: fc.integer({ min: 0, max: 1439 }), type: fc.constantFrom(...CLOCK_EVENT_TYPES) }), { maxLength: 12 })
  .map((list) => list.map((e, i) => ({ ...e, info: { id: String(i), type: e.type, at: '', note: null, source: 'clock' as const } })));

const monthArb = fc.tuple(fc.integer({ min: 2016, max: 2035 }), fc.integer({ min: 1, max: 12 }));
const daysOffArb = fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { maxLength: 3 });

function monthDays(year: number, month: number): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = localDate(year, month, 1); d.startsWith(`${year}-${String(month).padStart(2, '0')}`); d = addDays(d, 1)) out.push(d);
  return out;
}

function computeMonth(year: number, month: number, model: WorkModel, events: DayEvent[][], offDays: number[]): AttendanceDay[] {
  const daysOff = new Set(offDays.map((d) => localDate(year, month, d)));
  return monthDays(year, month).map((date, i) => {
    const holiday = czechPublicHoliday(date);
    return computeDay({
      date,
      workingDay: isOfficeWorkingDay(date, daysOff),
      dayOffName: holiday?.name.cs ?? null,
      publicHolidayOnWeekday: Boolean(holiday) && !isWeekend(date),
      model,
      events: events[i % events.length] ?? [],
      absences: i % 7 === 3 ? [{ kind: 'dovolena', half: i % 2 === 0 }] : [],
      nowMinute: null,
      future: false,
    });
  });
}

describe('attendance properties', () => {
  it('holidays and company days off are never working days: nothing expected, no "no record"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), modelArb, eventsArb, daysOffArb, (year, model, events, offDays) => {
        const daysOff = new Set(offDays.map((d) => localDate(year, 5, d)));
        for (const h of [...czechPublicHolidays(year).map((x) => x.date), ...daysOff]) {
          expect(isOfficeWorkingDay(h, daysOff)).toBe(false);
          const d = computeDay({ date: h, workingDay: isOfficeWorkingDay(h, daysOff), dayOffName: 'x', publicHolidayOnWeekday: false, model, events, absences: [{ kind: 'dovolena' }], nowMinute: null, future: false });
          expect(d.expectedMinutes).toBe(0);
          expect(d.workingDay).toBe(false);
          expect(d.anomalies).not.toContain('no-record');
          // Leave on a holiday costs nothing.
          expect(d.absences.filter((a) => a.kind === 'dovolena')).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('for random clock events the timesheet totals are exactly the sums of its days, and every day is sane', () => {
    fc.assert(
      fc.property(monthArb, modelArb, fc.array(eventsArb, { minLength: 1, maxLength: 31 }), daysOffArb, ([year, month], model, events, offDays) => {
        const days = computeMonth(year, month, model, events, offDays);
        const t = timesheetTotals(days);
        const sum = (f: (d: AttendanceDay) => number) => days.reduce((s, d) => s + f(d), 0);
        expect(t.workedMinutes).toBe(sum((d) => d.workedMinutes));
        expect(t.expectedMinutes).toBe(sum((d) => d.expectedMinutes));
        expect(t.creditedMinutes).toBe(sum((d) => d.creditedMinutes));
        expect(t.overtimeMinutes).toBe(sum((d) => d.overtimeMinutes));
        expect(t.anomalies).toBe(sum((d) => d.anomalies.length));
        expect(t.workingDays).toBe(days.filter((d) => d.workingDay).length);
        const absenceSum = (kind: string) => sum((d) => d.absences.filter((a) => a.kind === kind).reduce((s, a) => s + a.minutes, 0));
        expect(t.absenceMinutes.dovolena ?? 0).toBe(absenceSum('dovolena'));
        expect(t.absenceMinutes.svatek ?? 0).toBe(absenceSum('svatek'));
        for (const d of days) {
          expect(d.workedMinutes).toBeGreaterThanOrEqual(0);
          expect(d.workedMinutes + d.breakMinutes + d.doctorMinutes).toBeLessThanOrEqual(1440 + d.expectedMinutes);
          expect(d.tripMinutes + d.homeOfficeMinutes).toBeLessThanOrEqual(d.workedMinutes);
          expect(d.overtimeMinutes).toBe(Math.max(0, d.creditedMinutes - d.expectedMinutes));
          if (!d.workingDay) expect(d.expectedMinutes).toBe(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  type Op = { kind: 'file'; from: number; length: number; half: boolean; type: 'dovolena' | 'sick-day' } | { kind: 'approve' | 'cancel' | 'reject'; which: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('file' as const), from: fc.integer({ min: 0, max: 364 }), length: fc.integer({ min: 0, max: 20 }), half: fc.boolean(), type: fc.constantFrom('dovolena' as const, 'sick-day' as const) }),
    fc.record({ kind: fc.constantFrom('approve' as const, 'cancel' as const, 'reject' as const), which: fc.nat() }),
  );

  it('for random sequences of leave requests, approvals and cancellations the balance never goes negative without an override', () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: 0, max: 40 * 60 }), fc.array(opArb, { maxLength: 40 }), daysOffArb, (model, carried, ops, offDays) => {
        const year = 2026;
        const daysOff = new Set(offDays.map((d) => localDate(year, 8, d)));
        const account = { carriedMinutes: carried, adjustmentMinutes: 0 };
        const entries: LeaveEntry[] = [];
        for (const op of ops) {
          if (op.kind === 'file') {
            const dateFrom = fromEpochDay(toEpochDay('2026-01-01') + op.from);
            const dateTo = op.type === 'sick-day' || op.half ? dateFrom : addDays(dateFrom, op.length);
            if (dateTo > '2026-12-31') continue;
            const candidate = { type: op.type, dateFrom, dateTo, halfDay: op.half };
            if (checkNewLeave(candidate, year, model, account, entries, daysOff) === null) entries.push({ ...candidate, state: 'approval' });
          } else if (entries.length > 0) {
            const e = entries[op.which % entries.length];
            if (op.kind === 'approve' && e.state === 'approval') e.state = 'approved';
            if (op.kind === 'reject' && e.state === 'approval') e.state = 'rejected';
            if (op.kind === 'cancel' && ['approval', 'approved'].includes(e.state)) e.state = 'cancelled';
          }
          const b = leaveBalance(year, model, account, entries, daysOff);
          expect(b.availableHours).toBeGreaterThanOrEqual(0);
          expect(b.remainingHours).toBeGreaterThanOrEqual(0);
          expect(b.sickDaysTaken).toBeLessThanOrEqual(model.sickDays);
          // No two live requests share a day.
          const live = entries.filter((x) => ['approval', 'approved'].includes(x.state));
          for (let i = 0; i < live.length; i++) for (let j = i + 1; j < live.length; j++) expect(live[i].dateTo < live[j].dateFrom || live[j].dateTo < live[i].dateFrom).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('only an explicit override takes the balance below zero', () => {
    const model = DEFAULT_WORK_MODEL;
    const entries: LeaveEntry[] = [{ type: 'dovolena', dateFrom: '2026-01-05', dateTo: '2026-02-06', halfDay: false, state: 'approved' }];
    const big = { type: 'dovolena', dateFrom: '2026-03-02', dateTo: '2026-03-20', halfDay: false };
    const account = { carriedMinutes: 0, adjustmentMinutes: 0 };
    expect(checkNewLeave(big, 2026, model, account, entries, new Set())).toBe('LEAVE_INSUFFICIENT');
    expect(checkNewLeave(big, 2026, model, account, entries, new Set(), true)).toBeNull();
    expect(checkNewLeave({ ...big, dateFrom: '2026-02-06', dateTo: '2026-02-06' }, 2026, model, account, entries, new Set(), true)).toBe('LEAVE_OVERLAP');
  });

  it('entitlement: 5 weeks of 40 h = 200 h; prorated for a start on 1 July and for part time', () => {
    expect(leaveEntitlementMinutes(2026, DEFAULT_WORK_MODEL)).toBe(200 * 60);
    // 184 of 365 days, 200 h × 184 / 365 = 100.8 h → 101 h (rounded up to whole hours).
    expect(leaveEntitlementMinutes(2026, { ...DEFAULT_WORK_MODEL, employmentStart: '2026-07-01' })).toBe(101 * 60);
    expect(leaveEntitlementMinutes(2026, { ...DEFAULT_WORK_MODEL, weeklyMinutes: 1200 })).toBe(100 * 60);
    expect(leaveEntitlementMinutes(2026, { ...DEFAULT_WORK_MODEL, employmentStart: '2027-01-04' })).toBe(0);
  });
});
