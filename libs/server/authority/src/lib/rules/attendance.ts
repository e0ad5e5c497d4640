import { defineRule, type Decision } from '../decision';

/**
 * A person's attendance and HR data: clocked days, monthly timesheets, leave balance and accounts,
 * training record, working-time model (ADR 0004, docs/attendance.md).
 *
 * - themselves;
 * - HR: the timesheet agenda's `hr` role or the director — their own, never a principal's;
 * - their line manager: the head of their department or of its parent, and a deputy standing in
 *   for such a head — but never for the absent head's *own* data (`principalHidden`): a deputy
 *   stands in for tasks, not for the principal's personal data.
 */
export interface AttendanceViewerFacts {
  userId: string;
  hr: boolean;
  /** Departments whose people's attendance this viewer sees (headed, or held as a deputy, with their sections). */
  managesDepartments: readonly string[];
  /** Absent heads the viewer stands in for whose own data stays hidden (unless the viewer heads their department). */
  principalsHidden: readonly string[];
}

export function mayReadAttendanceOf(viewer: AttendanceViewerFacts, person: { id: string; departmentId: string | null }): boolean {
  if (person.id === viewer.userId || viewer.hr) return true;
  if (viewer.principalsHidden.includes(person.id)) return false;
  return person.departmentId !== null && viewer.managesDepartments.includes(person.departmentId);
}

/** Reports over many people (HR month, payroll, training costs): HR, or whoever manages a department. */
export function mayReadAttendanceReports(viewer: Pick<AttendanceViewerFacts, 'hr' | 'managesDepartments'>): boolean {
  return viewer.hr || viewer.managesDepartments.length > 0;
}

/** One person as seen by one viewer. */
export interface PersonFacts {
  exists: boolean;
  /** mayReadAttendanceOf(viewer, person). */
  reads: boolean;
  hr: boolean;
}

export type PersonAction = 'read' | 'administer';

/**
 * `read`: 404 for anyone who may not see the person's data, exactly like an id that names nobody.
 * `administer` (working-time model, leave account): HR only — 403 for everyone else whoever the
 * person is, then 404 for a person who does not exist.
 */
export function decidePerson(f: PersonFacts, action: PersonAction): Decision {
  if (action === 'administer') return !f.hr ? 'forbid' : f.exists ? 'allow' : 'hide';
  return f.exists && f.reads ? 'allow' : 'hide';
}

export const personRule = defineRule<PersonFacts, PersonAction>({
  describe: "a person's attendance, timesheets, leave balance and HR data: themselves, their line manager (or a head's deputy, never for the head's own), HR",
  actions: { read: 'read it', administer: 'set the working-time model or leave account (HR)' },
  id: 'uuid',
  decide: decidePerson,
});
