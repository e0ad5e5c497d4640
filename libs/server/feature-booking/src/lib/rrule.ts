import {
  addDays,
  isoDayOfWeek,
  localDate,
  localDateParts,
  pragueLocalToInstant,
  toPragueWallClock,
  type LocalDate,
} from '@agendy/shared/util';

/**
 * A small, pure expander for the RRULE subset the booking calendar offers (RFC 5545 syntax):
 *  - `FREQ=WEEKLY;INTERVAL=n;BYDAY=MO,WE;UNTIL=…|COUNT=n`
 *  - `FREQ=MONTHLY;INTERVAL=n;BYDAY=2TH` (ordinal weekday, `-1FR` = last Friday; several allowed)
 *  - `FREQ=MONTHLY` without BYDAY repeats on the first occurrence's day of the month.
 * Occurrences keep the first occurrence's wall-clock time in Europe/Prague across DST changes
 * (09:00 stays 09:00). Unlike RFC 5545, the first start is not added when it does not match the
 * rule: every occurrence lies on a requested weekday. A bound (UNTIL or COUNT) is required.
 */

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** Hard cap: one series never books more than this. */
export const MAX_OCCURRENCES = 370;

export interface ParsedRule {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** Weekly: ISO weekdays 1..7. */
  byDay: number[];
  /** Monthly: (ordinal, ISO weekday); ordinal 1..5 or -1..-5. */
  byMonthDay: Array<{ ordinal: number; weekday: number }>;
  count?: number;
  /** Inclusive upper bound of an occurrence's start. */
  until?: Date;
}

export class RRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RRuleError';
  }
}

function weekdayOf(code: string): number {
  const i = WEEKDAY_CODES.indexOf(code as WeekdayCode);
  if (i < 0) throw new RRuleError(`unknown weekday "${code}"`);
  return i + 1;
}

function parseUntil(value: string): Date {
  const dateOnly = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (dateOnly) {
    // The whole Prague day counts.
    const d = localDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    return pragueLocalToInstant(d, 23, 59, 59, 999);
  }
  const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (utc) return new Date(Date.UTC(Number(utc[1]), Number(utc[2]) - 1, Number(utc[3]), Number(utc[4]), Number(utc[5]), Number(utc[6])));
  throw new RRuleError(`UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSSZ, not "${value}"`);
}

export function parseRRule(text: string): ParsedRule {
  const parts = new Map<string, string>();
  for (const piece of text.trim().replace(/^RRULE:/i, '').split(';')) {
    if (piece === '') continue;
    const [key, value, ...rest] = piece.split('=');
    if (!key || value === undefined || rest.length > 0 || value === '') throw new RRuleError(`malformed part "${piece}"`);
    const k = key.toUpperCase();
    if (parts.has(k)) throw new RRuleError(`${k} given twice`);
    parts.set(k, value.toUpperCase());
  }
  for (const k of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'COUNT', 'WKST'].includes(k)) throw new RRuleError(`${k} is not supported`);
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RRuleError('FREQ must be WEEKLY or MONTHLY');
  if (parts.has('WKST') && parts.get('WKST') !== 'MO') throw new RRuleError('only WKST=MO is supported');
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 52) throw new RRuleError('INTERVAL must be 1..52');
  const rule: ParsedRule = { freq, interval, byDay: [], byMonthDay: [] };
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    for (const item of byDay.split(',')) {
      const m = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      if (!m) throw new RRuleError(`BYDAY item "${item}" is not supported`);
      if (freq === 'WEEKLY') {
        if (m[1]) throw new RRuleError('weekly BYDAY takes plain weekdays');
        rule.byDay.push(weekdayOf(m[2]));
      } else {
        if (!m[1]) throw new RRuleError('monthly BYDAY needs an ordinal, e.g. 2TH or -1FR');
        rule.byMonthDay.push({ ordinal: Number(m[1]), weekday: weekdayOf(m[2]) });
      }
    }
    rule.byDay = [...new Set(rule.byDay)].sort((a, b) => a - b);
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) throw new RRuleError('COUNT and UNTIL cannot be combined');
  if (parts.has('COUNT')) {
    const count = Number(parts.get('COUNT'));
    if (!Number.isInteger(count) || count < 1 || count > MAX_OCCURRENCES) throw new RRuleError(`COUNT must be 1..${MAX_OCCURRENCES}`);
    rule.count = count;
  } else if (parts.has('UNTIL')) {
    rule.until = parseUntil(parts.get('UNTIL') as string);
  } else {
    throw new RRuleError('UNTIL or COUNT is required');
  }
  return rule;
}

export interface Occurrence {
  start: Date;
  end: Date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The dates of one month the rule picks, ascending. */
function monthlyDates(rule: ParsedRule, year: number, month: number, firstDay: number): LocalDate[] {
  const last = daysInMonth(year, month);
  if (rule.byMonthDay.length === 0) return firstDay <= last ? [localDate(year, month, firstDay)] : [];
  const out = new Set<LocalDate>();
  for (const { ordinal, weekday } of rule.byMonthDay) {
    const sameWeekday: number[] = [];
    for (let d = 1; d <= last; d++) if (isoDayOfWeek(localDate(year, month, d)) === weekday) sameWeekday.push(d);
    const day = ordinal > 0 ? sameWeekday[ordinal - 1] : sameWeekday[sameWeekday.length + ordinal];
    if (day !== undefined) out.add(localDate(year, month, day));
  }
  return [...out].sort();
}

/**
 * Occurrences of `rule` starting at the first start's Prague wall-clock time, on or after its date,
 * each lasting `durationMinutes`. Ordered, at most MAX_OCCURRENCES (or COUNT).
 */
export function expandRRule(ruleText: string | ParsedRule, firstStart: Date, durationMinutes: number): Occurrence[] {
  const rule = typeof ruleText === 'string' ? parseRRule(ruleText) : ruleText;
  if (!(durationMinutes > 0)) throw new RRuleError('the duration must be positive');
  const wall = toPragueWallClock(firstStart);
  const firstDate = wall.date;
  const limit = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const out: Occurrence[] = [];
  const push = (date: LocalDate): boolean => {
    if (date < firstDate) return true;
    const start = pragueLocalToInstant(date, wall.hour, wall.minute, wall.second);
    if (rule.until && start.getTime() > rule.until.getTime()) return false;
    out.push({ start, end: new Date(start.getTime() + durationMinutes * 60_000) });
    return out.length < limit;
  };
  if (rule.freq === 'WEEKLY') {
    const days = rule.byDay.length > 0 ? rule.byDay : [isoDayOfWeek(firstDate)];
    const monday = addDays(firstDate, 1 - isoDayOfWeek(firstDate));
    // Ten years of periods at most: a rule that matches nothing ends instead of looping.
    for (let week = 0; week < 520; week += rule.interval) {
      for (const day of days) if (!push(addDays(monday, week * 7 + day - 1))) return out;
    }
    return out;
  }
  const { year, month, day } = localDateParts(firstDate);
  for (let k = 0; k < 120 * rule.interval; k += rule.interval) {
    const index = year * 12 + (month - 1) + k;
    for (const date of monthlyDates(rule, Math.floor(index / 12), (index % 12) + 1, day)) if (!push(date)) return out;
  }
  return out;
}
