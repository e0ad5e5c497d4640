import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { TimesheetInfo } from '@agendy/shared/contracts';
import { LeaveDeputiesSync, seedDemoAttendance } from '@agendy/server/feature-attendance';
import { createTestUser, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { addDays, isOfficeWorkingDay, pragueLocalToInstant, startOfPragueDay, toPragueDate, type LocalDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from './support/system';

const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);

/**
 * Leave and home office cannot be requested for the past (the agenda's rule reads today's date), so
 * the October leave is filed with the process clock set to September: only Date is faked, timers run.
 */
async function atDate<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

/**
 * Issue 9's hand-computed month, through the HTTP API of the real api + worker on PostgreSQL:
 * October 2026 for Jan Novák (full time, 8 h a day, flexible hours with core time 9–14).
 *
 *   31 days − 9 weekend days − 28 Oct (a Wednesday holiday) = 21 working days → 168 h expected
 *   12–13 Oct: annual leave (2 days, 16 h)
 *   20 Oct:   7:30 in, 10:00 doctor, 12:00 in, 15:30 out → 6 h worked + 2 h doctor
 *   22 Oct:   7:30 in, lunch 11:30–12:00, no clock-out → corrected through the agenda to 16:00 → 8 h
 *   the other 17 working days: 7:30–16:00 with lunch 11:30–12:00 → 8 h each
 *   worked 17 × 8 + 6 + 8 = 150 h on 19 days; credited 150 + 2 + 16 = 168 h = expected; no overtime.
 */
describe('attendance and leave (api + worker + PostgreSQL)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let jnovakId: string;
  let trihaId: string;

  beforeAll(async () => {
    system = await startSystem();
    ({ app, db } = system);
  });
  afterAll(() => system.stop());
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    jnovakId = await userId(db, 'jnovak');
    trihaId = await userId(db, 'triha');
  });

  /** What the terminal recorded: every working day of October but the leave, with 22 Oct missing its clock-out. */
  async function recordOctober(): Promise<void> {
    const rows: Array<[string, string, LocalDate, number, number]> = [];
    for (let d: LocalDate = '2026-10-01'; d <= '2026-10-31'; d = addDays(d, 1)) {
      if (!isOfficeWorkingDay(d) || d === '2026-10-12' || d === '2026-10-13') continue;
      if (d === '2026-10-20') {
        rows.push(['in', d, d, 7, 30], ['doctor', d, d, 10, 0], ['in', d, d, 12, 0], ['out', d, d, 15, 30]);
        continue;
      }
      rows.push(['in', d, d, 7, 30], ['break-start', d, d, 11, 30], ['break-end', d, d, 12, 0]);
      if (d !== '2026-10-22') rows.push(['out', d, d, 16, 0]);
    }
    for (const [type, , date, h, m] of rows) {
      await db.query(`INSERT INTO attendance_events (user_id, type, at, created_by) VALUES ($1, $2, $3, $1)`, [jnovakId, type, pragueLocalToInstant(date, h, m)]);
    }
  }

  async function approveAs(manager: LoggedInAgent, requestId: string, transition = 'approve'): Promise<void> {
    const detail = (await manager.agent.get(`/api/v1/requests/${requestId}`).expect(200)).body;
    await post(manager, `/api/v1/requests/${requestId}/transitions`, { transition, expectedVersion: detail.version }).expect(200);
  }

  it('produces exactly the expected timesheet and payroll row, locks the approved month and lets HR reopen it', async () => {
    await recordOctober();
    // The leave was asked for in September and approved by the head of the IT department.
    const leaveId = await atDate('2026-09-15T09:00:00+02:00', async () => {
      const jnovak = await loginAs(app, 'jnovak');
      const filed = await post(jnovak, '/api/v1/leave/requests', { type: 'dovolena', dateFrom: '2026-10-12', dateTo: '2026-10-13' }).expect(201);
      expect(filed.body.balance).toMatchObject({ entitlementHours: 200, pendingHours: 16, availableHours: 184 });
      // Overlapping days are refused before anything is filed.
      const overlap = await post(jnovak, '/api/v1/leave/requests', { type: 'dovolena', dateFrom: '2026-10-13', dateTo: '2026-10-14' }).expect(409);
      expect(overlap.body.code).toBe('LEAVE_OVERLAP');
      await approveAs(await loginAs(app, 'jdvorakova'), filed.body.requestId);
      return filed.body.requestId as string;
    });

    const jnovak = await loginAs(app, 'jnovak');
    const manager = await loginAs(app, 'jdvorakova');
    const before: TimesheetInfo = (await jnovak.agent.get('/api/v1/attendance/timesheets/2026-10').expect(200)).body;
    expect(before.days.find((d) => d.date === '2026-10-22')).toMatchObject({ workedMinutes: 240, anomalies: ['missing-out'] });
    expect(before.totals.anomalies).toBe(1);

    // The forgotten clock-out goes to the manager as an attendance-correction request.
    const correction = await post(jnovak, '/api/v1/attendance/corrections', { date: '2026-10-22', time: '16:00', type: 'out', reason: 'Zapomněl jsem se odpípnout.' }).expect(201);
    const inbox = (await manager.agent.get('/api/v1/tasks').expect(200)).body.items as Array<{ request: { id: string } }>;
    expect(inbox.map((t) => t.request.id)).toContain(correction.body.requestId);
    await approveAs(manager, correction.body.requestId);

    const sheet: TimesheetInfo = (await jnovak.agent.get('/api/v1/attendance/timesheets/2026-10').expect(200)).body;
    expect(sheet.days).toHaveLength(31);
    expect(sheet.totals).toEqual({
      workingDays: 21,
      expectedMinutes: 168 * 60,
      workedMinutes: 150 * 60,
      creditedMinutes: 168 * 60,
      overtimeMinutes: 0,
      absenceMinutes: { dovolena: 16 * 60, lekar: 120, svatek: 8 * 60 },
      absenceDays: { dovolena: 2, svatek: 1 },
      anomalies: 0,
    });
    expect(sheet.days.find((d) => d.date === '2026-10-28')).toMatchObject({ workingDay: false, expectedMinutes: 0, dayOffName: 'Den vzniku samostatného československého státu' });
    expect(sheet.days.find((d) => d.date === '2026-10-20')).toMatchObject({ workedMinutes: 360, doctorMinutes: 120, creditedMinutes: 480, anomalies: [] });
    expect(sheet.days.find((d) => d.date === '2026-10-22')).toMatchObject({ workedMinutes: 480, breakMinutes: 30, anomalies: [] });
    expect(sheet.days.find((d) => d.date === '2026-10-12')?.absences).toEqual([{ kind: 'dovolena', minutes: 480, requestId: leaveId }]);

    // Nobody else's timesheet: a colleague gets 404 (as for a user that does not exist), the head of department gets it.
    const colleague = await loginAs(app, 'triha');
    await colleague.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${jnovakId}`).expect(404);
    await manager.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${jnovakId}`).expect(200);

    // Submitted by the employee, approved by the manager through the inbox: the month is locked.
    const submitted: TimesheetInfo = (await post(jnovak, '/api/v1/attendance/timesheets/2026-10/submit', {}).expect(200)).body;
    expect(submitted.state).toBe('submitted');
    expect((await post(jnovak, '/api/v1/attendance/timesheets/2026-10/submit', {}).expect(409)).body.code).toBe('TIMESHEET_SUBMITTED');
    const [ts]: Array<{ data: { workedHours: number; corrections: unknown[] } }> = await db.query(`SELECT snapshot->'data' AS data FROM requests WHERE id = $1`, [submitted.requestId]);
    expect(ts.data).toMatchObject({ workedHours: 150, corrections: [{ date: '2026-10-22', kind: 'odchod', timeFrom: '16:00', reason: 'Zapomněl jsem se odpípnout.' }] });
    await approveAs(manager, submitted.requestId as string);
    const approved: TimesheetInfo = (await jnovak.agent.get('/api/v1/attendance/timesheets/2026-10').expect(200)).body;
    expect(approved).toMatchObject({ state: 'approved', locked: true });
    const locked = await post(jnovak, '/api/v1/attendance/corrections', { date: '2026-10-05', time: '07:00', type: 'in', reason: 'Dřívější příchod.' }).expect(409);
    expect(locked.body.code).toBe('MONTH_LOCKED');

    // HR's payroll export: one row per employee and kind of time.
    await createTestUser(db, { username: 'hpersonal', displayName: 'Hana Personální', department: 'KR', groups: ['KULK-Personalni'] });
    const hr = await loginAs(app, 'hpersonal');
    const csv = (await hr.agent.get('/api/v1/attendance/hr/months/2026-10/payroll?format=csv').expect(200)).text;
    const novak = csv.split('\r\n').filter((l) => l.startsWith('jnovak;'));
    expect(novak).toEqual([
      'jnovak;Jan Novák;OINF;2026-10;Odpracováno;150;19;approved',
      'jnovak;Jan Novák;OINF;2026-10;Dovolená;16;2;approved',
      'jnovak;Jan Novák;OINF;2026-10;Lékař;2;0;approved',
      'jnovak;Jan Novák;OINF;2026-10;Svátek;8;1;approved',
    ]);
    const xlsx = await hr.agent.get('/api/v1/attendance/hr/months/2026-10/payroll?format=xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    // exceljs declares its own `Buffer` type; the bytes are a Node Buffer either way.
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const values = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(values).toContainEqual(['jnovak', 'Jan Novák', 'OINF', '2026-10', 'Dovolená', 16, 2, 'approved']);
    const pdf = await hr.agent.get(`/api/v1/attendance/timesheets/2026-10/pdf?user=${jnovakId}`).expect(200).expect('Content-Type', 'application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');

    // HR's month view shows who has not submitted.
    const month = (await hr.agent.get('/api/v1/attendance/hr/months/2026-10').expect(200)).body.rows as Array<{ userId: string; state: string }>;
    expect(month.find((r) => r.userId === jnovakId)?.state).toBe('approved');
    expect(month.find((r) => r.userId === trihaId)?.state).toBe('open');

    // Only HR reopens, and the reopening is in the audit log.
    expect((await post(manager, '/api/v1/attendance/timesheets/2026-10/reopen', { user: jnovakId, reason: 'Oprava dovolené.' })).status).toBe(403);
    const reopened = (await post(hr, '/api/v1/attendance/timesheets/2026-10/reopen', { user: jnovakId, reason: 'Oprava dovolené.' }).expect(200)).body;
    expect(reopened).toMatchObject({ state: 'open', locked: false });
    const audit: unknown[] = await db.query(`SELECT 1 FROM audit_log WHERE action = 'attendance.month-reopen' AND details->>'userId' = $1`, [jnovakId]);
    expect(audit).toHaveLength(1);

    const balance = (await jnovak.agent.get('/api/v1/leave/balance?year=2026').expect(200)).body;
    expect(balance).toMatchObject({ entitlementHours: 200, takenHours: 16, pendingHours: 0, remainingHours: 184, remainingDays: 23 });
  });

  it('applies the leave checks to leave filed through the generic requests API too, one submission at a time per person', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const draft = async (dateFrom: string, dateTo: string) =>
      (await post(jnovak, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom, dateTo } }).expect(201)).body as { id: string; version: number };
    const submit = (d: { id: string; version: number }) => post(jnovak, `/api/v1/requests/${d.id}/transitions`, { transition: 'submit', expectedVersion: d.version });

    const first = await draft('2031-03-03', '2031-03-07');
    expect((await submit(first)).status).toBe(200);

    // Overlapping the first: refused with the attendance page's code, and the draft is kept as it was.
    const overlapping = await draft('2031-03-07', '2031-03-10');
    const refused = await submit(overlapping);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'LEAVE_OVERLAP' });
    expect((await jnovak.agent.get(`/api/v1/requests/${overlapping.id}`).expect(200)).body).toMatchObject({ state: { id: 'draft' }, version: overlapping.version });

    // 200 h a year, 40 h pending: four more weeks fit, a fifth does not — even when all five are sent at once.
    const weeks = await Promise.all(
      [['2031-03-10', '2031-03-14'], ['2031-03-17', '2031-03-21'], ['2031-03-24', '2031-03-28'], ['2031-06-02', '2031-06-06'], ['2031-06-09', '2031-06-13']].map(([f, t]) => draft(f, t)),
    );
    const results = await Promise.all(weeks.map(submit));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 422]);
    expect(results.find((r) => r.status === 422)?.body.code).toBe('LEAVE_INSUFFICIENT');
    const balance = (await jnovak.agent.get('/api/v1/leave/balance?year=2031').expect(200)).body;
    expect(balance).toMatchObject({ entitlementHours: 200, pendingHours: 200, availableHours: 0 });
  });

  it('clocks in and out through the API, refuses what does not follow, and shows today', async () => {
    // In and out must fall on the same Prague day: just after midnight there is less than an hour of it.
    if (Date.now() - startOfPragueDay(toPragueDate(new Date())).getTime() < 2 * 60_000) await new Promise((r) => setTimeout(r, 2 * 60_000));
    const jnovak = await loginAs(app, 'jnovak');
    const today = toPragueDate(new Date());
    const workedAtLeast = Math.min(60, Math.floor((Date.now() - startOfPragueDay(today).getTime()) / 60_000) - 1);
    expect((await post(jnovak, '/api/v1/attendance/events', { type: 'out' }).expect(422)).body.code).toBe('CLOCK_SEQUENCE');
    const inAt = new Date(Date.now() - workedAtLeast * 60_000).toISOString();
    const first = await post(jnovak, '/api/v1/attendance/events', { type: 'in', at: inAt }).expect(201);
    // A terminal's retry of the same event does not record it twice.
    const retry = await post(jnovak, '/api/v1/attendance/events', { type: 'in', at: inAt }).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    await post(jnovak, '/api/v1/attendance/events', { type: 'out' }).expect(201);
    expect((await post(jnovak, '/api/v1/attendance/events', { type: 'in', at: '2020-01-01T08:00:00Z' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const days = (await jnovak.agent.get(`/api/v1/attendance/days?from=${today}&to=${today}`).expect(200)).body;
    expect(days.status).toBe('off');
    expect(days.days[0].events.map((e: { type: string }) => e.type)).toEqual(['in', 'out']);
    expect(days.days[0].workedMinutes).toBeGreaterThanOrEqual(workedAtLeast - 1);
    expect((await jnovak.agent.get('/api/v1/attendance/days?from=2026-01-01&to=2026-12-31').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post(jnovak, '/api/v1/attendance/timesheets/2099-01/submit', {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await jnovak.agent.get('/api/v1/attendance/timesheets/2026-13').expect(404);
    // A correction the agenda refuses (a future day) is refused before anything is filed.
    const refused = await post(jnovak, '/api/v1/attendance/corrections', { date: addDays(today, 2), time: '08:00', type: 'in', reason: 'Budoucnost.' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/date' })]);
    expect(await db.query(`SELECT id FROM requests WHERE agenda_code IN ('attendance-correction', 'attendance-timesheet')`)).toEqual([]);
  }, 200_000);

  it('approved leave activates the deputy once, a cancelled one revokes it; the balance follows', async () => {
    const year = Number(toPragueDate(new Date()).slice(0, 4)) + 1;
    let from = `${year}-03-02`;
    while (!isOfficeWorkingDay(from)) from = addDays(from, 1);
    const jnovak = await loginAs(app, 'jnovak');
    const filed = await post(jnovak, '/api/v1/leave/requests', { type: 'dovolena', dateFrom: from, dateTo: from, halfDay: true, deputy: trihaId }).expect(201);
    expect(filed.body.balance).toMatchObject({ pendingHours: 4, takenHours: 0 });
    await approveAs(await loginAs(app, 'jdvorakova'), filed.body.requestId);
    const sync = system.worker.get(LeaveDeputiesSync);
    expect(await sync.sync(new Date())).toEqual({ activated: 1, revoked: 0 });
    // A retried job activates nothing twice.
    expect(await sync.sync(new Date())).toEqual({ activated: 0, revoked: 0 });
    const subs: Array<{ deputy_user_id: string; revoked_at: Date | null }> = await db.query(`SELECT deputy_user_id, revoked_at FROM substitutions WHERE source_request_id = $1`, [filed.body.requestId]);
    expect(subs).toEqual([{ deputy_user_id: trihaId, revoked_at: null }]);
    expect((await jnovak.agent.get(`/api/v1/leave/balance?year=${year}`).expect(200)).body).toMatchObject({ takenHours: 4, pendingHours: 0 });

    // The team calendar shows the absence to a colleague of the department.
    const lcerna = await loginAs(app, 'lcerna');
    const calendar = (await lcerna.agent.get(`/api/v1/attendance/team-calendar?from=${from}&to=${from}`).expect(200)).body;
    expect(calendar.absences).toEqual([expect.objectContaining({ displayName: 'Jan Novák', type: 'dovolena', halfDay: true })]);

    await approveAs(jnovak, filed.body.requestId, 'cancel');
    expect(await sync.sync(new Date())).toEqual({ activated: 0, revoked: 1 });
    expect((await jnovak.agent.get(`/api/v1/leave/balance?year=${year}`).expect(200)).body).toMatchObject({ takenHours: 0, pendingHours: 0 });
  });

  it('seeds realistic demo attendance once: models and three weeks of clean days', async () => {
    const first = await seedDemoAttendance(db);
    expect(first.models).toBe(4);
    expect(first.events).toBeGreaterThan(4 * 10 * 2);
    expect(await seedDemoAttendance(db)).toEqual({ models: 0, events: 0 });
    const today = toPragueDate(new Date());
    const jnovak = await loginAs(app, 'jnovak');
    const days = (await jnovak.agent.get(`/api/v1/attendance/days?from=${addDays(today, -21)}&to=${addDays(today, -1)}`).expect(200)).body.days as Array<{ workingDay: boolean; workedMinutes: number; anomalies: string[] }>;
    const working = days.filter((d) => d.workingDay);
    expect(working.length).toBeGreaterThan(10);
    for (const d of working) {
      expect(d.anomalies).toEqual([]);
      expect(d.workedMinutes).toBeGreaterThanOrEqual(480);
    }
    const triha = await loginAs(app, 'triha');
    const model = (await triha.agent.get(`/api/v1/attendance/work-models/${trihaId}`).expect(200)).body;
    expect(model).toMatchObject({ weeklyHours: 30, kind: 'fixed', startTime: '07:00' });
  });

  it('HR sets a part-time model and a company day off; training appears in the record; nobody else may', async () => {
    await createTestUser(db, { username: 'hpersonal', displayName: 'Hana Personální', department: 'KR', groups: ['KULK-Personalni'] });
    const hr = await loginAs(app, 'hpersonal');
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    expect((await hr.agent.get('/api/v1/attendance/access').expect(200)).body).toEqual({ hr: true, managesDepartments: [] });
    expect((await jnovak.agent.get('/api/v1/attendance/access').expect(200)).body).toEqual({ hr: false, managesDepartments: [] });

    // 20 h a week from 1 July 2026: 5 weeks × 20 h × 184/365 days = 50.4 h → 51 h.
    const model = { weeklyHours: 20, kind: 'fixed', startTime: '08:00', employmentStart: '2026-07-01' };
    expect((await triha.agent.put(`/api/v1/attendance/work-models/${trihaId}`).set('X-XSRF-TOKEN', triha.xsrf).send(model)).status).toBe(403);
    await hr.agent.put(`/api/v1/attendance/work-models/${trihaId}`).set('X-XSRF-TOKEN', hr.xsrf).send(model).expect(200);
    expect((await triha.agent.get('/api/v1/leave/balance?year=2026').expect(200)).body).toMatchObject({ dailyHours: 4, entitlementHours: 51 });
    // Another person's balance and days are not visible to a colleague (404, as for nobody).
    await jnovak.agent.get(`/api/v1/leave/balance?user=${trihaId}`).expect(404);
    await jnovak.agent.get(`/api/v1/attendance/days?from=2026-10-01&to=2026-10-02&user=${trihaId}`).expect(404);

    await hr.agent.put('/api/v1/attendance/days-off').set('X-XSRF-TOKEN', hr.xsrf).send({ day: '2026-12-28', name: 'Ředitelské volno' }).expect(200);
    const dec = (await triha.agent.get('/api/v1/attendance/days?from=2026-12-28&to=2026-12-29').expect(200)).body.days;
    expect(dec.map((d: { workingDay: boolean; dayOffName: string | null; expectedMinutes: number }) => [d.workingDay, d.dayOffName, d.expectedMinutes])).toEqual([
      [false, 'Ředitelské volno', 0],
      [true, null, 240],
    ]);

    // A two-day training (Monday and Tuesday) approved by the manager: 16 hours and its cost in the record.
    const course = { courseTitle: 'Novela zákona o zadávání veřejných zakázek', provider: 'Institut pro veřejnou správu Praha', dateFrom: '2030-03-11', dateTo: '2030-03-12', format: 'online', cost: 4500, travelCost: 800, justification: 'Připravuji zadávací dokumentaci pro veřejné zakázky odboru.' };
    const created = await post(jnovak, '/api/v1/requests', { agenda: 'training-request', data: course }).expect(201);
    await post(jnovak, `/api/v1/requests/${created.body.id}/transitions`, { transition: 'submit', expectedVersion: created.body.version }).expect(200);
    await approveAs(await loginAs(app, 'jdvorakova'), created.body.id);
    const record = (await jnovak.agent.get('/api/v1/attendance/training').expect(200)).body;
    expect(record).toEqual([expect.objectContaining({ requestId: created.body.id, hours: 16, cost: 5300, dateFrom: '2030-03-11' })]);
    const costs = (await hr.agent.get('/api/v1/attendance/hr/training-costs?year=2030').expect(200)).text;
    expect(costs).toContain('OINF;"Odbor informatiky";1;5300');
    await triha.agent.get('/api/v1/attendance/hr/training-costs?year=2030').expect(403);
  });
});
