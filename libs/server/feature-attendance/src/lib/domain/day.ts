import type { AbsenceKind, AttendanceDay, ClockEventInfo, ClockEventType, DayAbsenceInfo, DayAnomaly, PresenceStatus } from '@agendy/shared/contracts';
import type { LocalDate } from '@agendy/shared/util';
import { dailyMinutes, hhmmToMinutes, type WorkModel } from './work-model';

/** A clock event placed on its Prague day: `minute` counts from that day's midnight. */
export interface DayEvent {
  minute: number;
  type: ClockEventType;
  info: ClockEventInfo;
}

/** An approved absence falling on the day (from a leave request). */
export interface DayAbsence {
  kind: Exclude<AbsenceKind, 'svatek'> | 'home-office';
  half?: boolean;
  /** A doctor's visit with times (minutes from midnight). */
  fromMinute?: number;
  toMinute?: number;
  requestId?: string;
}

export interface DayInput {
  date: LocalDate;
  /** Office working day: not a weekend, public holiday or company day off. */
  workingDay: boolean;
  /** Set for a public holiday on a weekday (paid as "svátek") or a company day off. */
  dayOffName: string | null;
  publicHolidayOnWeekday: boolean;
  model: WorkModel;
  events: DayEvent[];
  absences: DayAbsence[];
  /** For today: minutes since midnight now (an open segment counts until now and is no anomaly); null for a past day. */
  nowMinute: number | null;
  /** A future day: nothing is flagged. */
  future: boolean;
}

/** Labour Code § 88: a break of at least 30 minutes after at most 6 hours of continuous work. */
export const MAX_CONTINUOUS_WORK = 360;
export const STATUTORY_BREAK = 30;
/** Parts of a split break count only when each lasts at least 15 minutes. */
export const MIN_BREAK_PART = 15;

type State = 'off' | 'work' | 'home' | 'break' | 'trip' | 'doctor';

const NEXT: Record<ClockEventType, Partial<Record<State, State | 'resume'>>> = {
  in: { off: 'work', doctor: 'work', break: 'work', trip: 'work' },
  'home-office': { off: 'home', doctor: 'home', break: 'home' },
  out: { work: 'off', home: 'off', break: 'off', trip: 'off', doctor: 'off' },
  'break-start': { work: 'break', home: 'break' },
  'break-end': { break: 'resume' },
  'trip-start': { off: 'trip', work: 'trip', home: 'trip', break: 'trip' },
  'trip-end': { trip: 'work' },
  doctor: { off: 'doctor', work: 'doctor', home: 'doctor', break: 'doctor' },
};

const isWork = (s: State) => s === 'work' || s === 'home' || s === 'trip';

export const STATUS_OF: Record<State, PresenceStatus> = { off: 'off', work: 'work', home: 'home-office', break: 'break', trip: 'trip', doctor: 'doctor' };

/** Where the events of a day leave the employee (for "today's status"). */
export function presenceAfter(events: readonly Pick<DayEvent, 'type'>[]): PresenceStatus {
  let state: State = 'off';
  let resume: State = 'work';
  for (const e of events) {
    const next: State | 'resume' | undefined = NEXT[e.type][state];
    if (!next) continue;
    if (next === 'break') resume = state;
    state = next === 'resume' ? resume : next;
  }
  return STATUS_OF[state];
}

/**
 * One day of attendance: walks the clock events as a state machine, adds approved absences, and
 * flags what HR must look at. Pure: the same input always gives the same day.
 */
export function computeDay(input: DayInput): AttendanceDay {
  const { model } = input;
  const daily = dailyMinutes(model);
  const expected = input.workingDay ? daily : 0;
  const anomalies = new Set<DayAnomaly>();
  let worked = 0;
  let breaks = 0;
  let trip = 0;
  let home = 0;
  let doctor = 0;
  let state: State = 'off';
  let resume: State = 'work';
  let since = 0;
  // Continuous-work tracking for the statutory break.
  let run = 0;
  let pause = 0;
  let firstPresence: number | null = null;
  let lastPresence: number | null = null;

  const account = (from: number, to: number) => {
    const length = Math.max(0, to - from);
    if (length === 0) return;
    if (isWork(state)) {
      worked += length;
      if (state === 'trip') trip += length;
      if (state === 'home') home += length;
      run += length;
      if (run > MAX_CONTINUOUS_WORK) anomalies.add('missing-break');
      firstPresence ??= from;
      lastPresence = to;
    } else {
      if (state === 'break') breaks += length;
      if (state === 'doctor') doctor += length;
      if (length >= MIN_BREAK_PART) pause += length;
      if (pause >= STATUTORY_BREAK) {
        run = 0;
        pause = 0;
      }
    }
  };

  const events = [...input.events].sort((a, b) => a.minute - b.minute);
  for (const e of events) {
    const next: State | 'resume' | undefined = NEXT[e.type][state];
    if (!next) {
      anomalies.add('event-order');
      continue;
    }
    account(since, e.minute);
    // An idle stretch between out and the next in counts as a pause too.
    if (next === 'break') resume = state;
    state = next === 'resume' ? resume : next;
    since = e.minute;
  }
  if (state !== 'off') {
    if (input.nowMinute !== null) {
      account(since, Math.max(since, input.nowMinute));
    } else if (state === 'doctor') {
      // Left for the doctor and did not come back: the visit covers the rest of the shift.
      doctor += Math.max(0, expected - worked);
    } else {
      anomalies.add('missing-out');
    }
  }

  const absences: DayAbsenceInfo[] = [];
  let absenceCredit = 0;
  let fullDayAbsent = false;
  let halfDayAbsent = false;
  for (const a of input.absences) {
    if (a.kind === 'home-office') continue;
    let minutes: number;
    if (a.kind === 'lekar' && a.fromMinute !== undefined && a.toMinute !== undefined) {
      minutes = Math.min(expected, Math.max(0, a.toMinute - a.fromMinute));
    } else {
      minutes = a.half ? Math.round(expected / 2) : expected;
      if (a.half) halfDayAbsent = true;
      else if (expected > 0) fullDayAbsent = true;
    }
    if (minutes <= 0) continue;
    absenceCredit += minutes;
    absences.push({ kind: a.kind, minutes, ...(a.half ? { half: true } : {}), ...(a.requestId ? { requestId: a.requestId } : {}) });
  }
  if (input.publicHolidayOnWeekday) absences.push({ kind: 'svatek', minutes: daily });

  const credited = worked + doctor + absenceCredit;
  const hasEvents = events.length > 0;
  if (!input.future) {
    if (input.workingDay && !hasEvents && !fullDayAbsent && absenceCredit < expected && input.nowMinute === null) anomalies.add('no-record');
    if (!input.workingDay && worked > 0) anomalies.add('work-on-day-off');
    // A missing clock-out says it all; core time cannot be judged without the departure.
    if (input.workingDay && hasEvents && !fullDayAbsent && !halfDayAbsent && firstPresence !== null && !anomalies.has('missing-out')) {
      if (model.kind === 'flexible' && model.coreFrom && model.coreTo) {
        const coreFrom = hhmmToMinutes(model.coreFrom);
        const coreTo = hhmmToMinutes(model.coreTo);
        const stillHere = input.nowMinute !== null && state !== 'off';
        if (firstPresence > coreFrom || (!stillHere && (lastPresence ?? 0) < coreTo && !(state === 'doctor' || doctor > 0))) anomalies.add('core-time');
      }
      if (model.kind === 'fixed' && model.startTime && firstPresence > hhmmToMinutes(model.startTime)) anomalies.add('late-arrival');
    }
  }

  return {
    date: input.date,
    workingDay: input.workingDay,
    dayOffName: input.dayOffName,
    expectedMinutes: expected,
    workedMinutes: worked,
    breakMinutes: breaks,
    tripMinutes: trip,
    homeOfficeMinutes: home,
    doctorMinutes: doctor,
    absences,
    creditedMinutes: credited,
    overtimeMinutes: Math.max(0, credited - expected),
    anomalies: [...anomalies].sort(),
    events: events.map((e) => e.info),
  };
}

/** Whether a clock event may follow the current status (the same state machine the day computation walks). */
export function canFollow(type: ClockEventType, status: PresenceStatus): boolean {
  const state = (Object.keys(STATUS_OF) as State[]).find((s) => STATUS_OF[s] === status) ?? 'off';
  return NEXT[type][state] !== undefined;
}
