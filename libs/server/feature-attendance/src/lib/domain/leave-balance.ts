import type { LeaveBalance } from '@agendy/shared/contracts';
import { addDays, isOfficeWorkingDay, localDate, toEpochDay, type LocalDate } from '@agendy/shared/util';
import { dailyMinutes, type WorkModel } from './work-model';

/** A leave request as far as the balance cares. */
export interface LeaveEntry {
  type: string;
  dateFrom: LocalDate;
  dateTo: LocalDate;
  halfDay: boolean;
  /** approval = pending; approved/taken = taken; anything else does not count. */
  state: string;
}

export const PENDING_STATES = ['approval'];
export const TAKEN_STATES = ['approved', 'taken'];

/**
 * Annual leave in minutes (the Labour Code counts leave in hours since 2021): weeks × weekly hours,
 * prorated by the share of the year the person is employed, rounded up to whole hours.
 */
export function leaveEntitlementMinutes(year: number, model: WorkModel): number {
  const first = localDate(year, 1, 1);
  const last = localDate(year, 12, 31);
  const yearDays = toEpochDay(last) - toEpochDay(first) + 1;
  let employedDays = yearDays;
  if (model.employmentStart && model.employmentStart > first) {
    employedDays = model.employmentStart > last ? 0 : toEpochDay(last) - toEpochDay(model.employmentStart) + 1;
  }
  const full = model.leaveWeeks * model.weeklyMinutes;
  return Math.ceil((full * employedDays) / yearDays / 60) * 60;
}

/** Minutes of leave a request uses within a year: its working days, half a day for half days. */
export function leaveMinutesInYear(entry: Pick<LeaveEntry, 'dateFrom' | 'dateTo' | 'halfDay'>, year: number, model: WorkModel, daysOff: ReadonlySet<LocalDate>): number {
  const daily = dailyMinutes(model);
  const from = entry.dateFrom < `${year}-01-01` ? `${year}-01-01` : entry.dateFrom;
  const to = entry.dateTo > `${year}-12-31` ? `${year}-12-31` : entry.dateTo;
  let minutes = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isOfficeWorkingDay(d, daysOff)) minutes += entry.halfDay ? Math.round(daily / 2) : daily;
  return minutes;
}

export interface LeaveAccount {
  carriedMinutes: number;
  adjustmentMinutes: number;
}

/** The balance derived from the requests themselves: no counters to drift, retries cannot count twice. */
export function leaveBalance(year: number, model: WorkModel, account: LeaveAccount, entries: readonly LeaveEntry[], daysOff: ReadonlySet<LocalDate>): LeaveBalance {
  const daily = dailyMinutes(model);
  const entitlement = leaveEntitlementMinutes(year, model);
  let taken = 0;
  let pending = 0;
  let sickTaken = 0;
  for (const e of entries) {
    const counts = TAKEN_STATES.includes(e.state) || PENDING_STATES.includes(e.state);
    if (e.type === 'sick-day' && counts && e.dateFrom.startsWith(`${year}-`)) sickTaken += e.halfDay ? 0.5 : 1;
    if (e.type !== 'dovolena') continue;
    const minutes = leaveMinutesInYear(e, year, model, daysOff);
    if (TAKEN_STATES.includes(e.state)) taken += minutes;
    else if (PENDING_STATES.includes(e.state)) pending += minutes;
  }
  const remaining = entitlement + account.carriedMinutes + account.adjustmentMinutes - taken;
  const available = remaining - pending;
  const h = (m: number) => Math.round((m / 60) * 100) / 100;
  const d = (m: number) => Math.round((m / daily) * 100) / 100;
  return {
    year,
    dailyHours: h(daily),
    entitlementHours: h(entitlement),
    carriedHours: h(account.carriedMinutes),
    adjustmentHours: h(account.adjustmentMinutes),
    takenHours: h(taken),
    pendingHours: h(pending),
    remainingHours: h(remaining),
    availableHours: h(available),
    remainingDays: d(remaining),
    availableDays: d(available),
    sickDaysGranted: model.sickDays,
    sickDaysTaken: sickTaken,
  };
}

/** Whether two inclusive date ranges share a day. */
export function overlaps(a: Pick<LeaveEntry, 'dateFrom' | 'dateTo'>, b: Pick<LeaveEntry, 'dateFrom' | 'dateTo'>): boolean {
  return a.dateFrom <= b.dateTo && b.dateFrom <= a.dateTo;
}

export type LeaveRefusal = 'LEAVE_OVERLAP' | 'LEAVE_INSUFFICIENT' | 'SICK_DAYS_EXHAUSTED';

/**
 * The rules a new request must pass before it is filed: no overlap with a live request, enough
 * leave left (pending requests included) unless HR overrides, sick days within the grant.
 */
export function checkNewLeave(candidate: Omit<LeaveEntry, 'state'>, year: number, model: WorkModel, account: LeaveAccount, entries: readonly LeaveEntry[], daysOff: ReadonlySet<LocalDate>, override = false): LeaveRefusal | null {
  const live = entries.filter((e) => TAKEN_STATES.includes(e.state) || PENDING_STATES.includes(e.state));
  if (live.some((e) => overlaps(e, candidate))) return 'LEAVE_OVERLAP';
  const balance = leaveBalance(year, model, account, live, daysOff);
  if (candidate.type === 'dovolena' && !override) {
    const need = leaveMinutesInYear(candidate, year, model, daysOff) / 60;
    if (need > balance.availableHours + 1e-9) return 'LEAVE_INSUFFICIENT';
  }
  if (candidate.type === 'sick-day' && balance.sickDaysTaken + (candidate.halfDay ? 0.5 : 1) > model.sickDays) return 'SICK_DAYS_EXHAUSTED';
  return null;
}
