import type { EntityManager } from 'typeorm';
import type { ClockEventType } from '@agendy/shared/contracts';
import { endOfPragueDay, startOfPragueDay, type LocalDate } from '@agendy/shared/util';
import type { LeaveEntry } from './domain/leave-balance';
import { DEFAULT_WORK_MODEL, type WorkModel } from './domain/work-model';

/** Plain SQL over the attendance tables and the runtime's requests (the source of leave, corrections and timesheets). */

export interface EventRow {
  id: string;
  type: ClockEventType;
  at: Date;
  note: string | null;
}

export interface CorrectionRow {
  id: string;
  data: { date: string; time: string; type: ClockEventType; reason: string };
}

export interface LeaveRow extends LeaveEntry {
  id: string;
  timeFrom?: string;
  timeTo?: string;
  deputy?: string;
}

export async function loadModel(em: EntityManager, userId: string): Promise<WorkModel> {
  const [r]: Array<{
    weekly_minutes: number;
    kind: 'fixed' | 'flexible';
    start_time: string | null;
    core_from: string | null;
    core_to: string | null;
    employment_start: string | null;
    leave_weeks: string;
    sick_days: number;
  }> = await em.query(
    `SELECT weekly_minutes, kind, start_time, core_from, core_to, to_char(employment_start, 'YYYY-MM-DD') AS employment_start, leave_weeks, sick_days
     FROM attendance_work_models WHERE user_id = $1`,
    [userId],
  );
  if (!r) return DEFAULT_WORK_MODEL;
  return {
    weeklyMinutes: r.weekly_minutes,
    kind: r.kind,
    startTime: r.start_time,
    coreFrom: r.core_from,
    coreTo: r.core_to,
    employmentStart: r.employment_start,
    leaveWeeks: Number(r.leave_weeks),
    sickDays: r.sick_days,
  };
}

export async function saveModel(em: EntityManager, userId: string, m: WorkModel, by: string | null): Promise<void> {
  await em.query(
    `INSERT INTO attendance_work_models (user_id, weekly_minutes, kind, start_time, core_from, core_to, employment_start, leave_weeks, sick_days, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (user_id) DO UPDATE SET weekly_minutes = EXCLUDED.weekly_minutes, kind = EXCLUDED.kind, start_time = EXCLUDED.start_time,
       core_from = EXCLUDED.core_from, core_to = EXCLUDED.core_to, employment_start = EXCLUDED.employment_start, leave_weeks = EXCLUDED.leave_weeks,
       sick_days = EXCLUDED.sick_days, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [userId, m.weeklyMinutes, m.kind, m.startTime, m.coreFrom, m.coreTo, m.employmentStart, m.leaveWeeks, m.sickDays, by],
  );
}

/** Company days off with their names between two dates. */
export async function loadDaysOff(em: EntityManager, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, string>> {
  const rows: Array<{ day: string; name: string }> = await em.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM attendance_company_days_off WHERE day BETWEEN $1 AND $2`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.day, r.name]));
}

export async function loadEvents(em: EntityManager, userId: string, from: LocalDate, to: LocalDate): Promise<EventRow[]> {
  return em.query(`SELECT id, type, at, note FROM attendance_events WHERE user_id = $1 AND at >= $2 AND at <= $3 ORDER BY at, id`, [
    userId,
    startOfPragueDay(from),
    endOfPragueDay(to),
  ]);
}

/** Approved corrections (the attendance-correction agenda): they count as clock events. */
export async function loadCorrections(em: EntityManager, userId: string, from: LocalDate, to: LocalDate): Promise<CorrectionRow[]> {
  return em.query(
    `SELECT id, snapshot->'data' AS data FROM requests
     WHERE agenda_code = 'attendance-correction' AND filer_id = $1 AND state = 'approved'
       AND snapshot->'data'->>'date' BETWEEN $2 AND $3
     ORDER BY snapshot->'data'->>'date', snapshot->'data'->>'time'`,
    [userId, from, to],
  );
}

/** Leave requests (any state) touching the date range; `states` narrows them. */
export async function loadLeaves(em: EntityManager, userId: string, from: LocalDate, to: LocalDate, states?: readonly string[]): Promise<LeaveRow[]> {
  const rows: Array<{ id: string; state: string; data: Record<string, unknown> }> = await em.query(
    `SELECT id, state, snapshot->'data' AS data FROM requests
     WHERE agenda_code = 'leave-request' AND filer_id = $1
       AND snapshot->'data'->>'dateFrom' <= $3 AND snapshot->'data'->>'dateTo' >= $2
       AND ($4::text[] IS NULL OR state = ANY($4))
     ORDER BY snapshot->'data'->>'dateFrom', id`,
    [userId, from, to, states ?? null],
  );
  return rows.map(toLeaveRow).filter((r): r is LeaveRow => r !== null);
}

export function toLeaveRow(r: { id: string; state: string; data: Record<string, unknown> }): LeaveRow | null {
  const d = r.data;
  if (typeof d['type'] !== 'string' || typeof d['dateFrom'] !== 'string' || typeof d['dateTo'] !== 'string') return null;
  return {
    id: r.id,
    state: r.state,
    type: d['type'],
    dateFrom: d['dateFrom'],
    dateTo: d['dateTo'],
    halfDay: d['halfDay'] === true,
    ...(typeof d['timeFrom'] === 'string' ? { timeFrom: d['timeFrom'] } : {}),
    ...(typeof d['timeTo'] === 'string' ? { timeTo: d['timeTo'] } : {}),
    ...(typeof d['deputy'] === 'string' ? { deputy: d['deputy'] } : {}),
  };
}

export async function loadAccount(em: EntityManager, userId: string, year: number): Promise<{ carriedMinutes: number; adjustmentMinutes: number }> {
  const [r]: Array<{ carried_minutes: number; adjustment_minutes: number }> = await em.query(
    `SELECT carried_minutes, adjustment_minutes FROM attendance_leave_accounts WHERE user_id = $1 AND year = $2`,
    [userId, year],
  );
  return { carriedMinutes: r?.carried_minutes ?? 0, adjustmentMinutes: r?.adjustment_minutes ?? 0 };
}

export interface TimesheetRequestRow {
  id: string;
  state: string;
  version: number;
}

/** The month's live timesheet request (a withdrawn one does not count). */
export async function loadTimesheetRequest(em: EntityManager, userId: string, month: string): Promise<TimesheetRequestRow | undefined> {
  const [r]: TimesheetRequestRow[] = await em.query(
    `SELECT id, state, version FROM requests
     WHERE agenda_code = 'attendance-timesheet' AND filer_id = $1 AND snapshot->'data'->>'month' = $2 AND state <> 'withdrawn'
     ORDER BY created_at DESC LIMIT 1`,
    [userId, month],
  );
  return r;
}

export interface PersonRow {
  id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  department_code: string | null;
  department_name: string | null;
}

export async function loadPeople(em: EntityManager, filter: { ids?: string[]; departmentIds?: string[] }): Promise<PersonRow[]> {
  return em.query(
    `SELECT u.id, u.username, u.display_name, u.department_id, d.code AS department_code, d.name AS department_name
     FROM users u LEFT JOIN departments d ON d.id = u.department_id
     WHERE u.active AND ($1::uuid[] IS NULL OR u.id = ANY($1)) AND ($2::uuid[] IS NULL OR u.department_id = ANY($2))
     ORDER BY d.code NULLS LAST, u.display_name, u.id`,
    [filter.ids ?? null, filter.departmentIds ?? null],
  );
}
