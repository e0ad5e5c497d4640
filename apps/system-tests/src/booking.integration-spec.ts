import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingApprovalSweep, seedDemoResources } from '@agendy/server/feature-booking';
import { createTestUser, eventually, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { addDays, isoDayOfWeek, pragueLocalToInstant, toPragueDate, type LocalDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from './support/system';

function futureWednesday(daysAhead: number): LocalDate {
  let d = toPragueDate(new Date(Date.now() + daysAhead * 86_400_000));
  while (isoDayOfWeek(d) !== 3) d = addDays(d, 1);
  return d;
}
const at = (date: LocalDate, h: number, m = 0) => pragueLocalToInstant(date, h, m).toISOString();

/** The engine's createBooking/cancelBooking effects carried out by the worker (room agenda, approvals). */
describe('booking effects (api + worker + PostgreSQL + Redis)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    BookingApprovalSweep.intervalMs = 200;
    system = await startSystem();
    ({ app, db } = system);
  });
  afterAll(() => system.stop());
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    await seedDemoResources(db);
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const step = async (a: LoggedInAgent, id: string, transition: string, extra: Record<string, unknown> = {}) => {
    const current = await a.agent.get(`/api/v1/requests/${id}`).expect(200);
    const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: current.body.version, ...extra });
    if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const bookingsOf = (requestId: string) =>
    db.query(`SELECT id, status, lower(during) AS start, upper(during) AS "end", booking_key FROM bookings WHERE request_id = $1 ORDER BY created_at`, [requestId]) as Promise<
      Array<{ id: string; status: string; start: Date; end: Date; booking_key: string }>
    >;

  it('a hall request books the hall as pending, approval confirms it, a re-booking replaces it, rejection cancels it', async () => {
    await createTestUser(db, { username: 'fm.kralova', displayName: 'Marie Králová', groups: ['KULK-OSM-Spravci'] });
    const jnovak = await loginAs(app, 'jnovak');
    const fm = await loginAs(app, 'fm.kralova');
    const day = futureWednesday(20);
    const data = { room: 'velky-sal', title: 'Krajská konference', start: at(day, 9), end: at(day, 12), attendees: 90 };

    const created = await post(jnovak, '/api/v1/requests', { agenda: 'room-booking', data }).expect(201);
    const id: string = created.body.id;
    await step(jnovak, id, 'book');
    const pending = await eventually(async () => (await bookingsOf(id)).find((b) => b.status === 'pending'), 15_000, 'pending booking');
    expect(pending.start.toISOString()).toBe(at(day, 9));
    expect(pending.booking_key).toBe(`${id}/room`);
    // The hall is held: a direct booking collides.
    const hall = (await db.query(`SELECT id FROM resources WHERE code = 'velky-sal'`))[0].id;
    const direct = await post(fm, '/api/v1/bookings', { resourceId: hall, title: 'Jiná akce', start: at(day, 11), end: at(day, 13) }).expect(409);
    expect(direct.body.conflict).toMatchObject({ start: at(day, 9), end: at(day, 12), owner: { displayName: 'Jan Novák' } });

    await step(fm, id, 'approve');
    // The worker's sweep confirms it (nobody reads it meanwhile).
    await eventually(async () => ((await bookingsOf(id)).find((b) => b.id === pending.id && b.status === 'confirmed') ? true : undefined), 15_000, 'confirmed booking');
    // The owner learns that the hall is confirmed (in-app; the e-mail carries the .ics) — through the outbox, like every notification.
    const confirmedNotes = await eventually(
      async () => {
        const rows: Array<{ message_cs: string }> = await db.query(`SELECT message_cs FROM notifications WHERE template = 'booking.confirmed' AND effect_id LIKE $1`, [`booking/${pending.id}/%`]);
        return rows.length > 0 ? rows : undefined;
      },
      15_000,
      'confirmation notice',
    );
    expect(confirmedNotes).toEqual([{ message_cs: expect.stringContaining('Rezervace schválena a potvrzena: Velký sál') }]);

    // A new time: the agenda re-books (cancel old + create new, in whatever order the jobs run) and asks for approval again.
    await step(jnovak, id, 'change', { data: { start: at(day, 10), end: at(day, 13) } });
    const rebooked = await eventually(
      async () => {
        const rows = await bookingsOf(id);
        const active = rows.filter((b) => b.status !== 'cancelled');
        return rows.length === 2 && active.length === 1 && active[0].start.toISOString() === at(day, 10) ? active[0] : undefined;
      },
      15_000,
      're-booking',
    );
    expect(rebooked.status).toBe('pending');

    await step(fm, id, 'reject', { comment: 'Sál je vyhrazen pro zastupitelstvo.' });
    await eventually(async () => ((await bookingsOf(id)).every((b) => b.status === 'cancelled') ? true : undefined), 15_000, 'cancelled bookings');
    // Every effect ran exactly once, and the slot is free again.
    const outbox: Array<{ process_count: number }> = await db.query(`SELECT process_count FROM outbox WHERE request_id = $1 AND effect->>'type' IN ('createBooking', 'cancelBooking')`, [id]);
    expect(outbox.length).toBeGreaterThanOrEqual(4);
    expect(outbox.every((o) => o.process_count === 1)).toBe(true);
    await post(fm, '/api/v1/bookings', { resourceId: hall, title: 'Jiná akce', start: at(day, 11), end: at(day, 13) }).expect(201);
  });

  it('a request whose slot was taken meanwhile is recorded as a conflict, not booked twice', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const triha = await loginAs(app, 'triha');
    const day = futureWednesday(20);
    const room = (await db.query(`SELECT id FROM resources WHERE code = 'zasedacka-a212'`))[0].id;
    await post(triha, '/api/v1/bookings', { resourceId: room, title: 'Porada', start: at(day, 9), end: at(day, 10) }).expect(201);
    const created = await post(jnovak, '/api/v1/requests', { agenda: 'room-booking', data: { room: 'zasedacka-a212', title: 'Školení', start: at(day, 9, 30), end: at(day, 11), attendees: 8 } }).expect(201);
    await step(jnovak, created.body.id, 'book');
    await eventually(
      async () => ((await db.query(`SELECT 1 FROM audit_log WHERE action = 'booking.conflict' AND object_id = $1`, [created.body.id])).length > 0 ? true : undefined),
      15_000,
      'conflict recorded',
    );
    expect(await bookingsOf(created.body.id)).toEqual([]);
  });
});
