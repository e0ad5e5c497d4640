import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AttendanceDay,
  AttendanceDaysResponse,
  ClockEventInfo,
  ClockEventInput,
  CorrectionInput,
  LeaveBalance,
  LeaveRequestInput,
  TimesheetInfo,
  TimesheetState,
} from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import {
  addDays,
  czechPublicHoliday,
  isOfficeWorkingDay,
  isWeekend,
  localDate,
  pragueLocalToInstant,
  toPragueDate,
  toPragueWallClock,
  type LocalDate,
} from '@agendy/shared/util';
import type { AttendanceViewer } from './attendance-access';
import { loadAccount, loadCorrections, loadDaysOff, loadEvents, loadLeaves, loadModel, loadTimesheetRequest } from './attendance-store';
import { canFollow, computeDay, presenceAfter, type DayAbsence, type DayEvent } from './domain/day';
import { leaveBalance, PENDING_STATES, TAKEN_STATES } from './domain/leave-balance';
import { LEAVE_BALANCE_CHECK, leaveRefusal } from './leave-submission.check';
import { timesheetTotals } from './domain/timesheet';
import { hhmmToMinutes } from './domain/work-model';
import { AgendaFiling } from './agenda-filing';

export interface Client {
  ip: string | null;
}

const MAX_BACKDATE_MS = 24 * 3_600_000;
const LOCKED_STATES = ['hr-processing', 'closed'];
const TIMESHEET_STATE: Record<string, TimesheetState> = { draft: 'open', 'manager-approval': 'submitted', 'hr-processing': 'approved', closed: 'closed' };

export function monthRange(month: string): { from: LocalDate; to: LocalDate } {
  const [y, m] = month.split('-').map(Number);
  const from = localDate(y, m, 1);
  const to = addDays(m === 12 ? localDate(y + 1, 1, 1) : localDate(y, m + 1, 1), -1);
  return { from, to };
}

/** Clocking, days, timesheets, corrections and leave of one person. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly ds: DataSource,
    private readonly runtime: RequestRuntime,
    private readonly audit: AuditWriter,
    private readonly filing: AgendaFiling,
  ) {}

  /** Records a clock event (now, or a past instant of an open month); refuses events that do not follow. */
  async record(viewer: AttendanceViewer, input: ClockEventInput, client: Client, now = new Date()): Promise<ClockEventInfo> {
    const userId = viewer.facts.userId;
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 5 * 60_000) {
      throw new DomainException('VALIDATION_FAILED', 'A clock event cannot be in the future', {
        errors: [{ pointer: '/at', rule: 'not-future', message: { cs: 'Čas nesmí být v budoucnosti.', en: 'The time must not be in the future.' } }],
      });
    }
    // A terminal may send what it buffered while offline; anything older is a correction for the manager.
    if (at.getTime() < now.getTime() - MAX_BACKDATE_MS) {
      throw new DomainException('VALIDATION_FAILED', 'Events older than 24 hours need a correction request', {
        errors: [{ pointer: '/at', rule: 'too-old', message: { cs: 'Starší záznam opravte žádostí o opravu docházky.', en: 'File an attendance correction for older events.' } }],
      });
    }
    const date = toPragueDate(at);
    return this.ds.transaction(async (em) => {
      // One clocking at a time per person: the sequence check below must see the previous event.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('attendance:' || $1))`, [userId]);
      await this.assertMonthOpen(em, userId, date.slice(0, 7));
      // A terminal retrying the same event gets the recorded one back instead of a sequence error.
      const [same]: Array<{ id: string; note: string | null }> = await em.query(`SELECT id, note FROM attendance_events WHERE user_id = $1 AND at = $2 AND type = $3`, [userId, at, input.type]);
      if (same) return { id: same.id, type: input.type, at: at.toISOString(), note: same.note, source: 'clock' as const };
      const before = (await this.dayEvents(em, userId, date, date)).filter((e) => e.info.at <= at.toISOString());
      const state = presenceAfter(before);
      if (!canFollow(input.type, state)) {
        throw new DomainException('CLOCK_SEQUENCE', `${input.type} does not follow ${state}`, { status: state });
      }
      const rows: Array<{ id: string; at: Date }> = await em.query(
        `INSERT INTO attendance_events (user_id, type, at, note, created_by) VALUES ($1, $2, $3, $4, $1)
         ON CONFLICT (user_id, at, type) DO UPDATE SET note = attendance_events.note RETURNING id, at`,
        [userId, input.type, at, input.note ?? null],
      );
      await this.audit.append(em, {
        actorId: userId,
        action: 'attendance.clock',
        objectType: 'attendance-event',
        objectId: rows[0].id,
        ip: client.ip,
        details: { type: input.type, at: at.toISOString(), backdated: Boolean(input.at) },
      });
      return { id: rows[0].id, type: input.type, at: new Date(rows[0].at).toISOString(), note: input.note ?? null, source: 'clock' as const };
    });
  }

  async days(userId: string, from: LocalDate, to: LocalDate, now = new Date()): Promise<AttendanceDaysResponse> {
    const days = await this.computeDays(this.ds.manager, userId, from, to, now);
    const today = toPragueDate(now);
    const todays = await this.dayEvents(this.ds.manager, userId, today, today);
    return { userId, days, status: presenceAfter(todays.filter((e) => e.info.at <= now.toISOString())) };
  }

  /** Every day of a range, computed from events, approved corrections and approved absences. */
  async computeDays(em: EntityManager, userId: string, from: LocalDate, to: LocalDate, now = new Date()): Promise<AttendanceDay[]> {
    if (to < from) return [];
    const model = await loadModel(em, userId);
    const daysOff = await loadDaysOff(em, from, to);
    const offSet = new Set(daysOff.keys());
    const events = await this.dayEvents(em, userId, from, to);
    const leaves = await loadLeaves(em, userId, from, to, TAKEN_STATES);
    const today = toPragueDate(now);
    const wall = toPragueWallClock(now);
    const byDay = new Map<LocalDate, DayEvent[]>();
    for (const e of events) {
      const d = toPragueDate(new Date(e.info.at));
      byDay.set(d, [...(byDay.get(d) ?? []), e]);
    }
    const out: AttendanceDay[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const holiday = czechPublicHoliday(date);
      const absences: DayAbsence[] = leaves
        .filter((l) => l.dateFrom <= date && date <= l.dateTo)
        .map((l) => ({
          kind: l.type as DayAbsence['kind'],
          ...(l.halfDay ? { half: true } : {}),
          ...(l.type === 'lekar' && l.timeFrom && l.timeTo ? { fromMinute: hhmmToMinutes(l.timeFrom), toMinute: hhmmToMinutes(l.timeTo) } : {}),
          requestId: l.id,
        }));
      out.push(
        computeDay({
          date,
          workingDay: isOfficeWorkingDay(date, offSet),
          dayOffName: holiday?.name.cs ?? daysOff.get(date) ?? null,
          publicHolidayOnWeekday: Boolean(holiday) && !isWeekend(date),
          model,
          events: byDay.get(date) ?? [],
          absences,
          nowMinute: date === today ? wall.hour * 60 + wall.minute : null,
          future: date > today,
        }),
      );
    }
    return out;
  }

  /** Clock events and approved corrections of the days, placed on their Prague day. */
  private async dayEvents(em: EntityManager, userId: string, from: LocalDate, to: LocalDate): Promise<DayEvent[]> {
    const live = await loadEvents(em, userId, from, to);
    const corrections = await loadCorrections(em, userId, from, to);
    const list: DayEvent[] = live.map((e) => {
      const w = toPragueWallClock(new Date(e.at));
      return { minute: w.hour * 60 + w.minute, type: e.type, info: { id: e.id, type: e.type, at: new Date(e.at).toISOString(), note: e.note, source: 'clock' } };
    });
    for (const c of corrections) {
      const minute = hhmmToMinutes(c.data.time);
      const at = pragueLocalToInstant(c.data.date, Math.floor(minute / 60), minute % 60).toISOString();
      list.push({ minute, type: c.data.type, info: { id: c.id, type: c.data.type, at, note: c.data.reason, source: 'correction' } });
    }
    return list.sort((a, b) => (a.info.at < b.info.at ? -1 : a.info.at > b.info.at ? 1 : 0));
  }

  async timesheet(userId: string, month: string, now = new Date()): Promise<TimesheetInfo> {
    const em = this.ds.manager;
    const { from, to } = monthRange(month);
    const [person]: Array<{ display_name: string }> = await em.query(`SELECT display_name FROM users WHERE id = $1`, [userId]);
    if (!person) throw new DomainException('NOT_FOUND');
    const days = await this.computeDays(em, userId, from, to, now);
    const req = await loadTimesheetRequest(em, userId, month);
    const state = req ? (TIMESHEET_STATE[req.state] ?? 'open') : 'open';
    return {
      userId,
      displayName: person.display_name,
      month,
      state,
      requestId: req?.id ?? null,
      locked: Boolean(req && LOCKED_STATES.includes(req.state)),
      days,
      totals: timesheetTotals(days),
    };
  }

  /** Files the month's timesheet under the attendance-timesheet agenda and submits it to the manager. */
  async submitTimesheet(viewer: AttendanceViewer, month: string, note: string | undefined, client: Client): Promise<TimesheetInfo> {
    const userId = viewer.facts.userId;
    if (month > toPragueDate(new Date()).slice(0, 7)) {
      throw new DomainException('VALIDATION_FAILED', 'A future month cannot be submitted', {
        errors: [{ pointer: '/month', rule: 'not-future', message: { cs: 'Výkaz nelze předložit za budoucí měsíc.', en: 'A timesheet cannot be submitted for a future month.' } }],
      });
    }
    const sheet = await this.timesheet(userId, month);
    if (sheet.state !== 'open') throw new DomainException('TIMESHEET_SUBMITTED');
    const { from, to } = monthRange(month);
    const corrections = (await loadCorrections(this.ds.manager, userId, from, to)).slice(0, 40).map((c) => ({
      date: c.data.date,
      kind: CORRECTION_KIND[c.data.type],
      timeFrom: c.data.time,
      reason: c.data.reason,
    }));
    const quarter = (minutes: number) => Math.round(minutes / 15) / 4;
    const data = {
      month,
      workedHours: Math.min(300, quarter(sheet.totals.workedMinutes)),
      overtimeHours: Math.min(50, quarter(sheet.totals.overtimeMinutes)),
      corrections,
      ...(note ? { note } : {}),
    };
    await this.filing.fileAndSubmit(viewer.facts, 'attendance-timesheet', data, client, sheet.requestId);
    return this.timesheet(userId, month);
  }

  /** HR reopens an approved month (the agenda's return step, recorded in the audit) so it can be corrected. */
  async reopen(viewer: AttendanceViewer, userId: string, month: string, reason: string, client: Client): Promise<TimesheetInfo> {
    const req = await loadTimesheetRequest(this.ds.manager, userId, month);
    if (!req || !LOCKED_STATES.includes(req.state)) throw new DomainException('WRONG_STATE', 'Only an approved month can be reopened');
    await this.runtime.apply(viewer.facts, req.id, { type: 'transition', name: 'return', comment: reason }, client);
    await this.ds.transaction((em) =>
      this.audit.append(em, { actorId: viewer.facts.userId, action: 'attendance.month-reopen', objectType: 'timesheet', objectId: req.id, ip: client.ip, details: { userId, month, reason } }),
    );
    return this.timesheet(userId, month);
  }

  /** An employee's correction: a request of the attendance-correction agenda, sent to the manager. */
  async requestCorrection(viewer: AttendanceViewer, input: CorrectionInput, client: Client): Promise<{ requestId: string }> {
    await this.assertMonthOpen(this.ds.manager, viewer.facts.userId, input.date.slice(0, 7));
    return { requestId: await this.filing.fileAndSubmit(viewer.facts, 'attendance-correction', { ...input }, client) };
  }

  async balance(userId: string, year: number): Promise<LeaveBalance> {
    const em = this.ds.manager;
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const [model, account, entries, daysOff] = await Promise.all([
      loadModel(em, userId),
      loadAccount(em, userId, year),
      loadLeaves(em, userId, from, to, [...TAKEN_STATES, ...PENDING_STATES]),
      loadDaysOff(em, from, to),
    ]);
    return leaveBalance(year, model, account, entries, new Set(daysOff.keys()));
  }

  /**
   * Files and submits a leave request after the checks the agenda cannot make on its own: no
   * overlap, enough leave (pending included; HR may override), sick days left. The checks are
   * made first without a lock, so a refused request leaves no draft behind; the authoritative run
   * is LeaveSubmissionCheck, inside the submit transaction under a per-person lock.
   */
  async requestLeave(viewer: AttendanceViewer, input: LeaveRequestInput, override: boolean, client: Client): Promise<{ requestId: string; balance: LeaveBalance }> {
    const userId = viewer.facts.userId;
    if (override && !viewer.hr) throw new DomainException('FORBIDDEN', 'Only HR may override the leave balance');
    const candidate = { type: input.type, dateFrom: input.dateFrom, dateTo: input.dateTo, halfDay: input.halfDay === true };
    const refusal = await leaveRefusal(this.ds.manager, userId, candidate, override);
    if (refusal) throw new DomainException(refusal);
    const id = await this.filing.fileAndSubmit(viewer.facts, 'leave-request', { ...input }, client, null, override ? { overrides: new Set([LEAVE_BALANCE_CHECK]) } : {});
    return { requestId: id, balance: await this.balance(userId, Number(input.dateFrom.slice(0, 4))) };
  }

  private async assertMonthOpen(em: EntityManager, userId: string, month: string): Promise<void> {
    const req = await loadTimesheetRequest(em, userId, month);
    if (req && LOCKED_STATES.includes(req.state)) throw new DomainException('MONTH_LOCKED', `${month} is approved; HR must reopen it first`);
  }
}

const CORRECTION_KIND: Record<string, string> = {
  in: 'prichod',
  out: 'odchod',
  'break-start': 'zapomenuta-karta',
  'break-end': 'zapomenuta-karta',
  'trip-start': 'sluzebni-cesta',
  'trip-end': 'sluzebni-cesta',
  doctor: 'lekar',
  'home-office': 'prace-mimo-pracoviste',
};


