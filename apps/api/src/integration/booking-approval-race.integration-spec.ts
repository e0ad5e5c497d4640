import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@agendy/server/feature-audit';
import { HOLD_TTL_MS, releaseStaleHolds, seedDemoResources } from '@agendy/server/feature-booking';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { createTestUser, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { addDays, isoDayOfWeek, pragueLocalToInstant, toPragueDate, type LocalDate } from '@agendy/shared/util';
import { createApiApp } from '../app/create-app';

/**
 * Issue 18: racing bookings of a resource that needs approval. 200 racing bookings of a hall made
 * one booking but left 160 room-booking requests created and immediately cancelled in people's
 * "Moje žádosti". The database (the bookings' exclusion constraint) must decide the race before
 * any request exists: the losers get the same 409 BOOKING_CONFLICT as for rooms without approval,
 * and no request, history, audit or outbox row of theirs is left behind.
 *
 * Not timing-dependent: every request is sent at once and the assertions only count outcomes,
 * which are the same whichever request wins.
 */
const DAY_MS = 86_400_000;

function futureDay(daysAhead: number, isoDow = 3): LocalDate {
  let d = toPragueDate(new Date(Date.now() + daysAhead * DAY_MS));
  while (isoDayOfWeek(d) !== isoDow) d = addDays(d, 1);
  return d;
}
const at = (date: LocalDate, h: number, m = 0) => pragueLocalToInstant(date, h, m).toISOString();

const ROOM_RACERS = 200;
const CAR_RACERS = 60;
/** Bookers: distinct people, so "nothing in the losers' Moje žádosti" is checked for many accounts. */
const PEOPLE = 10;

interface Person {
  username: string;
  id: string;
  session: LoggedInAgent;
}

describe('booking a resource that needs approval under a race (issue 18)', () => {
  let app: INestApplication;
  let db: DataSource;
  let people: Person[];
  let resources: Record<string, string>;

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
    resources = Object.fromEntries(((await db.query(`SELECT code, id FROM resources`)) as Array<{ code: string; id: string }>).map((r) => [r.code, r.id]));
    people = [];
    for (let i = 0; i < PEOPLE; i++) {
      const username = `racer${i}`;
      const id = await createTestUser(db, { username, displayName: `Závodník ${i}` });
      const session = await loginAs(app, username);
      // Car bookings need a valid licence and driver training on record.
      await session.agent.put('/api/v1/driver-licence').set('X-XSRF-TOKEN', session.xsrf).send({ licenceValidUntil: '2035-01-01', trainingValidUntil: '2030-01-01' }).expect(200);
      people.push({ username, id, session });
    }
  });

  const book = (p: Person, body: object) => p.session.agent.post('/api/v1/bookings').set('X-XSRF-TOKEN', p.session.xsrf).send(body);

  /** Sends `n` bookings of the same slot at once, spread over the people; returns who sent which answer. */
  async function race(n: number, body: object): Promise<Array<{ person: Person; status: number; body: Record<string, unknown>; contentType: string }>> {
    const answers = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const person = people[i % people.length];
        const res = await book(person, body);
        return { person, status: res.status, body: res.body as Record<string, unknown>, contentType: String(res.headers['content-type'] ?? '') };
      }),
    );
    return answers;
  }

  /** Exactly one pending booking and one request; every loser a clean 409; nothing of the losers left anywhere. */
  async function expectOneWinner(answers: Awaited<ReturnType<typeof race>>, resourceId: string, agenda: string, expectedState: string): Promise<void> {
    const statuses = answers.map((a) => a.status);
    const unexpected = answers.filter((a) => a.status !== 202 && a.status !== 409);
    expect(unexpected.map((a) => ({ status: a.status, body: a.body }))).toEqual([]);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(answers.length - 1);

    const winner = answers.find((a) => a.status === 202);
    if (!winner) throw new Error('no winner');
    expect(winner.body).toMatchObject({ status: 'pending', requestId: expect.any(String), resourceId });
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.contentType).toMatch(/^application\/problem\+json/);
      // The same conflict answer as for resources without approval.
      expect(loser.body).toMatchObject({ code: 'BOOKING_CONFLICT', status: 409, conflict: { start: winner.body['start'], end: winner.body['end'] } });
    }

    // The database holds one booking (no cancelled leftovers) and one request, which is not cancelled.
    const bookings: Array<{ id: string; status: string; request_id: string | null }> = await db.query(`SELECT id, status, request_id FROM bookings WHERE resource_id = $1`, [resourceId]);
    expect(bookings).toEqual([{ id: winner.body['id'], status: 'pending', request_id: winner.body['requestId'] }]);
    const requests: Array<{ id: string; state: string; filer_id: string }> = await db.query(`SELECT id, state, filer_id FROM requests WHERE agenda_code = $1`, [agenda]);
    expect(requests).toEqual([{ id: winner.body['requestId'], state: expectedState, filer_id: winner.person.id }]);
    const [{ cancelled }] = await db.query(`SELECT count(*)::int AS cancelled FROM requests WHERE state = 'cancelled' OR final`);
    expect(cancelled).toBe(0);

    // No history, outbox, task or audit row of a losing attempt.
    const [{ strayHistory }] = await db.query(`SELECT count(*)::int AS "strayHistory" FROM request_history WHERE request_id <> $1`, [winner.body['requestId']]);
    expect(strayHistory).toBe(0);
    const [{ strayOutbox }] = await db.query(`SELECT count(*)::int AS "strayOutbox" FROM outbox WHERE request_id IS DISTINCT FROM $1`, [winner.body['requestId']]);
    expect(strayOutbox).toBe(0);
    const audit: Array<{ action: string; object_type: string; object_id: string }> = await db.query(
      `SELECT action, object_type, object_id FROM audit_log WHERE object_type IN ('request', 'booking') ORDER BY seq`,
    );
    expect(audit.every((a) => a.object_id === winner.body['requestId'] || a.object_id === winner.body['id'])).toBe(true);
    expect(audit.filter((a) => a.object_type === 'request' && a.action === 'request.create')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'booking.cancel' || a.action === 'booking.conflict')).toEqual([]);

    // "Moje žádosti" of every person: the winner sees their one request, everybody else nothing.
    for (const p of people) {
      const mine = await p.session.agent.get('/api/v1/requests').expect(200);
      const ids = (mine.body.items as Array<{ id: string }>).map((r) => r.id);
      expect({ who: p.username, ids }).toEqual({ who: p.username, ids: p === winner.person ? [winner.body['requestId']] : [] });
    }
  }

  it(`${ROOM_RACERS} concurrent bookings of the same slot of a hall that needs approval: one booking, one request, ${ROOM_RACERS - 1} × 409 and nothing else`, async () => {
    const day = futureDay(20);
    const answers = await race(ROOM_RACERS, { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 12), attendees: 80 });
    await expectOneWinner(answers, resources['velky-sal'], 'room-booking', 'approval');
  });

  it(`${CAR_RACERS} concurrent bookings of the same trip of a car that needs approval: one booking, one request, ${CAR_RACERS - 1} × 409 and nothing else`, async () => {
    const day = futureDay(10);
    const answers = await race(CAR_RACERS, {
      resourceId: resources['9L00777'],
      title: 'Výjezd na stavbu',
      start: at(day, 8),
      end: at(day, 14),
      destination: 'Jablonec nad Nisou',
      purpose: 'Kontrola stavby',
      passengers: 3,
      licenceConfirmed: true,
    });
    await expectOneWinner(answers, resources['9L00777'], 'service-car-booking', 'approval');
  });

  it('what the agenda refuses is refused before the slot is held: no booking, no request', async () => {
    const day = futureDay(20);
    // The hall seats 120: the agenda's capacity rule refuses 200 attendees.
    const res = await book(people[0], { resourceId: resources['velky-sal'], title: 'Příliš velká akce', start: at(day, 9), end: at(day, 12), attendees: 200 }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ pointer: '/attendees' })] });
    expect(await db.query(`SELECT id FROM bookings`)).toEqual([]);
    expect(await db.query(`SELECT id FROM requests`)).toEqual([]);
    // The slot is free for the next one.
    await book(people[1], { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 12), attendees: 100 }).expect(202);
  });

  it('a first step refused after the hold: the hold is released and the draft cancelled, the slot is free again', async () => {
    const day = futureDay(20);
    const runtime = app.get(RequestRuntime);
    // Stands for a refusal only a race can cause here (the agenda republished between the pre-check and the step).
    const refused = jest.spyOn(runtime, 'applyIn').mockResolvedValueOnce({ ok: false, rejection: { code: 'WRONG_STATE', message: { cs: 'Nelze.', en: 'Not possible.' } } });
    try {
      const res = await book(people[0], { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 12), attendees: 50 }).expect(409);
      expect(res.body).toMatchObject({ code: 'WRONG_STATE' });
    } finally {
      refused.mockRestore();
    }
    const [booking] = await db.query(`SELECT id, status, request_id FROM bookings`);
    expect(booking).toMatchObject({ status: 'cancelled', request_id: null });
    expect(await db.query(`SELECT action, details->>'reason' AS reason FROM audit_log WHERE object_id = $1 ORDER BY seq`, [booking.id])).toEqual([
      { action: 'booking.create', reason: null },
      { action: 'booking.cancel', reason: 'request-refused' },
    ]);
    expect(await db.query(`SELECT state FROM requests`)).toEqual([{ state: 'cancelled' }]);
    await book(people[1], { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 12), attendees: 50 }).expect(202);
  });

  it('a hold whose filing died (pending, no request) is released by the sweep once older than HOLD_TTL_MS; a fresh one is kept', async () => {
    const day = futureDay(20);
    const insertHold = async (h: number, ageMs: number) =>
      (
        await db.query(
          `INSERT INTO bookings (resource_id, owner_id, title, during, blocked, status, created_at)
           VALUES ($1, $2, 'Rozpracovaná', tstzrange($3, $4, '[)'), tstzrange($3, $4, '[)'), 'pending', now() - make_interval(secs => $5)) RETURNING id`,
          [resources['velky-sal'], people[0].id, at(day, h), at(day, h + 1), ageMs / 1000],
        )
      )[0].id as string;
    const stale = await insertHold(9, HOLD_TTL_MS + 60_000);
    const fresh = await insertHold(13, 1_000);
    // While held, the slot answers 409 like any booking.
    await book(people[1], { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 10), attendees: 50 }).expect(409);

    const audit = app.get(AuditWriter);
    const released = await db.transaction((em) => releaseStaleHolds(em, audit));
    expect(released).toEqual([stale]);
    const rows: Array<{ id: string; status: string }> = await db.query(`SELECT id, status FROM bookings ORDER BY lower(during)`);
    expect(rows).toEqual([
      { id: stale, status: 'cancelled' },
      { id: fresh, status: 'pending' },
    ]);
    expect(await db.query(`SELECT action, details->>'reason' AS reason FROM audit_log WHERE object_id = $1`, [stale])).toEqual([{ action: 'booking.cancel', reason: 'hold-expired' }]);
    await book(people[1], { resourceId: resources['velky-sal'], title: 'Konference', start: at(day, 9), end: at(day, 10), attendees: 50 }).expect(202);
  });
});
