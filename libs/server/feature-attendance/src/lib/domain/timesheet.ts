import type { AbsenceKind, AttendanceDay, TimesheetTotals } from '@agendy/shared/contracts';

/** The month's totals are sums of its days, nothing else: what the employee sees day by day is what payroll gets. */
export function timesheetTotals(days: readonly AttendanceDay[]): TimesheetTotals {
  const totals: TimesheetTotals = {
    workingDays: 0,
    expectedMinutes: 0,
    workedMinutes: 0,
    creditedMinutes: 0,
    overtimeMinutes: 0,
    absenceMinutes: {},
    absenceDays: {},
    anomalies: 0,
  };
  for (const d of days) {
    if (d.workingDay) totals.workingDays++;
    totals.expectedMinutes += d.expectedMinutes;
    totals.workedMinutes += d.workedMinutes;
    totals.creditedMinutes += d.creditedMinutes;
    totals.overtimeMinutes += d.overtimeMinutes;
    totals.anomalies += d.anomalies.length;
    if (d.doctorMinutes > 0) add(totals, 'lekar', d.doctorMinutes, 0);
    for (const a of d.absences) add(totals, a.kind, a.minutes, a.kind === 'lekar' ? 0 : a.half ? 0.5 : 1);
  }
  return totals;
}

function add(t: TimesheetTotals, kind: AbsenceKind, minutes: number, days: number): void {
  t.absenceMinutes[kind] = (t.absenceMinutes[kind] ?? 0) + minutes;
  if (days > 0) t.absenceDays[kind] = (t.absenceDays[kind] ?? 0) + days;
}
