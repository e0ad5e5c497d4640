import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DashboardData } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { addDays, daysBetween, isoDayOfWeek, isBusinessDay, pragueLocalToInstant, type LocalDate } from '@agendy/shared/util';
import { assertDashboard, type RegistersViewer } from '../registers-access';

export interface DashboardFilter {
  from: LocalDate;
  to: LocalDate;
  departmentId?: string;
}

const MAX_PERIOD_DAYS = 3 * 366;
const hours = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

/**
 * Aggregates for managers (their departments), the director, auditors and administrators. Every
 * number is computed in SQL over the runtime's own tables; nothing here names a person.
 * Periods are Prague calendar days, inclusive; "department" is the filer's department.
 */
@Injectable()
export class DashboardsService {
  constructor(private readonly ds: DataSource) {}

  async data(viewer: RegistersViewer, filter: DashboardFilter): Promise<DashboardData> {
    assertDashboard(viewer);
    if (filter.from > filter.to || daysBetween(filter.from, filter.to) > MAX_PERIOD_DAYS) throw new DomainException('DASHBOARD_PERIOD_INVALID');
    const allowed = viewer.dashboardDepartments;
    if (filter.departmentId && allowed && !allowed.includes(filter.departmentId)) throw new DomainException('FORBIDDEN', 'Not a department you manage');
    // null = every department (overseers without a filter); otherwise the list to restrict to.
    const depts: string[] | null = filter.departmentId ? [filter.departmentId] : allowed ? [...allowed] : null;
    const start = pragueLocalToInstant(filter.from);
    const end = pragueLocalToInstant(addDays(filter.to, 1));
    const p = [start, end, depts];
    const deptCond = (col: string) => `($3::uuid[] IS NULL OR ${col} = ANY($3::uuid[]))`;

    const departments: DashboardData['departments'] = await this.ds.query(
      `SELECT id, code, name FROM departments WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY name`,
      [allowed],
    );

    const perMonth: Array<{ agenda: string; month: string; count: number }> = await this.ds.query(
      `SELECT r.agenda_code AS agenda, to_char(r.created_at AT TIME ZONE 'Europe/Prague', 'YYYY-MM') AS month, count(*)::int AS count
       FROM requests r WHERE r.created_at >= $1 AND r.created_at < $2 AND ${deptCond('r.filer_department_id')}
       GROUP BY 1, 2 ORDER BY 2, 1`,
      p,
    );

    const lead: Array<{ agenda: string; finished: number; median: string | null; p90: string | null }> = await this.ds.query(
      `SELECT r.agenda_code AS agenda, count(*)::int AS finished,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.updated_at - r.created_at) / 3600) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.updated_at - r.created_at) / 3600) AS p90
       FROM requests r WHERE r.final AND r.updated_at >= $1 AND r.updated_at < $2 AND ${deptCond('r.filer_department_id')}
       GROUP BY 1 ORDER BY 1`,
      p,
    );

    // Time in a state = from the entry into it until the next entry into another state (self-loops and votes stay in it).
    const steps: Array<{ agenda: string; state: string; count: number; median: string | null; p90: string | null }> = await this.ds.query(
      `WITH h AS (
         SELECT h.request_id, h.version, h.at, h.to_state,
                lag(h.to_state) OVER (PARTITION BY h.request_id ORDER BY h.version, h.id) AS prev_state
         FROM request_history h),
       entries AS (
         SELECT request_id, at, to_state, lead(at) OVER (PARTITION BY request_id ORDER BY version) AS left_at
         FROM h WHERE prev_state IS DISTINCT FROM to_state)
       SELECT r.agenda_code AS agenda, e.to_state AS state, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.left_at - e.at) / 3600) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM e.left_at - e.at) / 3600) AS p90
       FROM entries e JOIN requests r ON r.id = e.request_id
       WHERE e.left_at IS NOT NULL AND e.left_at >= $1 AND e.left_at < $2 AND ${deptCond('r.filer_department_id')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      p,
    );

    // A missed deadline is an escalation: the engine escalates when a state's deadline passes.
    const missed: Array<{ agenda: string; missed: number }> = await this.ds.query(
      `SELECT r.agenda_code AS agenda, count(*)::int AS missed
       FROM request_history h JOIN requests r ON r.id = h.request_id
       WHERE h.kind = 'escalation' AND h.at >= $1 AND h.at < $2 AND ${deptCond('r.filer_department_id')}
       GROUP BY 1 ORDER BY 1`,
      p,
    );

    const workload: Array<{ department: string; open: number; filed: number }> = await this.ds.query(
      `SELECT COALESCE(d.name, '—') AS department,
              count(*) FILTER (WHERE NOT r.final)::int AS open,
              count(*) FILTER (WHERE r.created_at >= $1 AND r.created_at < $2)::int AS filed
       FROM requests r LEFT JOIN departments d ON d.id = r.filer_department_id
       WHERE ${deptCond('r.filer_department_id')} AND (NOT r.final OR (r.created_at >= $1 AND r.created_at < $2))
       GROUP BY 1 ORDER BY 1`,
      p,
    );

    return {
      period: { from: filter.from, to: filter.to },
      departmentId: filter.departmentId ?? null,
      departments,
      requestsPerMonth: perMonth,
      leadTimes: lead.map((l) => ({ agenda: l.agenda, finished: l.finished, medianHours: hours(l.median), p90Hours: hours(l.p90) })),
      stepTimes: steps.map((s) => ({ agenda: s.agenda, state: s.state, count: s.count, medianHours: hours(s.median), p90Hours: hours(s.p90) })),
      missedDeadlines: missed,
      workload,
      bookingUtilisation: await this.bookingUtilisation(filter, start, end, depts),
      attendanceAnomalies: await this.attendanceAnomalies(start, end, depts),
    };
  }

  /**
   * Booked hours (confirmed and pending, clipped to the period) over the hours a resource can be
   * booked: the booking rules' business hours and days for its type (rooms: working days 7–20;
   * cars: around the clock by default). Department = the booking owner's department.
   */
  private async bookingUtilisation(filter: DashboardFilter, start: Date, end: Date, depts: string[] | null): Promise<DashboardData['bookingUtilisation']> {
    const [exists]: Array<{ ok: boolean }> = await this.ds.query(`SELECT to_regclass('bookings') IS NOT NULL AS ok`);
    if (!exists?.ok) return [];
    const rules: Array<{ resource_type: 'room' | 'car'; business_start_minute: number | null; business_end_minute: number | null; business_days: number[] }> =
      await this.ds.query(`SELECT resource_type, business_start_minute, business_end_minute, business_days FROM booking_rules`);
    const rows: Array<{ type: 'room' | 'car'; name: string; booked: string }> = await this.ds.query(
      `SELECT res.type, res.name,
              COALESCE(sum(extract(epoch FROM (upper(b.during * tstzrange($1, $2)) - lower(b.during * tstzrange($1, $2)))) / 3600)
                FILTER (WHERE b.id IS NOT NULL AND ($3::uuid[] IS NULL OR u.department_id = ANY($3::uuid[]))), 0) AS booked
       FROM resources res
       LEFT JOIN bookings b ON b.resource_id = res.id AND b.status <> 'cancelled' AND b.during && tstzrange($1, $2)
       LEFT JOIN users u ON u.id = b.owner_id
       WHERE res.active GROUP BY res.id, res.type, res.name ORDER BY res.type, res.name`,
      [start, end, depts],
    );
    const available = new Map<string, number>();
    for (const type of ['room', 'car'] as const) {
      const rule = rules.find((r) => r.resource_type === type);
      let total = 0;
      for (let d = filter.from; d <= filter.to; d = addDays(d, 1)) {
        const days = rule?.business_days ?? [1, 2, 3, 4, 5, 6, 7];
        if (!days.includes(isoDayOfWeek(d))) continue;
        // Rooms follow the office's working days; public holidays are closed.
        if (type === 'room' && !isBusinessDay(d)) continue;
        total += rule?.business_start_minute != null && rule.business_end_minute != null ? (rule.business_end_minute - rule.business_start_minute) / 60 : 24;
      }
      available.set(type, total);
    }
    return rows.map((r) => {
      const avail = available.get(r.type) ?? 0;
      const booked = Math.round(Number(r.booked) * 10) / 10;
      return { type: r.type, resource: r.name, bookedHours: booked, availableHours: avail, utilisation: avail > 0 ? Math.round((booked / avail) * 1000) / 10 : 0 };
    });
  }

  /**
   * Attendance is built by another area in parallel: read only when its anomalies view exists
   * (`attendance_anomalies(user_id, day, kind)`), else null so the page says "not available".
   */
  private async attendanceAnomalies(start: Date, end: Date, depts: string[] | null): Promise<DashboardData['attendanceAnomalies']> {
    const [exists]: Array<{ ok: boolean }> = await this.ds.query(`SELECT to_regclass('attendance_anomalies') IS NOT NULL AS ok`);
    if (!exists?.ok) return null;
    try {
      return await this.ds.query(
        `SELECT COALESCE(d.name, '—') AS department, a.kind, count(*)::int AS count
         FROM attendance_anomalies a JOIN users u ON u.id = a.user_id LEFT JOIN departments d ON d.id = u.department_id
         WHERE a.day >= ($1::timestamptz AT TIME ZONE 'Europe/Prague')::date AND a.day < ($2::timestamptz AT TIME ZONE 'Europe/Prague')::date
           AND ($3::uuid[] IS NULL OR u.department_id = ANY($3::uuid[]))
         GROUP BY 1, 2 ORDER BY 1, 2`,
        [start, end, depts],
      );
    } catch {
      return null;
    }
  }
}
