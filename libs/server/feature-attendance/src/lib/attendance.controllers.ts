import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type {
  AttendanceAccessInfo,
  AttendanceDaysResponse,
  ClockEventInfo,
  DepartmentMonthResponse,
  LeaveBalance,
  TeamCalendarResponse,
  TimesheetInfo,
  TrainingRecordRow,
  WorkModelInfo,
} from '@agendy/shared/contracts';
import { DomainException, parseBody } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { toPragueDate } from '@agendy/shared/util';
import { AttendanceAccess } from './attendance-access';
import { AttendanceReports } from './attendance-reports.service';
import {
  balanceQuerySchema,
  calendarQuerySchema,
  clockEventSchema,
  correctionSchema,
  dayOffSchema,
  daysQuerySchema,
  exportQuerySchema,
  hrMonthQuerySchema,
  leaveAccountSchema,
  leaveRequestSchema,
  monthParam,
  reopenSchema,
  submitSchema,
  userQuerySchema,
  workModelSchema,
  yearQuerySchema,
} from './attendance-schemas';
import { loadModel, saveModel } from './attendance-store';
import { AttendanceService } from './attendance.service';
import { payrollCsv, payrollXlsx, timesheetPdf } from './payroll-export';

const client = (req: Request) => ({ ip: req.ip ?? null });

function month(value: string): string {
  const parsed = monthParam.safeParse(value);
  if (!parsed.success) throw new DomainException('NOT_FOUND');
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function idParam(id: string): string {
  if (!UUID.test(id)) throw new DomainException('NOT_FOUND');
  return id;
}

function send(res: Response, body: string | Buffer, type: string, filename: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(body);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('attendance')
@Controller('v1/attendance')
export class AttendanceController {
  constructor(
    private readonly access: AttendanceAccess,
    private readonly attendance: AttendanceService,
    private readonly reports: AttendanceReports,
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  @Get('access')
  @ApiOperation({ summary: 'What the caller may see beyond their own attendance: HR (everyone) and the departments they head' })
  @Access.signedIn('what the caller may see beyond their own attendance')
  async myAccess(@Auth() auth: AuthContext): Promise<AttendanceAccessInfo> {
    const viewer = await this.access.viewer(auth);
    return { hr: viewer.hr, managesDepartments: [...viewer.managesDepartments] };
  }

  @Post('events')
  @HttpCode(201)
  @ApiOperation({ summary: 'Clock in/out, breaks, trips, doctor, home office ({type, at?, note?}); 422 CLOCK_SEQUENCE, 409 MONTH_LOCKED' })
  @Access.signedIn('clocks the caller in or out: their own attendance')
  async clock(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<ClockEventInfo> {
    const viewer = await this.access.viewer(auth);
    return this.attendance.record(viewer, parseBody(clockEventSchema, body), client(req));
  }

  @Get('days')
  @ApiOperation({ summary: 'Computed days between from and to (at most 93); managers and HR may pass ?user=' })
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  async days(@Auth() auth: AuthContext, @Query() query: unknown): Promise<AttendanceDaysResponse> {
    const q = parseBody(daysQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    const userId = await this.access.subject(this.ds.manager, viewer, q.user);
    return this.attendance.days(userId, q.from, q.to);
  }

  @Get('timesheets/:month')
  @ApiOperation({ summary: "A month's timesheet (every day, totals, state); managers and HR may pass ?user=" })
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  async timesheet(@Auth() auth: AuthContext, @Param('month') m: string, @Query() query: unknown): Promise<TimesheetInfo> {
    const q = parseBody(userQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    return this.attendance.timesheet(await this.access.subject(this.ds.manager, viewer, q.user), month(m));
  }

  @Get('timesheets/:month/pdf')
  @ApiOperation({ summary: "A month's timesheet as PDF" })
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  async timesheetPdf(@Auth() auth: AuthContext, @Param('month') m: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseBody(userQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    const userId = await this.access.subject(this.ds.manager, viewer, q.user);
    const sheet = await this.attendance.timesheet(userId, month(m));
    const [dep]: Array<{ name: string | null; username: string }> = await this.ds.query(
      `SELECT d.name, u.username FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1`,
      [userId],
    );
    send(res, await timesheetPdf(sheet, dep?.name ?? null), 'application/pdf', `vykaz-${dep?.username ?? 'zamestnanec'}-${sheet.month}.pdf`);
  }

  @Post('timesheets/:month/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit my month to the manager (an attendance-timesheet request); 409 TIMESHEET_SUBMITTED' })
  @Access.signedIn('submits the caller’s own month')
  async submit(@Auth() auth: AuthContext, @Param('month') m: string, @Body() body: unknown, @Req() req: Request): Promise<TimesheetInfo> {
    const viewer = await this.access.viewer(auth);
    return this.attendance.submitTimesheet(viewer, month(m), parseBody(submitSchema, body).note, client(req));
  }

  @Post('timesheets/:month/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'HR reopens an approved month ({user, reason}); audited' })
  @Access.capability('hr')
  async reopen(@Auth() auth: AuthContext, @Param('month') m: string, @Body() body: unknown, @Req() req: Request): Promise<TimesheetInfo> {
    const viewer = await this.access.viewer(auth);
    this.access.assertHr(viewer);
    const b = parseBody(reopenSchema, body);
    return this.attendance.reopen(viewer, b.user, month(m), b.reason, client(req));
  }

  @Post('corrections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask the manager to correct attendance ({date, time, type, reason}): an attendance-correction request' })
  @Access.signedIn('asks for a correction of the caller’s own attendance')
  async correction(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<{ requestId: string }> {
    const viewer = await this.access.viewer(auth);
    return this.attendance.requestCorrection(viewer, parseBody(correctionSchema, body), client(req));
  }

  @Get('team-calendar')
  @ApiOperation({ summary: 'Who of my department is away between from and to' })
  @Access.signedIn('who of the caller’s own department is away (kinds of absence only where the caller may read them)')
  async teamCalendar(@Auth() auth: AuthContext, @Query() query: unknown): Promise<TeamCalendarResponse> {
    const q = parseBody(calendarQuerySchema, query);
    return this.reports.teamCalendar(await this.access.viewer(auth), q.from, q.to);
  }

  @Get('training')
  @ApiOperation({ summary: "Training requests in a person's record with hours and cost (?user= for managers and HR)" })
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  async training(@Auth() auth: AuthContext, @Query() query: unknown): Promise<TrainingRecordRow[]> {
    const q = parseBody(userQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    return this.reports.trainingRecord(await this.access.subject(this.ds.manager, viewer, q.user));
  }

  @Get('hr/months/:month')
  @ApiOperation({ summary: 'Everyone’s timesheet state, hours and anomalies for a month (HR: all or ?department=; managers: their departments)' })
  @Access.capability('attendance-reports')
  async hrMonth(@Auth() auth: AuthContext, @Param('month') m: string, @Query() query: unknown): Promise<DepartmentMonthResponse> {
    const q = parseBody(hrMonthQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    this.access.assertReports(viewer);
    return (await this.reports.departmentMonth(viewer, month(m), q.department)).response;
  }

  @Get('hr/months/:month/payroll')
  @ApiOperation({ summary: 'Payroll export: one row per employee and kind of time, CSV or XLSX (?format=csv|xlsx&department=)' })
  @Access.capability('attendance-reports')
  async payroll(@Auth() auth: AuthContext, @Param('month') m: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseBody(exportQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    this.access.assertReports(viewer);
    const rows = await this.reports.payroll(viewer, month(m), q.department);
    if (q.format === 'xlsx') send(res, await payrollXlsx(rows, month(m)), XLSX, `mzdy-${m}.xlsx`);
    else send(res, payrollCsv(rows), 'text/csv; charset=utf-8', `mzdy-${m}.csv`);
  }

  @Get('hr/training-costs')
  @ApiOperation({ summary: 'Training cost totals per department for a year, CSV (?year=)' })
  @Access.capability('attendance-reports')
  async trainingCosts(@Auth() auth: AuthContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseBody(yearQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    this.access.assertReports(viewer);
    const rows = await this.reports.trainingCosts(viewer, q.year);
    const lines = ['Odbor;Název;Počet žádostí;Náklady (Kč)', ...rows.map((r) => [r.departmentCode, `"${r.departmentName.replace(/"/g, '""')}"`, r.requests, r.cost].join(';'))];
    send(res, '\ufeff' + lines.join('\r\n') + '\r\n', 'text/csv; charset=utf-8', `vzdelavani-${q.year}.csv`);
  }

  @Get('work-models/:userId')
  @Access.object('person', 'userId', 'read')
  async workModel(@Auth() auth: AuthContext, @Param('userId') id: string): Promise<WorkModelInfo> {
    const viewer = await this.access.viewer(auth);
    const userId = await this.access.subject(this.ds.manager, viewer, idParam(id));
    const m = await loadModel(this.ds.manager, userId);
    return { userId, weeklyHours: m.weeklyMinutes / 60, kind: m.kind, startTime: m.startTime, coreFrom: m.coreFrom, coreTo: m.coreTo, employmentStart: m.employmentStart, leaveWeeks: m.leaveWeeks, sickDays: m.sickDays };
  }

  @Put('work-models/:userId')
  @ApiOperation({ summary: "HR sets a person's working-time model (full/part time, fixed/flexible with core time, leave weeks, sick days)" })
  @Access.object('person', 'userId', 'administer')
  async setWorkModel(@Auth() auth: AuthContext, @Param('userId') id: string, @Body() body: unknown, @Req() req: Request): Promise<WorkModelInfo> {
    const viewer = await this.access.viewer(auth);
    this.access.assertHr(viewer);
    const userId = await this.access.subject(this.ds.manager, viewer, idParam(id));
    const b = parseBody(workModelSchema, body);
    const model = {
      weeklyMinutes: Math.round(b.weeklyHours * 60),
      kind: b.kind,
      startTime: b.startTime ?? null,
      coreFrom: b.coreFrom ?? null,
      coreTo: b.coreTo ?? null,
      employmentStart: b.employmentStart ?? null,
      leaveWeeks: b.leaveWeeks,
      sickDays: b.sickDays,
    };
    await this.ds.transaction(async (em) => {
      await saveModel(em, userId, model, viewer.facts.userId);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'attendance.work-model', objectType: 'user', objectId: userId, ip: client(req).ip, details: { ...model } });
    });
    return this.workModel(auth, userId);
  }

  @Get('days-off')
  @Access.signedIn('company days off: the same calendar for everyone')
  async daysOff(@Query() query: unknown): Promise<Array<{ day: string; name: string }>> {
    const q = parseBody(yearQuerySchema, query);
    return this.ds.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM attendance_company_days_off WHERE extract(year FROM day) = $1 ORDER BY day`, [q.year]);
  }

  @Put('days-off')
  @ApiOperation({ summary: 'HR declares a company day off ({day, name}); it is never a working day' })
  @Access.capability('hr')
  async setDayOff(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<{ day: string; name: string }> {
    const viewer = await this.access.viewer(auth);
    this.access.assertHr(viewer);
    const b = parseBody(dayOffSchema, body);
    await this.ds.transaction(async (em) => {
      await em.query(`INSERT INTO attendance_company_days_off (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name`, [b.day, b.name]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'attendance.day-off', objectType: 'day-off', objectId: b.day, ip: client(req).ip, details: { name: b.name } });
    });
    return b;
  }
}

@ApiTags('attendance')
@Controller('v1/leave')
export class LeaveController {
  constructor(
    private readonly access: AttendanceAccess,
    private readonly attendance: AttendanceService,
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  @Get('balance')
  @ApiOperation({ summary: 'Leave balance of a year (hours and days; entitlement, carried over, taken, pending); ?user= for managers and HR' })
  @Access.object('person', 'query:user', 'read', { absentMeansSelf: true })
  async balance(@Auth() auth: AuthContext, @Query() query: unknown): Promise<LeaveBalance> {
    const q = parseBody(balanceQuerySchema, query);
    const viewer = await this.access.viewer(auth);
    const userId = await this.access.subject(this.ds.manager, viewer, q.user);
    return this.attendance.balance(userId, q.year ?? Number(toPragueDate(new Date()).slice(0, 4)));
  }

  @Post('requests')
  @HttpCode(201)
  @ApiOperation({ summary: 'File and submit a leave request after the balance, overlap and sick-day checks (409 LEAVE_OVERLAP, 422 LEAVE_INSUFFICIENT); HR may pass override' })
  @Access.signedIn('files the caller’s own leave (an HR override is checked by the service)')
  async request(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<{ requestId: string; balance: LeaveBalance }> {
    const viewer = await this.access.viewer(auth);
    const { override, ...input } = parseBody(leaveRequestSchema, body);
    return this.attendance.requestLeave(viewer, input, override === true, client(req));
  }

  @Put('accounts/:userId/:year')
  @ApiOperation({ summary: 'HR sets carried-over leave and an adjustment for a person and year (hours); audited' })
  @Access.object('person', 'userId', 'administer')
  async setAccount(@Auth() auth: AuthContext, @Param('userId') id: string, @Param('year') y: string, @Body() body: unknown, @Req() req: Request): Promise<LeaveBalance> {
    const viewer = await this.access.viewer(auth);
    this.access.assertHr(viewer);
    const userId = await this.access.subject(this.ds.manager, viewer, idParam(id));
    const year = parseBody(yearQuerySchema, { year: y }).year;
    const b = parseBody(leaveAccountSchema, body);
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO attendance_leave_accounts (user_id, year, carried_minutes, adjustment_minutes, note) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, year) DO UPDATE SET carried_minutes = EXCLUDED.carried_minutes, adjustment_minutes = EXCLUDED.adjustment_minutes, note = EXCLUDED.note, updated_at = now()`,
        [userId, year, Math.round(b.carriedHours * 60), Math.round(b.adjustmentHours * 60), b.note ?? null],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'attendance.leave-account', objectType: 'user', objectId: userId, ip: client(req).ip, details: { year, ...b } });
    });
    return this.attendance.balance(userId, year);
  }
}
