/**
 * Pure date arithmetic of the calendar grid, in the browser's local time (Europe/Prague in the
 * office; the e2e browser is pinned to it). Weeks start on Monday.
 */
export type CalendarView = 'day' | 'week' | 'month';

export const SLOT_MINUTES = 30;
export const DAY_START_HOUR = 7;
export const DAY_END_HOUR = 20;

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, d.getHours(), d.getMinutes());
}

export function startOfWeek(d: Date): Date {
  const day = startOfDay(d);
  return addDays(day, -((day.getDay() + 6) % 7));
}

export function startOfMonth(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), 1);
}

/** The days shown by a view: 1, 7, or 6 whole weeks covering the month. */
export function visibleDays(view: CalendarView, anchor: Date): Date[] {
  if (view === 'day') return [startOfDay(anchor)];
  if (view === 'week') return Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));
  const first = startOfWeek(startOfMonth(anchor));
  return Array.from({ length: 42 }, (_, i) => addDays(first, i));
}

export function rangeOf(view: CalendarView, anchor: Date): { from: Date; to: Date } {
  const days = visibleDays(view, anchor);
  return { from: days[0], to: addDays(days[days.length - 1], 1) };
}

/** The previous/next period of the view. */
export function shift(view: CalendarView, anchor: Date, direction: 1 | -1): Date {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week') return addDays(anchor, 7 * direction);
  return new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
}

export interface Slot {
  start: Date;
  end: Date;
}

export function slotsOf(day: Date): Slot[] {
  const out: Slot[] = [];
  for (let m = DAY_START_HOUR * 60; m < DAY_END_HOUR * 60; m += SLOT_MINUTES) {
    const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(m / 60), m % 60);
    out.push({ start, end: new Date(start.getTime() + SLOT_MINUTES * 60_000) });
  }
  return out;
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function overlaps(aStart: Date, aEnd: Date, bStart: Date, bEnd: Date): boolean {
  return aStart.getTime() < bEnd.getTime() && bStart.getTime() < aEnd.getTime();
}

/** Position of an event inside a day column, in slot units from the first slot (clipped to the visible hours). */
export function placement(day: Date, start: Date, end: Date): { top: number; height: number } | null {
  const open = new Date(day.getFullYear(), day.getMonth(), day.getDate(), DAY_START_HOUR).getTime();
  const close = new Date(day.getFullYear(), day.getMonth(), day.getDate(), DAY_END_HOUR).getTime();
  const s = Math.max(start.getTime(), open);
  const e = Math.min(end.getTime(), close);
  if (e <= s) return null;
  const slot = SLOT_MINUTES * 60_000;
  return { top: (s - open) / slot, height: (e - s) / slot };
}

/** `2026-12-03` for <input type="date">, local time. */
export function toDateInput(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `09:30` for <input type="time">, local time. */
export function toTimeInput(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Local date + time inputs → an ISO instant with the offset (the API wants an explicit offset). */
export function fromInputs(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return new Date(y, m - 1, d, h, min).toISOString();
}

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** RRULE of the recurring-booking form: weekly on the chosen days or monthly on the n-th weekday, until a date. */
export function buildRRule(r: { freq: 'WEEKLY' | 'MONTHLY'; interval: number; days: string[]; until: string; first: Date }): string {
  const until = r.until.replace(/-/g, '');
  if (r.freq === 'WEEKLY') {
    const days = r.days.length > 0 ? r.days : [WEEKDAY_CODES[(r.first.getDay() + 6) % 7]];
    return `FREQ=WEEKLY;INTERVAL=${r.interval};BYDAY=${days.join(',')};UNTIL=${until}`;
  }
  const nth = Math.ceil(r.first.getDate() / 7);
  return `FREQ=MONTHLY;INTERVAL=${r.interval};BYDAY=${nth}${WEEKDAY_CODES[(r.first.getDay() + 6) % 7]};UNTIL=${until}`;
}

/** Month in the logbook's format: YYYY-MM. */
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
