import { localDate, localDateParts, toPragueDate, type LocalDate } from '@agendy/shared/util';

/**
 * Today on the office's calendar (Europe/Prague), whatever zone the browser or test machine runs
 * in: the server counts periods, deadlines and balances in Prague days, so a UTC date would be
 * yesterday for the first hour or two after Prague midnight.
 */
export function officeToday(now = new Date()): LocalDate {
  return toPragueDate(now);
}

/** The first day of the office month `monthsBack` months before today's. */
export function officeMonthStart(monthsBack: number, now = new Date()): LocalDate {
  const { year, month } = localDateParts(officeToday(now));
  const index = year * 12 + (month - 1) - monthsBack;
  return localDate(Math.floor(index / 12), (index % 12) + 1, 1);
}
