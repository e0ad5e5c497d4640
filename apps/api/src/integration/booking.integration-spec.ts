import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { createTestUser, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { addDays, isoDayOfWeek, pragueLocalToInstant, toPragueDate, toPragueWallClock, type LocalDate } from '@agendy/shared/util';
import { createApiApp } from '../app/create-app';

const DAY_MS = 86_400_000;

/** The first given ISO weekday at least `daysAhead` days from today (Prague calendar). */
function futureDay(daysAhead: number, isoDow = 3): LocalDate {
  let d = toPragueDate(new Date(Date.now() + daysAhead * DAY_MS));
  while (isoDayOfWeek(d) !== isoDow) d = addDays(d, 1);
  return d;
}
const at = (date: LocalDate, h: number, m = 0) => pragueLocalToInstant(date, h, m).toISOString();

/** The Thursday a week before the next autumn DST change (last Sunday of October) that is at least 30 days away. */
function thursdayBeforeAutumnDst(): LocalDate {
  for (let year = new Date().getUTCFullYear(); ; year++) {
    let sunday = `${year}-10-31`;
    while (isoDayOfWeek(sunday) !== 7) sunday = addDays(sunday, -1);
    const thursday = addDays(sunday, -10);
    if (Date.parse(thursday) > Date.now() + 30 * DAY_MS) return thursday;
  }
}

describe('booking of rooms and cars (api + PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource;
  let jnovak: LoggedInAgent;
  let triha: LoggedInAgent;
  let rooms: Record<string, string>;
  let cars: Record<string, string>;

  beforeAll(async () => {
    app = await createApiApp(testConfig({ DATABASE_POOL_SIZE: '12' }));
    await app.init();
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    await seedDemoResources(db);
    // Far-ahead dates (the DST series) need a wider window than the shipped 365 days.
    await db.query(`
      INSERT INTO booking_rules (resource_type, min_notice_minutes, max_advance_days, min_duration_minutes, max_duration_minutes, buffer_minutes,
                                 business_start_minute, business_end_minute, business_days, max_active_per_user)
      VALUES ('room', 0, 3650, 15, 600, 0, 420, 1200, '{1,2,3,4,5}', 50), ('car', 60, 3650, 30, 4320, 30, NULL, NULL, '{1,2,3,4,5,6,7}', 5)`);
    const byCode = async (type: string) =>
      Object.fromEntries(((await db.query(`SELECT code, id FROM resources WHERE type = $1`, [type])) as Array<{ code: string; id: string }>).map((r) => [r.code, r.id]));
    rooms = await byCode('room');
    cars = await byCode('car');
    jnovak = await loginAs(app, 'jnovak');
    triha = await loginAs(app, 'triha');
    // Car bookings need a valid licence and driver training on record (issue 8).
    for (const driver of [jnovak, triha]) {
      await driver.agent.put('/api/v1/driver-licence').set('X-XSRF-TOKEN', driver.xsrf).send({ licenceValidUntil: '2035-01-01', trainingValidUntil: '2030-01-01' }).expect(200);
    }
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const book = (a: LoggedInAgent, resourceId: string, start: string, end: string, extra: object = {}) => post(a, '/api/v1/bookings', { resourceId, title: 'Porada odboru', start, end, ...extra });

  it('50 concurrent overlapping bookings of one room: exactly one succeeds, 49 get 409 BOOKING_CONFLICT', async () => {
    const day = futureDay(10);
    const agents = [jnovak, triha];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(agents[i % 2], rooms['zasedacka-201'], at(day, 9, i % 30), at(day, 10, i % 30))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = answers.find((r) => r.status === 201)?.body;
    for (const loser of answers.filter((r) => r.status === 409)) {
      expect(loser.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(loser.body).toMatchObject({ code: 'BOOKING_CONFLICT', status: 409, conflict: { start: winner.start, end: winner.end } });
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM bookings WHERE resource_id = $1 AND status <> 'cancelled'`, [rooms['zasedacka-201']]);
    expect(n).toBe(1);
    // The owner is named only to those who may see the booking.
    const other = winner.owner.id === (await db.query(`SELECT id FROM users WHERE username = 'jnovak'`))[0].id ? triha : jnovak;
    const mine = other === triha ? jnovak : triha;
    const hidden = await book(other, rooms['zasedacka-201'], at(day, 9, 15), at(day, 9, 45)).expect(409);
    expect(hidden.body.conflict.owner).toBeUndefined();
    expect(hidden.body.conflict.bookingId).toBeUndefined();
    const shown = await book(mine, rooms['zasedacka-201'], at(day, 9, 15), at(day, 9, 45)).expect(409);
    expect(shown.body.conflict).toMatchObject({ bookingId: winner.id, owner: { id: winner.owner.id } });
  });

  it('adjacent slots both succeed; a car buffer blocks the next 30 minutes; cancel frees the slot', async () => {
    const day = futureDay(12);
    await book(jnovak, rooms['maly-sal'], at(day, 9), at(day, 10)).expect(201);
    await book(triha, rooms['maly-sal'], at(day, 10), at(day, 11)).expect(201);

    const car = cars['7L12345'];
    const trip = { destination: 'Jablonec nad Nisou', licenceConfirmed: true, passengers: 2 };
    const first = await book(jnovak, car, at(day, 8), at(day, 12), trip).expect(201);
    expect(first.body).toMatchObject({ status: 'confirmed', destination: 'Jablonec nad Nisou', passengers: 2, blockedUntil: at(day, 12, 30) });
    const inBuffer = await book(triha, car, at(day, 12, 15), at(day, 14), trip).expect(409);
    expect(inBuffer.body.conflict).toEqual({ start: at(day, 8), end: at(day, 12) });
    await book(triha, car, at(day, 12, 30), at(day, 14), trip).expect(201);
    // A booking ending inside someone's start + its own buffer collides as well.
    await book(triha, car, at(day, 6), at(day, 7, 45), trip).expect(409);
    await book(triha, car, at(day, 6), at(day, 7, 30), trip).expect(201);

    // Cancel frees the slot; a stranger can neither see nor cancel it.
    expect((await post(triha, `/api/v1/bookings/${first.body.id}/cancel`, {})).status).toBe(404);
    expect((await triha.agent.get(`/api/v1/bookings/${first.body.id}`)).status).toBe(404);
    const cancelled = await post(jnovak, `/api/v1/bookings/${first.body.id}/cancel`, {}).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await book(triha, car, at(day, 8), at(day, 12), trip).expect(201);
  });

  it('enforces booking rules with Czech and English messages', async () => {
    const saturday = futureDay(10, 6);
    const res = await book(jnovak, rooms['zasedacka-201'], at(saturday, 9), at(saturday, 10)).expect(422);
    expect(res.body).toMatchObject({ code: 'GUARD_FAILED', rule: 'BOOKING_OUTSIDE_HOURS' });
    expect(res.body.errors[0].message).toEqual({ cs: expect.stringContaining('pracovní dny'), en: expect.stringContaining('weekdays') });
    const day = futureDay(10);
    expect((await book(jnovak, rooms['zasedacka-201'], at(day, 9), at(day, 9, 5)).expect(422)).body.rule).toBe('BOOKING_TOO_SHORT');
    expect((await book(jnovak, rooms['zasedacka-201'], at(addDays(day, -30), 9), at(addDays(day, -30), 10)).expect(422)).body.rule).toBe('BOOKING_TOO_SOON');
    expect((await book(jnovak, cars['7L12346'], at(day, 9), at(day, 10)).expect(422)).body.rule).toBe('LICENCE_NOT_CONFIRMED');
    expect((await book(jnovak, rooms['zasedacka-201'], 'zítra v 9', at(day, 10)).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('a weekly series across the autumn DST change keeps 09:00 local time', async () => {
    const thursday = thursdayBeforeAutumnDst();
    const res = await post(jnovak, '/api/v1/bookings/series', {
      resourceId: rooms['zasedacka-a212'],
      title: 'Porada vedení',
      start: at(thursday, 9),
      end: at(thursday, 10),
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4',
    }).expect(201);
    expect(res.body.created).toHaveLength(4);
    const locals = res.body.created.map((b: { start: string }) => {
      const w = toPragueWallClock(new Date(b.start));
      return [w.hour, w.minute, isoDayOfWeek(w.date)];
    });
    expect(locals).toEqual(Array(4).fill([9, 0, 4]));
    // Two occurrences in summer time (07:00Z), two in winter time (08:00Z).
    expect(res.body.created.map((b: { start: string }) => b.start.slice(11, 16))).toEqual(['07:00', '07:00', '08:00', '08:00']);
  });

  it('series preview lists conflicts; skip books the rest, abort books nothing; one occurrence and the whole series can be changed', async () => {
    const first = futureDay(14, 2);
    const room = rooms['zasedacka-b105'];
    // Two existing bookings in weeks 3 and 7.
    await book(triha, room, at(addDays(first, 14), 9, 30), at(addDays(first, 14), 11)).expect(201);
    await book(triha, room, at(addDays(first, 42), 8), at(addDays(first, 42), 9, 15)).expect(201);
    const series = { resourceId: room, title: 'Týdenní porada', start: at(first, 9), end: at(first, 10), rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=13' };

    const preview = await post(jnovak, '/api/v1/bookings/series/preview', series).expect(200);
    expect(preview.body.occurrences).toHaveLength(13);
    const conflicting = preview.body.occurrences.filter((o: { conflict: unknown }) => o.conflict);
    expect(conflicting.map((o: { start: string }) => o.start)).toEqual([at(addDays(first, 14), 9), at(addDays(first, 42), 9)]);
    expect(conflicting[0].conflict.owner).toBeUndefined();

    const aborted = await post(jnovak, '/api/v1/bookings/series', { ...series, onConflict: 'abort' }).expect(409);
    expect(aborted.body).toMatchObject({ code: 'BOOKING_CONFLICT', conflict: { start: at(addDays(first, 14), 9, 30) } });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM bookings WHERE resource_id = $1`, [room]);
    expect(n).toBe(2);

    const skipped = await post(jnovak, '/api/v1/bookings/series', { ...series, onConflict: 'skip' }).expect(201);
    expect(skipped.body.created).toHaveLength(11);
    expect(skipped.body.skipped.map((o: { start: string }) => o.start)).toEqual([at(addDays(first, 14), 9), at(addDays(first, 42), 9)]);

    // One occurrence moved; the whole series renamed and moved to 13:00 local.
    const one = skipped.body.created[0];
    const moved = await jnovak.agent.patch(`/api/v1/bookings/${one.id}`).set('X-XSRF-TOKEN', jnovak.xsrf).send({ expectedVersion: one.version, start: at(first, 14), end: at(first, 15) }).expect(200);
    expect(moved.body.start).toBe(at(first, 14));
    const whole = await jnovak.agent.patch(`/api/v1/bookings/series/${skipped.body.seriesId}`).set('X-XSRF-TOKEN', jnovak.xsrf).send({ title: 'Porada (nový čas)', startTime: '13:00' }).expect(200);
    const active = whole.body.items.filter((b: { status: string }) => b.status !== 'cancelled');
    expect(active).toHaveLength(11);
    expect(active.every((b: { title: string; start: string }) => b.title === 'Porada (nový čas)' && toPragueWallClock(new Date(b.start)).hour === 13)).toBe(true);
    // Cancelling the series frees every future occurrence.
    const cancelled = await post(jnovak, `/api/v1/bookings/series/${skipped.body.seriesId}/cancel`, {}).expect(200);
    expect(cancelled.body.cancelled).toBe(11);
    await book(triha, room, at(first, 13), at(first, 14)).expect(201);
  });

  it('find a slot: free rooms for 12 people with a projector', async () => {
    const day = futureDay(10, 4);
    await book(triha, rooms['zasedacka-201'], at(day, 13), at(day, 15)).expect(201);
    const res = await jnovak.agent.get('/api/v1/resources/availability').query({ type: 'room', from: at(day, 13), to: at(day, 17), minCapacity: 12, equipment: 'projector' }).expect(200);
    const codes = res.body.items.map((r: { code: string }) => r.code);
    expect(codes).toEqual(['zasedacka-a212', 'maly-sal', 'velky-sal', 'sal-zastupitelstva']);
    expect(codes).not.toContain('zasedacka-201'); // booked
    expect(codes).not.toContain('zasedacka-b105'); // no projector
    expect(codes).not.toContain('konzultacni-c03'); // 4 seats
    // Others see busy slots only: no title, no owner.
    const list = await jnovak.agent.get('/api/v1/bookings').query({ resourceId: rooms['zasedacka-201'], from: at(day, 0), to: at(day, 23) }).expect(200);
    expect(list.body.items).toEqual([{ resourceId: rooms['zasedacka-201'], start: at(day, 13), end: at(day, 15), busy: true }]);
  });

  it('a hall that needs approval: pending (202) through the room agenda, confirmed after the facility manager approves', async () => {
    await createTestUser(db, { username: 'fm.kralova', displayName: 'Marie Králová', groups: ['KULK-OSM-Spravci'] });
    const fm = await loginAs(app, 'fm.kralova');
    const day = futureDay(20);
    const res = await book(jnovak, rooms['velky-sal'], at(day, 9), at(day, 12), { attendees: 80 }).expect(202);
    expect(res.body).toMatchObject({ status: 'pending', requestId: expect.any(String) });
    // The slot is held while pending.
    await book(triha, rooms['velky-sal'], at(day, 10), at(day, 11)).expect(409);

    const request = await fm.agent.get(`/api/v1/requests/${res.body.requestId}`).expect(200);
    expect(request.body.state.id).toBe('approval');
    await post(fm, `/api/v1/requests/${res.body.requestId}/transitions`, { transition: 'approve', expectedVersion: request.body.version }).expect(200);
    const after = await jnovak.agent.get(`/api/v1/bookings/${res.body.id}`).expect(200);
    expect(after.body.status).toBe('confirmed');
    // The facility manager sees the details; audit rows were written for create and confirm.
    expect((await fm.agent.get(`/api/v1/bookings/${res.body.id}`).expect(200)).body.owner.displayName).toBe('Jan Novák');
    const audit: Array<{ action: string }> = await db.query(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY seq`, [res.body.id]);
    // create = the hold that takes the slot, update = linked to its request (issue 18), confirm = approved.
    expect(audit.map((a) => a.action)).toEqual(['booking.create', 'booking.update', 'booking.confirm']);

    // Cancelling the booking cancels its request through the workflow.
    await post(jnovak, `/api/v1/bookings/${res.body.id}/cancel`, {}).expect(200);
    expect((await jnovak.agent.get(`/api/v1/requests/${res.body.requestId}`).expect(200)).body.state.id).toBe('cancelled');
  });

  it('admin CRUD needs a manager role; the trip logbook refuses an odometer going backwards and flags a gap', async () => {
    expect((await post(jnovak, '/api/v1/admin/resources', { type: 'room', code: 'x1', name: 'X', room: { capacity: 3 } })).status).toBe(403);
    await createTestUser(db, { username: 'fleet.benes', displayName: 'Pavel Beneš', groups: ['KULK-OSM-Autoprovoz'] });
    const fleet = await loginAs(app, 'fleet.benes');
    // A fleet manager manages cars only.
    expect((await post(fleet, '/api/v1/admin/resources', { type: 'room', code: 'x1', name: 'X', room: { capacity: 3 } })).status).toBe(403);
    const created = await post(fleet, '/api/v1/admin/resources', {
      type: 'car',
      code: '1L23456',
      name: 'Škoda Octavia 1L2 3456',
      car: { plate: '1L2 3456', model: 'Škoda Octavia', seats: 5, fuel: 'diesel', homeLocation: 'Liberec', odometerKm: 1000, stkDue: '2030-01-31' },
    }).expect(201);
    const carId = created.body.id;
    const updated = await fleet.agent.patch(`/api/v1/admin/resources/${carId}`).set('X-XSRF-TOKEN', fleet.xsrf).send({ expectedVersion: 1, car: { homeLocation: 'Česká Lípa' } }).expect(200);
    expect(updated.body.car).toMatchObject({ homeLocation: 'Česká Lípa', odometerKm: 1000 });

    const day = futureDay(3);
    const booking = await book(jnovak, carId, at(day, 8), at(day, 12), { destination: 'Jablonec', licenceConfirmed: true }).expect(201);
    const trip = { bookingId: booking.body.id, departedAt: at(day, 8), arrivedAt: at(day, 11), startPlace: 'Liberec', endPlace: 'Jablonec nad Nisou', purpose: 'Kontrola stavby' };
    const logged = await post(jnovak, `/api/v1/resources/${carId}/trips`, { ...trip, odometerStart: 1000, odometerEnd: 1042 }).expect(201);
    expect(logged.body).toMatchObject({ km: 42, continuityGapKm: 0, driver: { displayName: 'Jan Novák' } });
    const backwards = await post(jnovak, `/api/v1/resources/${carId}/trips`, { ...trip, odometerStart: 1030, odometerEnd: 1060 }).expect(422);
    expect(backwards.body.rule).toBe('ODOMETER_BACKWARDS');
    const gap = await post(jnovak, `/api/v1/resources/${carId}/trips`, { ...trip, odometerStart: 1050, odometerEnd: 1090 }).expect(201);
    expect(gap.body.continuityGapKm).toBe(8);
    // Someone else's booking cannot be used to log a trip, nor seen.
    expect((await post(triha, `/api/v1/resources/${carId}/trips`, { ...trip, odometerStart: 1090, odometerEnd: 1100 })).status).toBe(404);
    expect((await triha.agent.get(`/api/v1/resources/${carId}/trips`).expect(200)).body.items).toEqual([]);
    expect((await fleet.agent.get(`/api/v1/resources/${carId}/trips`).expect(200)).body.items).toHaveLength(2);
  });
});
