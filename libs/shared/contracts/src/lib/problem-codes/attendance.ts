import type { AreaError } from './area-error';

/**
 * Stable error codes of the attendance area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const ATTENDANCE_ERRORS = {
  /** The month's timesheet is approved: no more events or corrections until HR reopens it. */
  MONTH_LOCKED: { status: 409, title: 'The month is approved and locked' },
  /** The clock event does not follow from the current state (e.g. clock out while not clocked in). */
  CLOCK_SEQUENCE: { status: 422, title: 'The clock event does not fit the current state' },
  /** A live leave request already covers (part of) these days. */
  LEAVE_OVERLAP: { status: 409, title: 'Another absence already covers these days' },
  /** Not enough leave left (pending requests included). */
  LEAVE_INSUFFICIENT: { status: 422, title: 'Not enough leave left' },
  /** All sick days of the year have been used. */
  SICK_DAYS_EXHAUSTED: { status: 422, title: 'No sick days left this year' },
  /** The month's timesheet was already submitted. */
  TIMESHEET_SUBMITTED: { status: 409, title: 'The timesheet was already submitted' },
} as const satisfies Record<string, AreaError>;
