/** HTTP contracts of the attendance area (shared by api and web). */

export const CLOCK_EVENT_TYPES = ['in', 'out', 'break-start', 'break-end', 'trip-start', 'trip-end', 'doctor', 'home-office'] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

/** What someone is doing right now, derived from their last clock event of the day. */
export type PresenceStatus = 'off' | 'work' | 'home-office' | 'break' | 'trip' | 'doctor';

export const DAY_ANOMALIES = ['missing-out', 'missing-break', 'no-record', 'core-time', 'late-arrival', 'event-order', 'work-on-day-off'] as const;
export type DayAnomaly = (typeof DAY_ANOMALIES)[number];

/** Absence kinds as payroll knows them (leave-request types plus the holiday itself). */
export const ABSENCE_KINDS = ['dovolena', 'nemoc', 'sick-day', 'lekar', 'svatek'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export interface ClockEventInput {
  type: ClockEventType;
  /** ISO instant; defaults to now. */
  at?: string;
  note?: string;
}

export interface ClockEventInfo {
  id: string;
  type: ClockEventType;
  at: string;
  note: string | null;
  /** 'clock' for a live event, 'correction' when it comes from an approved correction request. */
  source: 'clock' | 'correction';
}

export interface DayAbsenceInfo {
  kind: AbsenceKind;
  minutes: number;
  /** Half a day of leave. */
  half?: boolean;
  requestId?: string;
}

export interface AttendanceDay {
  date: string;
  workingDay: boolean;
  /** Name of the public holiday or company day off. */
  dayOffName: string | null;
  expectedMinutes: number;
  workedMinutes: number;
  breakMinutes: number;
  tripMinutes: number;
  homeOfficeMinutes: number;
  doctorMinutes: number;
  absences: DayAbsenceInfo[];
  /** Worked plus paid absences: what counts against the expected minutes. */
  creditedMinutes: number;
  overtimeMinutes: number;
  anomalies: DayAnomaly[];
  events: ClockEventInfo[];
}

export interface AttendanceDaysResponse {
  userId: string;
  days: AttendanceDay[];
  status: PresenceStatus;
}

export type TimesheetState = 'open' | 'submitted' | 'approved' | 'closed';

export interface TimesheetTotals {
  workingDays: number;
  expectedMinutes: number;
  workedMinutes: number;
  creditedMinutes: number;
  overtimeMinutes: number;
  /** Minutes per absence kind. */
  absenceMinutes: Partial<Record<AbsenceKind, number>>;
  /** Days per absence kind (half days count 0.5). */
  absenceDays: Partial<Record<AbsenceKind, number>>;
  anomalies: number;
}

export interface TimesheetInfo {
  userId: string;
  displayName: string;
  month: string;
  state: TimesheetState;
  requestId: string | null;
  locked: boolean;
  days: AttendanceDay[];
  totals: TimesheetTotals;
}

export interface WorkModelInfo {
  userId: string;
  weeklyHours: number;
  kind: 'fixed' | 'flexible';
  /** HH:MM: fixed start, or core time for flexible hours. */
  startTime: string | null;
  coreFrom: string | null;
  coreTo: string | null;
  employmentStart: string | null;
  leaveWeeks: number;
  sickDays: number;
}

export interface LeaveBalance {
  year: number;
  dailyHours: number;
  entitlementHours: number;
  carriedHours: number;
  adjustmentHours: number;
  takenHours: number;
  pendingHours: number;
  /** entitlement + carried + adjustments − taken. */
  remainingHours: number;
  /** remaining − pending: what a new request may use. */
  availableHours: number;
  remainingDays: number;
  availableDays: number;
  sickDaysGranted: number;
  sickDaysTaken: number;
}

export const LEAVE_TYPES = ['dovolena', 'nemoc', 'sick-day', 'lekar', 'home-office'] as const;
export type LeaveType = (typeof LEAVE_TYPES)[number];

export interface LeaveRequestInput {
  type: LeaveType;
  dateFrom: string;
  dateTo: string;
  halfDay?: boolean;
  timeFrom?: string;
  timeTo?: string;
  homeOfficeAddress?: string;
  homeOfficeTasks?: string;
  deputy?: string;
  note?: string;
}

export interface CorrectionInput {
  date: string;
  time: string;
  type: ClockEventType;
  reason: string;
}

export interface TeamAbsence {
  userId: string;
  displayName: string;
  /** 'absent' hides the kind (sick leave, doctor) from colleagues who are not the person's manager or HR. */
  type: LeaveType | 'absent';
  dateFrom: string;
  dateTo: string;
  halfDay: boolean;
  state: string;
}

export interface TeamCalendarResponse {
  from: string;
  to: string;
  absences: TeamAbsence[];
}

export interface DepartmentMonthRow {
  userId: string;
  displayName: string;
  departmentCode: string | null;
  state: TimesheetState;
  workedMinutes: number;
  expectedMinutes: number;
  anomalies: number;
}

export interface DepartmentMonthResponse {
  month: string;
  departmentId: string | null;
  rows: DepartmentMonthRow[];
}

export interface TrainingRecordRow {
  requestId: string;
  reference: string;
  title: string;
  state: string;
  hours: number;
  cost: number;
  dateFrom: string | null;
}

export interface AttendanceAccessInfo {
  /** HR sees everyone's attendance, reopens months and sets models, days off and leave accounts. */
  hr: boolean;
  /** Departments whose people's attendance the caller sees as their head (or deputy). */
  managesDepartments: string[];
}
