import { LocalDate, addDays, fromEpochDay, toEpochDay } from './local-date';
import { isCzechPublicHoliday } from './czech-holidays';
import { toPragueDate } from './prague-time';

/**
 * The Czech business calendar: Monday to Friday except public holidays. One implementation
 * for workflow deadlines and attendance alike, so that "5 business days" means the same
 * thing everywhere in the office.
 */
export function isBusinessDay(date: LocalDate): boolean {
  return isBusinessEpochDay(toEpochDay(date));
}

/**
 * Moves by `days` business days. From a business day, +1 is the next business day; from a
 * weekend or holiday, +1 is the first business day after it (a request filed on Saturday
 * with a 1-day deadline is due on Monday). 0 returns the date itself if it is a business
 * day, else the next business day. Negative values move backwards symmetrically.
 */
export function addBusinessDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new Error(`Business days must be an integer, got ${days}`);
  const start = toEpochDay(date);
  if (days === 0) return isBusinessEpochDay(start) ? date : fromEpochDay(nextBusinessEpochDay(start));
  const step = days > 0 ? 1 : -1;
  let remaining = Math.abs(days);
  let current = start;
  while (remaining > 0) {
    current += step;
    if (isBusinessEpochDay(current)) remaining--;
  }
  return fromEpochDay(current);
}

/** The first business day strictly after the date. */
export function nextBusinessDay(date: LocalDate): LocalDate {
  return fromEpochDay(nextBusinessEpochDay(toEpochDay(date)));
}

/** The last business day strictly before the date. */
export function previousBusinessDay(date: LocalDate): LocalDate {
  let current = toEpochDay(date) - 1;
  while (!isBusinessEpochDay(current)) current--;
  return fromEpochDay(current);
}

/**
 * Business days in the half-open interval (from, to]: how many business days must pass to
 * get from one date to the other. Negative when `to` is before `from`.
 */
export function businessDaysBetween(from: LocalDate, to: LocalDate): number {
  if (to < from) return -businessDaysBetween(to, from);
  let count = 0;
  const end = toEpochDay(to);
  for (let day = toEpochDay(from) + 1; day <= end; day++) if (isBusinessEpochDay(day)) count++;
  return count;
}

function nextBusinessEpochDay(epochDay: number): number {
  let current = epochDay + 1;
  while (!isBusinessEpochDay(current)) current++;
  return current;
}

/*
 * Deadlines are computed on every transition (tens of days each), so the calendar works on epoch
 * days and remembers each day's answer; formatting a date string per step dominated transition().
 * The memo is bounded: a day is 1 entry, a century ~36 500.
 */
const businessDayMemo = new Map<number, boolean>();
const MEMO_LIMIT = 100_000;

function isBusinessEpochDay(epochDay: number): boolean {
  const known = businessDayMemo.get(epochDay);
  if (known !== undefined) return known;
  // 1970-01-01 (epoch day 0) was a Thursday: ISO weekday 4; 6 and 7 are the weekend.
  const isoWeekday = ((((epochDay + 3) % 7) + 7) % 7) + 1;
  const answer = isoWeekday < 6 && !isCzechPublicHoliday(fromEpochDay(epochDay));
  if (businessDayMemo.size >= MEMO_LIMIT) businessDayMemo.clear();
  businessDayMemo.set(epochDay, answer);
  return answer;
}

/** Business days of an inclusive date range, e.g. the days of leave a request consumes. */
export function countBusinessDaysInclusive(first: LocalDate, last: LocalDate): number {
  if (last < first) return 0;
  return businessDaysBetween(addDays(first, -1), last);
}

/** The Prague business day an instant falls on, or the next one if it is a day off. */
export function businessDayOf(instant: Date): LocalDate {
  return addBusinessDays(toPragueDate(instant), 0);
}

/**
 * A working day of the office: a business day that is not one of the company's own days off
 * (e.g. a day between holidays given to everyone). Attendance and leave count only these; the
 * statutory business calendar above stays what workflow deadlines use.
 */
export function isOfficeWorkingDay(date: LocalDate, companyDaysOff: ReadonlySet<LocalDate> = NO_DAYS_OFF): boolean {
  return isBusinessDay(date) && !companyDaysOff.has(date);
}

const NO_DAYS_OFF: ReadonlySet<LocalDate> = new Set();

/** Office working days of an inclusive date range (a leave request's length in days). */
export function countOfficeWorkingDays(first: LocalDate, last: LocalDate, companyDaysOff: ReadonlySet<LocalDate> = NO_DAYS_OFF): number {
  let count = 0;
  for (let current = first; current <= last; current = addDays(current, 1)) if (isOfficeWorkingDay(current, companyDaysOff)) count++;
  return count;
}
