import type { ClockEventType } from '@agendy/shared/contracts';
import { czechPublicHoliday, isWeekend } from '@agendy/shared/util';
import { canFollow, computeDay, presenceAfter, type DayEvent, type DayInput } from './day';
import { DEFAULT_WORK_MODEL, hhmmToMinutes, type WorkModel } from './work-model';

const ev = (time: string, type: ClockEventType): DayEvent => ({
  minute: hhmmToMinutes(time),
  type,
  info: { id: `${time}-${type}`, type, at: `2026-11-04T${time}:00+01:00`, note: null, source: 'clock' },
});

function day(events: DayEvent[], over: Partial<DayInput> = {}): ReturnType<typeof computeDay> {
  return computeDay({ date: '2026-11-04', workingDay: true, dayOffName: null, publicHolidayOnWeekday: false, model: DEFAULT_WORK_MODEL, events, absences: [], nowMinute: null, future: false, ...over });
}

describe('computeDay', () => {
  it('an ordinary day: 7:30–16:00 with a 30-minute lunch is 8 hours, no anomaly', () => {
    const d = day([ev('07:30', 'in'), ev('11:30', 'break-start'), ev('12:00', 'break-end'), ev('16:00', 'out')]);
    expect(d).toMatchObject({ expectedMinutes: 480, workedMinutes: 480, breakMinutes: 30, overtimeMinutes: 0, anomalies: [] });
  });

  it('flags the statutory break after 6 hours of continuous work and counts overtime', () => {
    const d = day([ev('07:00', 'in'), ev('16:30', 'out')]);
    expect(d.workedMinutes).toBe(570);
    expect(d.overtimeMinutes).toBe(90);
    expect(d.anomalies).toEqual(['missing-break']);
  });

  it('two 15-minute breaks count as the statutory break, a 10-minute one does not', () => {
    const split = day([ev('07:00', 'in'), ev('10:00', 'break-start'), ev('10:15', 'break-end'), ev('12:00', 'break-start'), ev('12:15', 'break-end'), ev('15:30', 'out')]);
    expect(split.anomalies).toEqual([]);
    const short = day([ev('07:00', 'in'), ev('12:00', 'break-start'), ev('12:10', 'break-end'), ev('15:30', 'out')]);
    expect(short.anomalies).toEqual(['missing-break']);
  });

  it('a forgotten clock-out is an anomaly and the open stretch is not counted; today it counts until now', () => {
    expect(day([ev('08:00', 'in')])).toMatchObject({ workedMinutes: 0, anomalies: ['missing-out'] });
    expect(day([ev('08:00', 'in')], { nowMinute: hhmmToMinutes('10:00') })).toMatchObject({ workedMinutes: 120, anomalies: [] });
  });

  it('business trips and home office are work; a doctor visit without return covers the rest of the shift', () => {
    const d = day([ev('07:00', 'home-office'), ev('09:00', 'out'), ev('09:00', 'trip-start'), ev('12:00', 'trip-end'), ev('12:00', 'doctor')]);
    expect(d).toMatchObject({ workedMinutes: 300, homeOfficeMinutes: 120, tripMinutes: 180, doctorMinutes: 180, creditedMinutes: 480, anomalies: [] });
  });

  it('a public holiday is no working day: nothing expected, paid as svátek, no "no record" anomaly', () => {
    const d = day([], { date: '2026-12-24', workingDay: false, dayOffName: 'Štědrý den', publicHolidayOnWeekday: true });
    expect(d).toMatchObject({ expectedMinutes: 0, workingDay: false, absences: [{ kind: 'svatek', minutes: 480 }], anomalies: [] });
  });

  it('leave: a full day is credited, half a day half; an empty working day is flagged', () => {
    expect(day([], { absences: [{ kind: 'dovolena' }] })).toMatchObject({ creditedMinutes: 480, anomalies: [] });
    expect(day([ev('08:00', 'in'), ev('12:00', 'out')], { absences: [{ kind: 'dovolena', half: true }] })).toMatchObject({ creditedMinutes: 480, anomalies: [] });
    expect(day([]).anomalies).toEqual(['no-record']);
  });

  it('core time (flexible) and late arrival (fixed)', () => {
    expect(day([ev('09:30', 'in'), ev('12:00', 'break-start'), ev('12:30', 'break-end'), ev('18:00', 'out')]).anomalies).toEqual(['core-time']);
    const fixed: WorkModel = { ...DEFAULT_WORK_MODEL, weeklyMinutes: 1800, kind: 'fixed', startTime: '07:00', coreFrom: null, coreTo: null };
    expect(day([ev('07:10', 'in'), ev('13:10', 'out')], { model: fixed })).toMatchObject({ expectedMinutes: 360, workedMinutes: 360, anomalies: ['late-arrival'] });
  });

  it('events out of order are flagged and skipped', () => {
    expect(day([ev('08:00', 'out'), ev('08:00', 'in'), ev('16:00', 'out')]).anomalies).toEqual(['event-order', 'missing-break']);
  });

  it('presence and the clock sequence share the state machine', () => {
    expect(presenceAfter([{ type: 'in' }, { type: 'break-start' }])).toBe('break');
    expect(presenceAfter([{ type: 'home-office' }, { type: 'break-start' }, { type: 'break-end' }])).toBe('home-office');
    expect(canFollow('out', 'off')).toBe(false);
    expect(canFollow('in', 'off')).toBe(true);
    expect(canFollow('break-end', 'work')).toBe(false);
  });

  it('the holiday calendar agrees: 2026-04-03 (Good Friday) and 2026-04-06 (Easter Monday) are weekday holidays', () => {
    for (const date of ['2026-04-03', '2026-04-06']) expect(Boolean(czechPublicHoliday(date)) && !isWeekend(date)).toBe(true);
  });
});
