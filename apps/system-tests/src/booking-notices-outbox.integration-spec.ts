import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BookingInfo } from '@agendy/shared/contracts';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { NotifyHandler } from '@agendy/server/feature-notifications';
import { JobProducer } from '@agendy/server/queue';
import { eventually, freePort, loadShippedAgendas, loginAs, PrivateRedis, seedDemoOffice, startTestSmtp, truncateAll } from '@agendy/server/testing';
import { addDays, isoDayOfWeek, pragueLocalToInstant, toPragueDate, type LocalDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from './support/system';

function nextMonday(daysAhead: number): LocalDate {
  let d = toPragueDate(new Date(Date.now() + daysAhead * 86_400_000));
  while (isoDayOfWeek(d) !== 1) d = addDays(d, 1);
  return d;
}
const at = (date: LocalDate, h: number) => pragueLocalToInstant(date, h, 0).toISOString();

/** The decoded body of the MIME part whose Content-Type matches. */
function mimePart(raw: string, contentType: RegExp): string | undefined {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)?.[1];
  const part = boundary ? raw.split(`--${boundary}`).find((p) => contentType.test(p.split(/\r\n\r\n/)[0])) : undefined;
  if (!part) return undefined;
  const [headers, ...rest] = part.replace(/^\r\n/, '').split(/\r\n\r\n/);
  const body = rest.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_a, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/**
 * Booking's notices take the outbox road (issue 19): the confirmation is an outbox row committed
 * with the booking, so Redis being down at that moment delays the e-mail but never loses or
 * doubles it. Redis runs on its own port (never the shared one) and comes back empty.
 */
describe('booking notices: a confirmation committed while Redis is down', () => {
  const redis = new PrivateRedis(0);
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let system: RunningSystem | undefined;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    Object.assign(redis, { port: await freePort() });
    await redis.start();
    smtp = await startTestSmtp();
    system = await startSystem({ REDIS_URL: redis.url, SMTP_URL: smtp.url, OUTBOX_REDELIVER_SECONDS: '2' });
    ({ app, db } = system);
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    await seedDemoResources(db);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await redis.stop();
    await smtp?.close();
  });

  it('is mailed exactly once, with its .ics, after Redis returns; the outbox row is processed once', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const [{ id: room }]: Array<{ id: string }> = await db.query(`SELECT id FROM resources WHERE code = 'zasedacka-a212'`);
    const day = nextMonday(7);

    await redis.stop();
    const res = await jnovak.agent.post('/api/v1/bookings').set('X-XSRF-TOKEN', jnovak.xsrf).send({ resourceId: room, title: 'Porada odboru', start: at(day, 10), end: at(day, 11) });
    expect(res.status).toBe(201);
    const booking = res.body as BookingInfo;
    const outboxId = `booking/${booking.id}/confirmed/1`;

    // Committed with the booking as a notify effect of no request; the relay tried, Redis refused, the row waits.
    const [row]: Array<{ request_id: string | null; effect_type: string; job: string; processed_at: Date | null; effect: Record<string, unknown> }> = await db.query(
      `SELECT request_id, effect_type, job, processed_at, effect FROM outbox WHERE id = $1`,
      [outboxId],
    );
    expect(row).toMatchObject({ request_id: null, effect_type: 'notify', job: 'effects.notify', processed_at: null });
    expect(row.effect).toMatchObject({ requestId: null, template: 'booking.confirmed', recipients: [{ kind: 'user', userId: booking.owner.id }] });
    await eventually(
      async () => {
        const [r]: Array<{ relay_attempts: number; last_error: string | null }> = await db.query(`SELECT relay_attempts, last_error FROM outbox WHERE id = $1`, [outboxId]);
        return r.relay_attempts > 0 && r.last_error !== null ? true : undefined;
      },
      30_000,
      'a relay attempt refused by Redis',
    );
    expect(await db.query(`SELECT id FROM notifications WHERE effect_id = $1`, [outboxId])).toEqual([]);
    expect(smtp.mails).toEqual([]);

    await redis.start();
    // The worker's poller relays the row (Redis came back empty) and effects.notify carries it out.
    const effects = app.get(JobProducer).queue('effects');
    await eventually(async () => ((await effects.getJob(outboxId))?.finishedOn ? true : undefined), 45_000, 'the notify job finished');
    expect(await (await effects.getJob(outboxId))?.getState()).toBe('completed');

    const [done]: Array<{ process_count: number; processed: boolean }> = await db.query(`SELECT process_count, processed_at IS NOT NULL AS processed FROM outbox WHERE id = $1`, [outboxId]);
    expect(done).toEqual({ process_count: 1, processed: true });
    const notes: Array<{ id: string; username: string; request_id: string | null; template: string; message_cs: string; email_status: string }> = await db.query(
      `SELECT n.id, u.username, n.request_id, n.template, n.message_cs, n.email_status FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.effect_id = $1`,
      [outboxId],
    );
    expect(notes).toEqual([
      { id: expect.any(String), username: 'jnovak', request_id: null, template: 'booking.confirmed', message_cs: expect.stringContaining('Rezervace potvrzena: Zasedací místnost A2.12'), email_status: 'sent' },
    ]);

    // One e-mail, rendered by NotifyHandler with booking's contribution: subject, resource and time, the .ics.
    const mails = smtp.mails.filter((m) => m.to.includes('jan.novak@demo.kraj-lbc.cz'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('[Agendy] Potvrzení rezervace: Zasedací místnost A2.12');
    expect(mail.raw).toContain(`Message-ID: <notification-${notes[0].id}@`);
    const text = mimePart(mail.raw, /Content-Type: text\/plain/i);
    expect(text).toContain('Rezervace potvrzena: Zasedací místnost A2.12');
    expect(text).toContain('Zdroj: Zasedací místnost A2.12');
    expect(text).toContain('Moje rezervace: ');
    expect(mail.raw).toMatch(/filename="?rezervace\.ics/);
    const ics = mimePart(mail.raw, /Content-Type: text\/calendar/i);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`UID:${booking.id}@agendy`);

    // A duplicate delivery of the job (a redelivery, a retry after a crash) changes nothing.
    expect(await system?.worker.get(NotifyHandler).handle({ outboxId })).toBe('already-processed; 0 e-mail(s)');
    expect(smtp.mails.filter((m) => m.to.includes('jan.novak@demo.kraj-lbc.cz'))).toHaveLength(1);
    expect(await db.query(`SELECT process_count FROM outbox WHERE id = $1`, [outboxId])).toEqual([{ process_count: 1 }]);
  }, 120_000);
});
