import { LocalDate, addDays, isWeekend, toEpochDay } from './local-date';
import { isCzechPublicHoliday } from './czech-holidays';
import { toPragueDate } from './prague-time';

/**
 * The Czech business calendar: Monday to Friday except public holidays. One implementation
 * for workflow deadlines and attendance alike, so that "5 business days" means the same
 * thing everywhere in the office.
 */
export function isBusinessDay(date: LocalDate): boolean {
  return !isWeekend(date) && !isCzechPublicHoliday(date);
}

/**
 * Moves by `days` business days. From a business day, +1 is the next business day; from a
 * weekend or holiday, +1 is the first business day after it (a request filed on Saturday
 * with a 1-day deadline is due on Monday). 0 returns the date itself if it is a business
 * day, else the next business day. Negative values move backwards symmetrically.
 */
export function addBusinessDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new Error(`Business days must be an integer, got ${days}`);
  if (days === 0) return isBusinessDay(date) ? date : nextBusinessDay(date);
  const step = days > 0 ? 1 : -1;
  let remaining = Math.abs(days);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isBusinessDay(current)) remaining--;
  }
  return current;
}

/** The first business day strictly after the date. */
export function nextBusinessDay(date: LocalDate): LocalDate {
  let current = addDays(date, 1);
  while (!isBusinessDay(current)) current = addDays(current, 1);
  return current;
}

/** The last business day strictly before the date. */
export function previousBusinessDay(date: LocalDate): LocalDate {
  let current = addDays(date, -1);
  while (!isBusinessDay(current)) current = addDays(current, -1);
  return current;
}

/**
 * Business days in the half-open interval (from, to]: how many business days must pass to
 * get from one date to the other. Negative when `to` is before `from`.
 */
export function businessDaysBetween(from: LocalDate, to: LocalDate): number {
  if (to < from) return -businessDaysBetween(to, from);
  let count = 0;
  const end = toEpochDay(to);
  let current = from;
  for (let day = toEpochDay(from); day < end; day++) {
    current = addDays(current, 1);
    if (isBusinessDay(current)) count++;
  }
  return count;
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
