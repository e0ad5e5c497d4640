import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DepartmentMonthResponse, TeamAbsence, TeamCalendarResponse, TimesheetInfo, TrainingRecordRow } from '@agendy/shared/contracts';
import { countOfficeWorkingDays, type LocalDate } from '@agendy/shared/util';
import { mayReadAttendanceOf, type AttendanceViewer } from './attendance-access';
import { AttendanceService } from './attendance.service';
import { loadDaysOff, loadModel, loadPeople, toLeaveRow, type PersonRow } from './attendance-store';
import { PENDING_STATES, TAKEN_STATES } from './domain/leave-balance';
import { dailyMinutes } from './domain/work-model';
import { payrollRows, type PayrollRow } from './payroll-export';

const PRIVATE_TYPES = ['nemoc', 'sick-day', 'lekar'];

/** Views over many people: the team calendar, HR's month overview, payroll and training records. */
@Injectable()
export class AttendanceReports {
  constructor(
    private readonly ds: DataSource,
    private readonly attendance: AttendanceService,
  ) {}

  /** The departments a viewer may report on: all for HR (or the one asked for), else those they head. */
  private departmentsFor(viewer: AttendanceViewer, departmentId: string | undefined): string[] | undefined {
    if (viewer.hr) return departmentId ? [departmentId] : undefined;
    const allowed = viewer.managesDepartments.filter((d) => !departmentId || d === departmentId);
    return allowed.length ? allowed : [];
  }

  /**
   * Who is away: the viewer's own department (and those they head). The kind of absence is shown
   * only to HR, the managers and the person themselves — a colleague sees "absent", never "sick".
   */
  async teamCalendar(viewer: AttendanceViewer, from: LocalDate, to: LocalDate): Promise<TeamCalendarResponse> {
    const departments = [...new Set([...(viewer.facts.departmentId ? [viewer.facts.departmentId] : []), ...viewer.managesDepartments])];
    const rows: Array<{ id: string; state: string; data: Record<string, unknown>; filer_id: string; display_name: string; department_id: string | null }> = await this.ds.query(
      `SELECT r.id, r.state, r.snapshot->'data' AS data, r.filer_id, u.display_name, u.department_id FROM requests r JOIN users u ON u.id = r.filer_id
       WHERE r.agenda_code = 'leave-request' AND r.state = ANY($1) AND u.department_id = ANY($2::uuid[])
         AND r.snapshot->'data'->>'dateFrom' <= $4 AND r.snapshot->'data'->>'dateTo' >= $3
       ORDER BY r.snapshot->'data'->>'dateFrom', u.display_name`,
      [[...TAKEN_STATES, ...PENDING_STATES], departments, from, to],
    );
    const absences: TeamAbsence[] = [];
    for (const r of rows) {
      const leave = toLeaveRow(r);
      if (!leave) continue;
      const seesKind = mayReadAttendanceOf(viewer, { id: r.filer_id, department_id: r.department_id });
      absences.push({
        userId: r.filer_id,
        displayName: r.display_name,
        type: !seesKind && PRIVATE_TYPES.includes(leave.type) ? 'absent' : (leave.type as TeamAbsence['type']),
        dateFrom: leave.dateFrom,
        dateTo: leave.dateTo,
        halfDay: leave.halfDay,
        state: r.state,
      });
    }
    return { from, to, absences };
  }

  private async people(viewer: AttendanceViewer, departmentId?: string): Promise<PersonRow[]> {
    const departments = this.departmentsFor(viewer, departmentId);
    if (departments && departments.length === 0) return [];
    // A head's deputy gets the department, never the absent head's own timesheet or payroll rows.
    return (await loadPeople(this.ds.manager, { departmentIds: departments })).filter((p) => !viewer.principalsHidden.includes(p.id));
  }

  /** HR's month: everyone's timesheet state, hours and anomalies — who has not submitted stands out. */
  async departmentMonth(viewer: AttendanceViewer, month: string, departmentId?: string): Promise<{ response: DepartmentMonthResponse; sheets: Array<{ person: PersonRow; sheet: TimesheetInfo }> }> {
    const sheets: Array<{ person: PersonRow; sheet: TimesheetInfo }> = [];
    for (const person of await this.people(viewer, departmentId)) sheets.push({ person, sheet: await this.attendance.timesheet(person.id, month) });
    return {
      response: {
        month,
        departmentId: departmentId ?? null,
        rows: sheets.map(({ person, sheet }) => ({
          userId: person.id,
          displayName: person.display_name,
          departmentCode: person.department_code,
          state: sheet.state,
          workedMinutes: sheet.totals.workedMinutes,
          expectedMinutes: sheet.totals.expectedMinutes,
          anomalies: sheet.totals.anomalies,
        })),
      },
      sheets,
    };
  }

  async payroll(viewer: AttendanceViewer, month: string, departmentId?: string): Promise<PayrollRow[]> {
    const { sheets } = await this.departmentMonth(viewer, month, departmentId);
    return sheets.flatMap(({ person, sheet }) => payrollRows(person, sheet));
  }

  /** Training requests of a person with their hours (working days × the daily hours) and cost. */
  async trainingRecord(userId: string): Promise<TrainingRecordRow[]> {
    const rows: Array<{ id: string; reference: string; state: string; data: Record<string, unknown> }> = await this.ds.query(
      `SELECT id, reference, state, snapshot->'data' AS data FROM requests WHERE agenda_code = 'training-request' AND filer_id = $1 AND state NOT IN ('draft')
       ORDER BY snapshot->'data'->>'dateFrom' DESC NULLS LAST, id`,
      [userId],
    );
    const model = await loadModel(this.ds.manager, userId);
    const out: TrainingRecordRow[] = [];
    for (const r of rows) {
      const from = typeof r.data['dateFrom'] === 'string' ? r.data['dateFrom'] : null;
      const to = typeof r.data['dateTo'] === 'string' ? r.data['dateTo'] : from;
      let hours = 0;
      if (from && to && to >= from) {
        const daysOff = await loadDaysOff(this.ds.manager, from, to);
        hours = (countOfficeWorkingDays(from, to, new Set(daysOff.keys())) * dailyMinutes(model)) / 60;
      }
      out.push({ requestId: r.id, reference: r.reference, title: String(r.data['courseTitle'] ?? ''), state: r.state, hours, cost: trainingCost(r.data), dateFrom: from });
    }
    return out;
  }

  /** Training cost per department for a year (approved and later states; rejected and cancelled do not count). */
  async trainingCosts(viewer: AttendanceViewer, year: number): Promise<Array<{ departmentCode: string; departmentName: string; requests: number; cost: number }>> {
    const departments = this.departmentsFor(viewer, undefined);
    const rows: Array<{ code: string | null; name: string | null; data: Record<string, unknown> }> = await this.ds.query(
      `SELECT d.code, d.name, r.snapshot->'data' AS data FROM requests r LEFT JOIN departments d ON d.id = r.filer_department_id
       WHERE r.agenda_code = 'training-request' AND r.state IN ('registration', 'registered', 'completed')
         AND r.snapshot->'data'->>'dateFrom' LIKE $1 AND ($2::uuid[] IS NULL OR r.filer_department_id = ANY($2))`,
      [`${year}-%`, departments ?? null],
    );
    const totals = new Map<string, { departmentCode: string; departmentName: string; requests: number; cost: number }>();
    for (const r of rows) {
      const key = r.code ?? '-';
      const t = totals.get(key) ?? { departmentCode: key, departmentName: r.name ?? '', requests: 0, cost: 0 };
      t.requests++;
      t.cost += trainingCost(r.data);
      totals.set(key, t);
    }
    return [...totals.values()].sort((a, b) => a.departmentCode.localeCompare(b.departmentCode));
  }
}

function trainingCost(data: Record<string, unknown>): number {
  if (typeof data['totalCost'] === 'number') return data['totalCost'];
  return (typeof data['cost'] === 'number' ? data['cost'] : 0) + (typeof data['travelCost'] === 'number' ? data['travelCost'] : 0);
}
