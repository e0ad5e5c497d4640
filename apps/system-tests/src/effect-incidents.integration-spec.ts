import type { INestApplication } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { distinctLeaveDay, eventually, loadShippedAgendas, loginAs, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

/** A real SMTP server that refuses every recipient (451) while `refusing` is set. */
async function switchableSmtp(): Promise<{ url: string; delivered: Array<{ to: string; subject: string }>; refusing: { on: boolean }; close: () => Promise<void> }> {
  const delivered: Array<{ to: string; subject: string }> = [];
  const refusing = { on: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusing.on) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const r of session.envelope.rcptTo) delivered.push({ to: r.address, subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, delivered, refusing, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The whole loop with the real api and worker: an effect whose job runs out of tries becomes an
 * incident (admins notified, listed at /api/v1/admin/incidents), the outbox redelivers it again
 * and again, and once the cause is gone it is processed once and the incident closes by itself.
 * A short schedule (2 tries per job, redelivery after 1 s, at most 2 s apart) keeps it quick.
 */
describe('effects that run out of tries: incident, redelivery, exactly once', () => {
  let system: RunningSystem | undefined;
  let app: INestApplication;
  let db: DataSource;
  let smtp: Awaited<ReturnType<typeof switchableSmtp>>;
  let filed = 0;

  beforeAll(async () => {
    smtp = await switchableSmtp();
    system = await startSystem({
      SMTP_URL: smtp.url,
      JOB_ATTEMPTS: '2',
      JOB_BACKOFF_MS: '100',
      OUTBOX_REDELIVER_BACKOFF_SECONDS: '1',
      OUTBOX_REDELIVER_MAX_SECONDS: '2',
      OUTBOX_REDELIVER_SECONDS: '2',
    });
    ({ app, db } = system);
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  }, 90_000);
  afterAll(async () => {
    await db?.query(`DROP TRIGGER IF EXISTS it_refuse_notifications ON notifications`).catch(() => undefined);
    await db?.query(`DROP FUNCTION IF EXISTS it_refuse_notifications()`).catch(() => undefined);
    await system?.stop();
    await smtp?.close();
  });

  /** jnovak files and submits a leave request: one notify effect for his manager. Returns its outbox row. */
  async function submitLeave(): Promise<{ requestId: string; reference: string; effectId: string }> {
    const filer = await loginAs(app, 'jnovak');
    const created = await filer.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', filer.xsrf).send({ agenda: 'leave-request', data: distinctLeaveDay(filed++) });
    expect(created.status).toBe(201);
    const submitted = await filer.agent.post(`/api/v1/requests/${created.body.id}/transitions`).set('X-XSRF-TOKEN', filer.xsrf).send({ transition: 'submit', expectedVersion: 1 });
    expect(submitted.status).toBe(200);
    const [row]: Array<{ id: string; reference: string }> = await db.query(
      `SELECT o.id, r.reference FROM outbox o JOIN requests r ON r.id = o.request_id WHERE o.request_id = $1 AND o.job = 'effects.notify'`,
      [created.body.id],
    );
    return { requestId: created.body.id, reference: row.reference, effectId: row.id };
  }

  async function incidentOf(effectId: string): Promise<Array<{ id: string; closed_at: Date | null; failures: number }>> {
    return db.query(`SELECT id, closed_at, failures FROM outbox_incidents WHERE outbox_id = $1 ORDER BY opened_at`, [effectId]);
  }

  async function outboxRow(effectId: string): Promise<{ processed_at: Date | null; process_count: number; redeliveries: number }> {
    const [row] = await db.query(`SELECT processed_at, process_count, redeliveries FROM outbox WHERE id = $1`, [effectId]);
    return row;
  }

  it('handler failing in its transaction: incident, admins told once, redelivered until it works, processed once, incident closed', async () => {
    // Every notification insert of an effect fails, as while the database refuses writes (admins' incident notes pass).
    await db.query(`CREATE FUNCTION it_refuse_notifications() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected: notifications refused'; END $$`);
    await db.query(`CREATE TRIGGER it_refuse_notifications BEFORE INSERT ON notifications FOR EACH ROW WHEN (NEW.effect_id NOT LIKE 'incident/%') EXECUTE FUNCTION it_refuse_notifications()`);
    const { effectId, reference } = await submitLeave();

    // Never gives up: redelivered at least twice, failing each time, one incident all along.
    await eventually(async () => ((await outboxRow(effectId)).redeliveries >= 2 && (await incidentOf(effectId))[0]?.failures >= 2 ? true : undefined), 60_000, 'two failed redeliveries');
    const open = await incidentOf(effectId);
    expect(open).toHaveLength(1);
    expect(open[0].closed_at).toBeNull();
    expect(await outboxRow(effectId)).toMatchObject({ processed_at: null, process_count: 0 });

    const [admins]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM users WHERE active AND 'system-admin' = ANY(roles)`);
    expect(admins.n).toBeGreaterThan(0);
    const alerts: Array<{ username: string; message_cs: string }> = await db.query(
      `SELECT u.username, n.message_cs FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.effect_id = $1`,
      [`incident/${open[0].id}`],
    );
    expect(alerts).toHaveLength(admins.n);
    expect(alerts.map((a) => a.username)).toContain('ohajek');
    expect(alerts[0].message_cs).toContain(reference);

    const admin = await loginAs(app, 'ohajek');
    const listed = await admin.agent.get('/api/v1/admin/incidents');
    expect(listed.status).toBe(200);
    expect(listed.body.open).toBe(1);
    expect(listed.body.items[0]).toMatchObject({ effectId, effectType: 'notify', job: 'effects.notify', closedAt: null, lastError: expect.stringContaining('injected') });
    const employee = await loginAs(app, 'jnovak');
    expect((await employee.agent.get('/api/v1/admin/incidents')).status).toBe(403);

    // The cause goes away: the next redelivery processes the effect, once, and the incident closes.
    await db.query(`DROP TRIGGER it_refuse_notifications ON notifications`);
    await db.query(`DROP FUNCTION it_refuse_notifications()`);
    await eventually(async () => ((await incidentOf(effectId))[0]?.closed_at ? true : undefined), 30_000, 'incident closed');
    expect(await outboxRow(effectId)).toMatchObject({ process_count: 1 });
    const [notes]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE effect_id = $1`, [effectId]);
    expect(notes.n).toBe(1);
    await eventually(async () => (smtp.delivered.some((m) => m.subject.includes(reference)) ? true : undefined), 15_000, 'e-mail delivered');
    expect(smtp.delivered.filter((m) => m.subject.includes(reference))).toEqual([{ to: 'jana.dvorakova@demo.kraj-lbc.cz', subject: expect.stringContaining(reference) }]);
    expect(await incidentOf(effectId)).toHaveLength(1);

    const after = await admin.agent.get('/api/v1/admin/incidents');
    expect(after.body).toEqual({ items: [], open: 0 });
    const all = await admin.agent.get('/api/v1/admin/incidents?state=all');
    expect(all.body.items[0]).toMatchObject({ effectId, closedAt: expect.any(String), request: { reference } });
  }, 120_000);

  it('job failing after its transaction (SMTP refusing): the processed effect is still redelivered until the e-mail is out, then the incident closes', async () => {
    smtp.refusing.on = true;
    const { effectId, reference } = await submitLeave();
    await eventually(async () => ((await outboxRow(effectId)).redeliveries >= 1 && (await incidentOf(effectId)).length === 1 ? true : undefined), 60_000, 'incident and a redelivery');
    // The in-app notification went out with the effect's transaction; only the e-mail is missing.
    expect(await outboxRow(effectId)).toMatchObject({ process_count: 1 });
    expect(smtp.delivered.filter((m) => m.subject.includes(reference))).toEqual([]);

    smtp.refusing.on = false;
    await eventually(async () => ((await incidentOf(effectId))[0]?.closed_at ? true : undefined), 30_000, 'incident closed');
    expect(smtp.delivered.filter((m) => m.subject.includes(reference))).toHaveLength(1);
    expect(await outboxRow(effectId)).toMatchObject({ process_count: 1 });
    const [notes]: Array<{ n: number; sent: number }> = await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE email_status = 'sent')::int AS sent FROM notifications WHERE effect_id = $1`, [effectId]);
    expect(notes).toEqual({ n: 1, sent: 1 });
    const twice: unknown[] = await db.query(`SELECT id FROM outbox WHERE process_count > 1`);
    expect(twice).toEqual([]);
  }, 120_000);
});
