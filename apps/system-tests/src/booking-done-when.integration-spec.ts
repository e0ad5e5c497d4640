import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { BookingInfo, OccurrencePreview } from '@agendy/shared/contracts';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { JobProducer } from '@agendy/server/queue';
import { eventually, fetchSession, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, startTestSmtp, truncateAll, userId } from '@agendy/server/testing';
import { addDays, isoDayOfWeek, pragueLocalToInstant, toPragueDate, toPragueWallClock, type LocalDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from './support/system';

const at = (date: LocalDate, h: number, m = 0) => pragueLocalToInstant(date, h, m).toISOString();
function nextWeekday(daysAhead: number, isoDay: number): LocalDate {
  let d = toPragueDate(new Date(Date.now() + daysAhead * 86_400_000));
  while (isoDayOfWeek(d) !== isoDay) d = addDays(d, 1);
  return d;
}
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** Decodes one MIME part's body by its Content-Transfer-Encoding. */
function decodePart(part: string): string {
  const [headers, ...rest] = part.split(/\r\n\r\n/);
  const body = rest.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_a, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/** The "Done when" of issue 8 through the HTTP API of the real api + worker, PostgreSQL, Redis and SMTP. */
describe('booking: done-when (api + worker + PostgreSQL + Redis + SMTP)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let base: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    system = await startSystem({ SMTP_URL: smtp.url });
    ({ app, db } = system);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await system.stop();
    await smtp.close();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    await seedDemoResources(db);
    // Business hours would make the outcome depend on when the suite runs; they have their own unit tests.
    // (truncateAll emptied booking_rules: these are the shipped rules without business hours.)
    await db.query(
      `INSERT INTO booking_rules (resource_type, min_notice_minutes, max_advance_days, min_duration_minutes, max_duration_minutes, buffer_minutes,
                                  business_start_minute, business_end_minute, business_days, max_active_per_user)
       VALUES ('room', 0, 365, 15, 600, 0, NULL, NULL, '{1,2,3,4,5,6,7}', 50), ('car', 60, 90, 30, 4320, 30, NULL, NULL, '{1,2,3,4,5,6,7}', 5)`,
    );
    smtp.mails.length = 0;
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const put = (a: LoggedInAgent, url: string, body: object) => a.agent.put(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const resourceId = async (code: string): Promise<string> => (await db.query(`SELECT id FROM resources WHERE code = $1`, [code]))[0].id;

  /** A browser-like session over plain fetch (the supertest agent cannot hold 200 requests in flight). */
  async function sessionOf(username: string): Promise<{ cookie: string; xsrf: string }> {
    const s = await fetchSession(base, username);
    return { cookie: s.cookie(), xsrf: s.xsrf() };
  }

  it('200 concurrent requests for the same room and slot: one 201, 199 × 409, one row', async () => {
    const room = await resourceId('zasedacka-201');
    const day = nextWeekday(10, 2);
    const sessions = await Promise.all(['jnovak', 'triha', 'jdvorakova', 'pstastny'].map(sessionOf));
    const body = JSON.stringify({ resourceId: room, title: 'Porada', start: at(day, 9), end: at(day, 10) });
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const s = sessions[i % sessions.length];
        const res = await fetch(`${base}/api/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-xsrf-token': s.xsrf }, body });
        return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as { code?: string; conflict?: { start: string; end: string } } };
      }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.type).toContain('application/problem+json');
      expect(a.body.code).toBe('BOOKING_CONFLICT');
      expect(a.body.conflict).toMatchObject({ start: at(day, 9), end: at(day, 10) });
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM bookings WHERE resource_id = $1`, [room]);
    expect(n).toBe(1);
  });

  it('adjacent slots both succeed; buffers are respected', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    const admin = await loginAs(app, 'vbenes'); // the facility manager (not the system administrator: ADR 0004)
    const room = await resourceId('zasedacka-b105');
    const day = nextWeekday(10, 3);
    await post(jnovak, '/api/v1/bookings', { resourceId: room, title: 'První', start: at(day, 9), end: at(day, 10) }).expect(201);
    await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Druhá', start: at(day, 10), end: at(day, 11) }).expect(201);

    // The facility manager sets a 15-minute buffer (cleaning) for rooms.
    const rules = (await admin.agent.get('/api/v1/admin/booking-rules/room').expect(200)).body;
    const { resourceType: _type, ...body } = rules;
    await put(admin, '/api/v1/admin/booking-rules/room', { ...body, bufferMinutes: 15 }).expect(200);
    await post(jnovak, '/api/v1/bookings', { resourceId: room, title: 'Třetí', start: at(day, 12), end: at(day, 13) }).expect(201);
    const refused = await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Hned po', start: at(day, 13), end: at(day, 14) }).expect(409);
    expect(refused.body.code).toBe('BOOKING_CONFLICT');
    // Another employee's booking: the time, not who holds it.
    expect(refused.body.conflict).toEqual({ start: at(day, 12), end: at(day, 13) });
    await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Po úklidu', start: at(day, 13, 15), end: at(day, 14) }).expect(201);
    // Cars: 30 minutes for cleaning/charging by default.
    await put(jnovak, '/api/v1/driver-licence', { licenceValidUntil: '2035-01-01', trainingValidUntil: '2030-01-01' }).expect(200);
    await put(triha, '/api/v1/driver-licence', { licenceValidUntil: '2035-01-01', trainingValidUntil: '2030-01-01' }).expect(200);
    const car = await resourceId('7L12345');
    await post(jnovak, '/api/v1/bookings', { resourceId: car, title: 'Kontrola', destination: 'Semily', start: at(day, 8), end: at(day, 10), licenceConfirmed: true }).expect(201);
    await post(triha, '/api/v1/bookings', { resourceId: car, title: 'Jednání', destination: 'Turnov', start: at(day, 10, 15), end: at(day, 12), licenceConfirmed: true }).expect(409);
    await post(triha, '/api/v1/bookings', { resourceId: car, title: 'Jednání', destination: 'Turnov', start: at(day, 10, 30), end: at(day, 12), licenceConfirmed: true }).expect(201);
  });

  it('a weekly series over 3 months colliding with two bookings shows those two and books the rest with skip', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    const room = await resourceId('maly-sal');
    const first = nextWeekday(7, 4);
    const until = addDays(first, 91).replace(/-/g, '');
    const taken = [addDays(first, 14), addDays(first, 49)];
    for (const d of taken) await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Školení', start: at(d, 9, 30), end: at(d, 11) }).expect(201);

    const series = { resourceId: room, title: 'Porada odboru', start: at(first, 9), end: at(first, 10), rrule: `FREQ=WEEKLY;BYDAY=TH;UNTIL=${until}` };
    const preview = await post(jnovak, '/api/v1/bookings/series/preview', series).expect(200);
    const occurrences: OccurrencePreview[] = preview.body.occurrences;
    expect(occurrences).toHaveLength(14);
    const conflicting = occurrences.filter((o) => o.conflict);
    expect(conflicting.map((o) => o.start)).toEqual(taken.map((d) => at(d, 9)));
    expect(conflicting[0].conflict).toEqual({ start: at(taken[0], 9, 30), end: at(taken[0], 11) });

    const aborted = await post(jnovak, '/api/v1/bookings/series', { ...series, onConflict: 'abort' }).expect(409);
    expect(aborted.body.code).toBe('BOOKING_CONFLICT');
    expect((await db.query(`SELECT count(*)::int AS n FROM bookings WHERE title = 'Porada odboru'`))[0].n).toBe(0);

    const created = await post(jnovak, '/api/v1/bookings/series', { ...series, onConflict: 'skip' }).expect(201);
    expect(created.body.created).toHaveLength(12);
    expect(created.body.skipped.map((s: OccurrencePreview) => s.start)).toEqual(taken.map((d) => at(d, 9)));
    const rows: Array<{ start: Date }> = await db.query(`SELECT lower(during) AS start FROM bookings WHERE series_id = $1 AND status = 'confirmed' ORDER BY 1`, [created.body.seriesId]);
    expect(rows.map((r) => r.start.toISOString())).toEqual(occurrences.filter((o) => !o.conflict).map((o) => o.start));
  });

  it('a car trip with two passengers is booked, taken and logged; the logbook PDF/XLSX/CSV are correct and a gap is flagged', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    const pstastny = await loginAs(app, 'pstastny');
    const fleet = await loginAs(app, 'vbenes'); // the fleet manager
    const car = await resourceId('8L40211');
    const tomorrow = addDays(toPragueDate(new Date()), 1);
    const trip = { resourceId: car, title: 'Jednání na magistrátu', destination: 'Jablonec nad Nisou', start: at(tomorrow, 8), end: at(tomorrow, 12), licenceConfirmed: true, shared: true };

    // No licence recorded yet: refused. An expired one cannot be recorded; one expiring before the trip blocks it.
    const noLicence = await post(jnovak, '/api/v1/bookings', trip).expect(422);
    expect(noLicence.body.rule).toBe('LICENCE_NOT_RECORDED');
    await put(jnovak, '/api/v1/driver-licence', { licenceValidUntil: '2020-01-01', trainingValidUntil: '2030-01-01' }).expect(400);
    await put(fleet, `/api/v1/driver-licence/${await userId(db, 'jnovak')}`, { licenceValidUntil: '2035-01-01', trainingValidUntil: toPragueDate(new Date()) }).expect(200);
    const expired = await post(jnovak, '/api/v1/bookings', trip).expect(422);
    expect(expired.body.rule).toBe('DRIVER_TRAINING_EXPIRED');
    await put(jnovak, '/api/v1/driver-licence', { licenceValidUntil: '2035-01-01', trainingValidUntil: '2030-01-01' }).expect(200);
    expect((await post(jnovak, '/api/v1/bookings', { ...trip, licenceConfirmed: false }).expect(422)).body.rule).toBe('LICENCE_NOT_CONFIRMED');

    const booked = await post(jnovak, '/api/v1/bookings', trip).expect(201);
    const booking: BookingInfo = booked.body;
    expect(booking).toMatchObject({ shared: true, destination: 'Jablonec nad Nisou', freeSeats: 4 });

    // Colleagues see the trip (destination, free seats) and join; the driver is notified.
    const shared = await triha.agent.get('/api/v1/bookings/shared-trips').expect(200);
    expect(shared.body.items).toEqual([expect.objectContaining({ bookingId: booking.id, destination: 'Jablonec nad Nisou', freeSeats: 4, joined: false, driver: expect.objectContaining({ displayName: 'Jan Novák' }) })]);
    expect((await post(triha, `/api/v1/bookings/${booking.id}/join`, {}).expect(200)).body).toMatchObject({ freeSeats: 3, joined: true });
    expect((await post(pstastny, `/api/v1/bookings/${booking.id}/join`, {}).expect(200)).body).toMatchObject({ freeSeats: 2, joined: true });
    await post(jnovak, `/api/v1/bookings/${booking.id}/join`, {}).expect(409);
    const detail = (await jnovak.agent.get(`/api/v1/bookings/${booking.id}`).expect(200)).body as BookingInfo;
    expect(detail.joinedPassengers.map((p) => p.displayName)).toEqual(['Tomáš Říha', 'Petr Šťastný']);
    // In-app and e-mail come through the outbox (effects.notify): the in-app rows exist once the e-mails went out.
    await eventually(async () => (smtp.mails.filter((m) => m.to.includes('jan.novak@demo.kraj-lbc.cz') && m.subject.includes('spolucestujícího')).length === 2 ? true : undefined), 15_000, 'driver e-mails');
    // Ordered by the joins' commits (the outbox rows): the worker may carry the two notices out in either order.
    const notes: Array<{ message_cs: string }> = await db.query(
      `SELECT n.message_cs FROM notifications n JOIN users u ON u.id = n.user_id JOIN outbox o ON o.id = n.effect_id WHERE u.username = 'jnovak' AND n.template = 'booking.joined' ORDER BY o.created_at`,
    );
    expect(notes.map((n) => n.message_cs)).toEqual([expect.stringContaining('Tomáš Říha se přidal(a) k vaší jízdě'), expect.stringContaining('Petr Šťastný se přidal(a)')]);

    // Taken: key handover and return (time and odometer); the return writes the logbook entry.
    const departed = new Date(Date.now() - 3 * 3600_000);
    const arrived = new Date(Date.now() - 2 * 3600_000);
    await post(jnovak, `/api/v1/bookings/${booking.id}/key-return`, { odometerKm: 12_600 }).expect(422);
    await post(jnovak, `/api/v1/bookings/${booking.id}/key-handover`, { odometerKm: 12_500, at: departed.toISOString() }).expect(422);
    const handed = await post(jnovak, `/api/v1/bookings/${booking.id}/key-handover`, { odometerKm: 12_530, at: departed.toISOString() }).expect(200);
    expect(handed.body).toMatchObject({ keyOdometerStart: 12_530, keyHandedAt: departed.toISOString() });
    const returned = await post(jnovak, `/api/v1/bookings/${booking.id}/key-return`, { odometerKm: 12_578, at: arrived.toISOString(), startPlace: 'Liberec, U Jezu 642/2a', endPlace: 'Jablonec nad Nisou a zpět' }).expect(200);
    expect(returned.body.booking).toMatchObject({ keyOdometerEnd: 12_578, keyReturnedAt: arrived.toISOString() });
    expect(returned.body.trip).toMatchObject({ bookingId: booking.id, km: 48, continuityGapKm: 0, odometerStart: 12_530, odometerEnd: 12_578, purpose: 'Jednání na magistrátu' });

    // Somebody drove 32 km without logging it: the fleet manager's next entry starts at 12 610, flagged as a gap.
    const gapTrip = await post(fleet, `/api/v1/resources/${car}/trips`, {
      driverId: await userId(db, 'triha'),
      departedAt: new Date(Date.now() - 90 * 60_000).toISOString(),
      arrivedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      startPlace: 'Jablonec nad Nisou',
      endPlace: 'Liberec',
      purpose: 'Převoz spisů',
      odometerStart: 12_610,
      odometerEnd: 12_640,
    }).expect(201);
    expect(gapTrip.body).toMatchObject({ km: 30, continuityGapKm: 32 });

    const month = toPragueWallClock(departed).date.slice(0, 7);
    const xlsx = await fleet.agent.get(`/api/v1/resources/${car}/trips/export?month=${month}&format=xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    // exceljs declares its own `Buffer` type; the bytes are a Node Buffer either way.
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet('Kniha jízd');
    if (!ws) throw new Error('worksheet missing');
    const values: unknown[][] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(String(values[0][0])).toBe('Kniha jízd – Škoda Enyaq iV 8L4 0211 (8L4 0211)');
    const header = values.findIndex((r) => r[0] === 'Datum');
    expect(values[header]).toEqual(['Datum', 'Řidič', 'Odjezd', 'Příjezd', 'Odkud', 'Kam', 'Účel jízdy', 'Tachometr odjezd', 'Tachometr příjezd', 'Ujeto km', 'Kontinuita']);
    const rows = values.slice(header + 1, header + 3);
    expect(rows[0].slice(1, 10)).toEqual(['Jan Novák', expect.stringMatching(/^\d\d:\d\d$/), expect.any(String), 'Liberec, U Jezu 642/2a', 'Jablonec nad Nisou a zpět', 'Jednání na magistrátu', 12_530, 12_578, 48]);
    expect(rows[0][10] ?? '').toBe('');
    expect(rows[1].slice(1, 11)).toEqual(['Tomáš Říha', expect.any(String), expect.any(String), 'Jablonec nad Nisou', 'Liberec', 'Převoz spisů', 12_610, 12_640, 30, 'MEZERA 32 km']);
    expect(values[header + 3].slice(0, 10)).toEqual(['Celkem', '', '', '', '', '', '', '', '', 78]);

    const pdf = await fleet.agent.get(`/api/v1/resources/${car}/trips/export?month=${month}&format=pdf`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'logbook-')), 'kniha.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Kniha jízd – Škoda Enyaq iV 8L4 0211');
    expect(text).toContain('SPZ: 8L4 0211');
    expect(text).toMatch(/Jan Novák.*Liberec, U Jezu 642\/2a.*12 530\s+12 578\s+48/);
    expect(text).toMatch(/Tomáš Říha.*Převoz spisů\s+12 610\s+12 640\s+30\s+MEZERA 32 km/);
    expect(text).toMatch(/Celkem\s+78/);
    expect(text).toContain('Nenavazující stav tachometru: 1× (celkem 32 km nezapsáno)');

    // The driver's own export lists only their trips (no other driver's data).
    const csv = await jnovak.agent.get(`/api/v1/resources/${car}/trips/export?month=${month}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';Jan Novák;');
    expect(lines[1]).toContain(';12530;12578;48;');
    await jnovak.agent.get(`/api/v1/resources/${car}/trips/export?month=2026-13&format=pdf`).expect(400);
  });

  it('a room booking not checked in within 15 minutes is released by the delayed job, with a notification', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const room = await resourceId('konzultacni-c03');
    const idle: BookingInfo = (await post(jnovak, '/api/v1/bookings', { resourceId: room, title: 'Nikdo nepřišel', start: minutesFromNow(5), end: minutesFromNow(65) }).expect(201)).body;
    const used: BookingInfo = (await post(jnovak, '/api/v1/bookings', { resourceId: await resourceId('zasedacka-201'), title: 'Konzultace', start: minutesFromNow(70), end: minutesFromNow(130) }).expect(201)).body;
    const queue = app.get(JobProducer).queue('housekeeping');
    const job = await queue.getJob(`no-show-${idle.id}-${Date.parse(idle.start)}`);
    expect(job && (await job.getState())).toBe('delayed');
    expect(job?.opts.delay).toBeGreaterThan(19 * 60_000);
    expect(job?.opts.delay).toBeLessThanOrEqual(20 * 60_000);
    // Check-in opens 15 minutes before the start.
    expect((await post(jnovak, `/api/v1/bookings/${used.id}/check-in`, {}).expect(422)).body.rule).toBe('CHECK_IN_CLOSED');

    // Time passes: both started 20 minutes ago; one was checked into.
    await db.query(`UPDATE bookings SET during = tstzrange(now() - interval '20 minutes', now() + interval '40 minutes'), blocked = tstzrange(now() - interval '20 minutes', now() + interval '40 minutes') WHERE id = $1`, [idle.id]);
    await db.query(`UPDATE bookings SET during = tstzrange(now() - interval '20 minutes', now() + interval '30 minutes'), blocked = tstzrange(now() - interval '20 minutes', now() + interval '30 minutes') WHERE id = $1`, [used.id]);
    expect((await post(jnovak, `/api/v1/bookings/${used.id}/check-in`, {}).expect(200)).body.checkedInAt).toEqual(expect.any(String));
    await job?.promote();
    await app.get(JobProducer).enqueue('booking.release-no-show', { bookingId: used.id }, { jobId: `no-show-test-${used.id}` });

    const released = await eventually(async () => {
      const [b] = await db.query(`SELECT status, released_at FROM bookings WHERE id = $1`, [idle.id]);
      return b.status === 'cancelled' ? b : undefined;
    }, 15_000, 'released booking');
    expect(released.released_at).toBeInstanceOf(Date);
    await eventually(async () => ((await queue.getJob(`no-show-test-${used.id}`))?.finishedOn ? true : undefined), 15_000, 'second job done');
    expect((await db.query(`SELECT status FROM bookings WHERE id = $1`, [used.id]))[0].status).toBe('confirmed');
    // The notice comes through the outbox (effects.notify) once the release committed.
    const notes = await eventually(
      async () => {
        const rows: Array<{ message_cs: string }> = await db.query(`SELECT message_cs FROM notifications WHERE template = 'booking.released'`);
        return rows.length > 0 ? rows : undefined;
      },
      15_000,
      'release notice',
    );
    expect(notes).toEqual([{ message_cs: expect.stringContaining('byla uvolněna') }]);
    expect(await db.query(`SELECT object_id FROM audit_log WHERE action = 'booking.release'`)).toEqual([{ object_id: idle.id }]);
    // The room is free again for someone else.
    const triha = await loginAs(app, 'triha');
    await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Volná místnost', start: minutesFromNow(1), end: minutesFromNow(30) }).expect(201);
  });

  it('iCal: a tokenised feed per user and per resource, and an .ics attachment in the confirmation e-mail', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    const room = await resourceId('zasedacka-a212');
    const day = nextWeekday(5, 1);
    const booking: BookingInfo = (await post(jnovak, '/api/v1/bookings', { resourceId: room, title: 'Porada; rozpočet, 2027', start: at(day, 13), end: at(day, 14, 30) }).expect(201)).body;

    const feed = (await post(jnovak, '/api/v1/booking-feeds', {}).expect(200)).body;
    expect(feed.url).toMatch(/^\/api\/v1\/booking-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await post(jnovak, '/api/v1/booking-feeds', {}).expect(200)).body.url).toBe(feed.url);
    const ics = await request(app.getHttpServer()).get(feed.url).expect(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.text).toContain(`UID:${booking.id}@agendy\r\n`);
    expect(ics.text).toContain(`DTSTART:${booking.start.replace(/[-:]/g, '').replace('.000', '')}\r\n`);
    expect(ics.text).toContain('SUMMARY:Porada\\; rozpočet\\, 2027 – Zasedací místnost A2.12');

    // Another employee's feed of the room shows the slot as busy, never the title.
    const roomFeed = (await post(triha, '/api/v1/booking-feeds', { resourceId: room }).expect(200)).body;
    const roomIcs = await request(app.getHttpServer()).get(roomFeed.url).expect(200);
    expect(roomIcs.text).toContain('SUMMARY:Obsazeno – Zasedací místnost A2.12');
    expect(roomIcs.text).not.toContain('rozpočet');

    await request(app.getHttpServer()).get('/api/v1/booking-feeds/' + 'x'.repeat(43) + '.ics').expect(404);

    // At rest only the token's hash and a sealed copy: no row holds a usable URL in clear.
    const token = feed.url.replace(/^.*\//, '').replace(/\.ics$/, '');
    const stored: Array<{ row: string }> = await db.query(`SELECT t::text AS row FROM booking_feed_tokens t`);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const { row } of stored) expect(row).not.toContain(token);
    // A row from before sealing (plain token) still serves its calendar and is sealed on first use.
    const legacy = 'L'.repeat(43);
    await db.query(
      `INSERT INTO booking_feed_tokens (token, token_hash, user_id, resource_id) SELECT $1, sha256(convert_to($1, 'UTF8')), id, $2 FROM users WHERE username = 'jnovak'`,
      [legacy, room],
    );
    expect((await request(app.getHttpServer()).get(`/api/v1/booking-feeds/${legacy}.ics`).expect(200)).text).toContain(`UID:${booking.id}@agendy`);
    expect(await db.query(`SELECT token, token_sealed LIKE 'sealed:%' AS sealed FROM booking_feed_tokens WHERE resource_id = $1 AND user_id = $2`, [room, booking.owner.id])).toEqual([
      { token: null, sealed: true },
    ]);
    expect((await jnovak.agent.get('/api/v1/booking-feeds').expect(200)).body.items).toContainEqual(expect.objectContaining({ url: `/api/v1/booking-feeds/${legacy}.ics`, resourceId: room }));

    await post(jnovak, '/api/v1/booking-feeds/revoke', {}).expect(204);
    await request(app.getHttpServer()).get(feed.url).expect(404);

    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('jan.novak@demo.kraj-lbc.cz') && m.subject.includes('Potvrzení rezervace')), 15_000, 'confirmation e-mail');
    expect(mail.subject).toContain('Zasedací místnost A2.12');
    const boundary = /boundary="?([^";\r\n]+)"?/.exec(mail.raw)?.[1];
    expect(boundary).toBeDefined();
    const part = mail.raw.split(`--${boundary}`).find((p) => /Content-Type: text\/calendar/i.test(p));
    expect(part).toBeDefined();
    expect(part).toMatch(/filename="?rezervace\.ics/);
    const attached = decodePart((part as string).replace(/^\r\n/, ''));
    expect(attached).toContain('BEGIN:VCALENDAR');
    expect(attached).toContain(`UID:${booking.id}@agendy`);
  });
});
