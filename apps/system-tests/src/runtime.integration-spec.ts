import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JobProducer } from '@agendy/server/queue';
import { TimerHandler } from '@agendy/server/feature-requests';
import { awaitChained } from '@agendy/server/feature-audit';
import {
  createTestUser,
  eventually,
  loadShippedAgendas,
  loginAs,
  LoggedInAgent,
  ReceivedMail,
  seedDemoOffice,
  startTestSmtp,
  truncateAll,
  userId,
} from '@agendy/server/testing';
// The api and the worker run in this process, as `npm start` runs them side by side.
import { RunningSystem, startSystem } from './support/system';
import { SignatureDesk } from './support/signatures';

/** The request runtime end to end: api + worker in-process, real PostgreSQL, Redis and an SMTP server. */
describe('request runtime (api + worker + PostgreSQL + Redis + SMTP)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-att-'));
  const desk = new SignatureDesk();

  beforeAll(async () => {
    smtp = await startTestSmtp();
    system = await startSystem({
      ...desk.env,
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://agendy.test',
      ATTACHMENTS_DIR: attachmentsDir,
      ATTACHMENT_MAX_BYTES: '65536',
    });
    ({ app, db } = system);
  });
  afterAll(async () => {
    await system.stop();
    await smtp.close();
    desk.cleanup();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    smtp.mails.length = 0;
  });

  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
  const waitForMail = (address: string, subject: RegExp): Promise<ReceivedMail> =>
    eventually(async () => mailsTo(address).find((m) => subject.test(m.subject)), 15_000, `mail to ${address} matching ${subject}`);
  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const step = async (a: LoggedInAgent, id: string, transition: string, extra: Record<string, unknown> = {}) => {
    const current = await a.agent.get(`/api/v1/requests/${id}`).expect(200);
    const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: current.body.version, ...extra });
    if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const inbox = async (a: LoggedInAgent) => (await a.agent.get('/api/v1/tasks').expect(200)).body.items as Array<{ id: string; kind: string; via: string; request: { id: string; reference: string } }>;

  it('takes a leave request from filing to "taken": inboxes, e-mails, history and audit', async () => {
    const trihaId = await userId(db, 'triha');
    // HR staff hold the agenda role through their directory group and see the agenda's requests as its officers.
    await createTestUser(db, { username: 'hr.novotna', displayName: 'Hana Novotná', groups: ['KULK-Personalni'], officerOf: ['leave-request'] });
    await createTestUser(db, { username: 'audit.kral', displayName: 'Karel Král', roles: ['employee', 'auditor'] });
    const jnovak = await loginAs(app, 'jnovak');
    const agendas = (await jnovak.agent.get('/api/v1/agendas').expect(200)).body.items.map((a: { code: string }) => a.code);
    expect(agendas).toEqual(expect.arrayContaining(['leave-request', 'grant-application']));

    const created = await post(jnovak, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24', deputy: trihaId } }).expect(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ state: { id: 'draft' }, version: 1, reference: expect.stringMatching(/^NEP\/20\d\d\/00001$/) });
    expect(created.body.availableTransitions.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['save', 'submit', 'cancel']));

    // A stranger cannot see it: 404, not 403.
    const triha = await loginAs(app, 'triha');
    expect((await triha.agent.get(`/api/v1/requests/${id}`)).status).toBe(404);
    // Even a malformed body answers 404 first: access is checked before the body is read.
    for (const target of [id, '00000000-0000-4000-8000-000000000000']) {
      expect((await triha.agent.patch(`/api/v1/requests/${target}`).set('X-XSRF-TOKEN', triha.xsrf).send({ nonsense: true })).status).toBe(404);
      expect((await triha.agent.post(`/api/v1/requests/${target}/transitions`).set('X-XSRF-TOKEN', triha.xsrf).send({})).status).toBe(404);
      expect((await triha.agent.post(`/api/v1/requests/${target}/comments`).set('X-XSRF-TOKEN', triha.xsrf).send({ body: 42 })).status).toBe(404);
    }

    const submitted = await step(jnovak, id, 'submit');
    expect(submitted.state.id).toBe('approval');
    const manager = await loginAs(app, 'jdvorakova');
    const managerTasks = await inbox(manager);
    expect(managerTasks).toEqual([expect.objectContaining({ kind: 'work', via: 'departmentManager', request: expect.objectContaining({ id }) })]);
    expect(await inbox(jnovak)).toEqual([]);
    const toManager = await waitForMail('jana.dvorakova@demo.kraj-lbc.cz', /Máte ke schválení žádost o nepřítomnost/);
    expect(toManager.subject).toContain(submitted.reference);
    expect(toManager.text).toContain(`https://agendy.test/zadosti/${id}`);

    // The filer may not approve their own request (four eyes) — the engine says so, the API answers 403.
    const selfApprove = await post(jnovak, `/api/v1/requests/${id}/transitions`, { transition: 'approve', expectedVersion: submitted.version });
    expect(selfApprove.status).toBe(403);
    expect(selfApprove.body.code).toBe('FORBIDDEN');

    const approved = await step(manager, id, 'approve');
    expect(approved.state.id).toBe('approved');
    expect(approved.data.approvedAt).toEqual(expect.any(String));
    await waitForMail('jan.novak@demo.kraj-lbc.cz', /schválena/);
    await waitForMail('tomas.riha@demo.kraj-lbc.cz', /Budete zastupovat/);

    const hr = await loginAs(app, 'hr.novotna');
    const taken = await step(hr, id, 'record-taken');
    expect(taken).toMatchObject({ state: { id: 'taken' }, final: true, outcome: 'completed', availableTransitions: [] });
    expect(taken.history.map((h: { kind: string; transition: string | null }) => h.transition ?? h.kind)).toEqual(['created', 'submit', 'approve', 'record-taken']);
    expect(taken.history[2].actor.displayName).toBe('Jana Dvořáková');
    expect(await inbox(manager)).toEqual([]);

    const notif = (await jnovak.agent.get('/api/v1/notifications').expect(200)).body;
    expect(notif.unreadCount).toBe(1);
    expect(notif.items[0]).toMatchObject({ message: { cs: 'Vaše nepřítomnost byla schválena.' }, request: { id, reference: taken.reference } });
    await post(jnovak, `/api/v1/notifications/${notif.items[0].id}/read`, {}).expect(204);
    expect((await jnovak.agent.get('/api/v1/notifications/unread-count').expect(200)).body).toEqual({ unread: 0 });

    const mine = (await jnovak.agent.get('/api/v1/requests?status=closed&agenda=leave-request').expect(200)).body;
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const audit: Array<{ action: string }> = await db.query(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY seq`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['request.create', 'request.transition', 'request.transition', 'request.transition']);
    expect((await (await loginAs(app, 'audit.kral')).agent.get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true, firstBroken: null });
    expect((await jnovak.agent.get('/api/v1/audit/verify')).status).toBe(403);
  });

  it('takes a grant application from filing to "closed" through officer, three evaluators and the director', async () => {
    const officerId = await createTestUser(db, { username: 'ref.dotace', displayName: 'Radka Dotační', officerOf: ['grant-application'] });
    const evaluators = [];
    for (const name of ['hod.a', 'hod.b', 'hod.c']) evaluators.push(await createTestUser(db, { username: name, displayName: `Hodnotitel ${name}` }));
    expect(officerId).toBeTruthy();
    const filer = await loginAs(app, 'jnovak');
    const draft = await post(filer, '/api/v1/requests', { agenda: 'grant-application', data: { programme: '4.1-kultura', projectTitle: 'Ještědské hudební léto 2027' } }).expect(201);
    const id: string = draft.body.id;
    expect(draft.body.reference).toMatch(/^DOT\/20\d\d\/00001$/);

    // Attachments are checked by content: a renamed executable is refused, a PDF is stored with its hash.
    const exe = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=rozpocet.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('MZ\x90\x00 not a pdf'));
    expect(exe.status).toBe(415);
    const tooBig = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=velky.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(70_000)]));
    expect(tooBig.status).toBe(413);
    const pdf = Buffer.from('%PDF-1.7\n% doklad o účtu\n%%EOF\n');
    const up = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=${encodeURIComponent('doklad-o-účtu.pdf')}`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(pdf).expect(201);
    expect(up.body).toMatchObject({ name: 'doklad-o-účtu.pdf', mediaType: 'application/pdf', size: pdf.length, sha256: require('node:crypto').createHash('sha256').update(pdf).digest('hex') });
    const stranger = await loginAs(app, 'triha');
    expect((await stranger.agent.get(`/api/v1/requests/${id}/attachments/${up.body.fileId}`)).status).toBe(404);
    const download = await filer.agent.get(`/api/v1/requests/${id}/attachments/${up.body.fileId}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);

    const data = {
      applicantName: 'Spolek přátel Ještědu, z. s.', applicantIco: '70891508', applicantLegalForm: 'spolek', applicantAddress: 'Husova 12, 460 01 Liberec',
      statutoryRepresentative: 'Ing. Karel Šťastný, předseda', contactEmail: 'spolek@jested.example.cz', bankAccount: '19-2000145399/0800',
      projectDescription: 'Cyklus šesti venkovních koncertů pod Ještědem pro veřejnost, s důrazem na regionální soubory a mladé interprety.',
      projectStart: '2027-06-01', projectEnd: '2027-09-30',
      budget: [{ item: 'Honoráře účinkujících', category: 'osobni', amount: 35000 }, { item: 'Pronájem ozvučení', category: 'sluzby', amount: 25000 }],
      totalCost: 60000, requestedAmount: 40000, ownShare: 20000,
      attachments: [{ fileId: up.body.fileId, name: up.body.name, mediaType: up.body.mediaType, size: up.body.size }],
    };
    const patched = await filer.agent.patch(`/api/v1/requests/${id}`).set('X-XSRF-TOKEN', filer.xsrf).send({ data, expectedVersion: 1 }).expect(200);
    expect(patched.body.version).toBe(2);
    // The same data saved again (a client retrying, or jsonb's key order echoed back) is no change:
    // no new version, history or audit row.
    const trail = async () => ({
      history: (await db.query(`SELECT count(*)::int AS n FROM request_history WHERE request_id = $1`, [id]))[0].n as number,
      audit: (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1`, [id]))[0].n as number,
    });
    const before = await trail();
    const reordered = { ...data, budget: data.budget.map(({ item, category, amount }) => ({ amount, category, item })) };
    const again = await filer.agent.patch(`/api/v1/requests/${id}`).set('X-XSRF-TOKEN', filer.xsrf).send({ data: reordered, expectedVersion: 2 }).expect(200);
    expect(again.body.version).toBe(2);
    expect(await trail()).toEqual(before);
    // A stale version is still refused, and someone who may not see the request still learns nothing.
    expect((await filer.agent.patch(`/api/v1/requests/${id}`).set('X-XSRF-TOKEN', filer.xsrf).send({ data, expectedVersion: 1 })).status).toBe(409);
    expect((await stranger.agent.patch(`/api/v1/requests/${id}`).set('X-XSRF-TOKEN', stranger.xsrf).send({ data, expectedVersion: 2 })).status).toBe(404);
    await post(filer, `/api/v1/requests/${id}/comments`, { body: 'Prosím o rychlé vyřízení.' }).expect(201);
    await step(filer, id, 'submit');

    const officer = await loginAs(app, 'ref.dotace');
    expect((await inbox(officer)).map((t) => [t.request.id, t.via])).toEqual([[id, 'role']]);
    await waitForMail('ref.dotace@demo.kraj-lbc.cz', /formální kontrolu/);
    expect((await officer.agent.get(`/api/v1/requests/${id}/comments`).expect(200)).body.items[0].body).toBe('Prosím o rychlé vyřízení.');
    const task = (await inbox(officer))[0];
    await post(officer, `/api/v1/tasks/${task.id}/claim`, {}).expect(204);
    await step(officer, id, 'accept-formally', { data: { evaluators } });
    for (const name of ['hod.a', 'hod.b', 'hod.c']) await waitForMail(`${name}@demo.kraj-lbc.cz`, /hodnotitelem/);

    for (const name of ['hod.a', 'hod.b', 'hod.c']) {
      const ev = await loginAs(app, name);
      expect((await inbox(ev)).map((t) => t.kind)).toEqual(['vote']);
      await step(ev, id, 'approve', { kind: 'vote' });
      expect(await inbox(ev)).toEqual([]);
    }
    const recommended = (await officer.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    expect(recommended.state.id).toBe('recommended');
    // The officer numbers the contract when proposing the decision: it is printed on the contract that is signed.
    await step(officer, id, 'propose-decision', { data: { contractNumber: 'OLP/1234/2027' } });

    const director = await loginAs(app, 'pstastny');
    expect((await inbox(director)).map((t) => t.request.id)).toEqual([id]);
    const over = await post(director, `/api/v1/requests/${id}/transitions`, { transition: 'approve-grant', data: { approvedAmount: 90000 }, expectedVersion: (await director.agent.get(`/api/v1/requests/${id}`)).body.version });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('GUARD_FAILED');
    const contract = await step(director, id, 'approve-grant', { data: { approvedAmount: 40000 } });
    expect(contract.state.id).toBe('contract');
    expect(contract.documents).toEqual([{ template: 'grant-contract', documentKey: expect.stringContaining(id) }]);
    // Observed on the landed main (issue 19): the officer took "contract signed" with all three signatures pending.
    const skipped = await post(officer, `/api/v1/requests/${id}/transitions`, { transition: 'contract-signed', expectedVersion: contract.version });
    expect([skipped.status, skipped.body.code]).toEqual([403, 'FORBIDDEN']);
    // The applicant and the director sign (qualified, made elsewhere), the worker seals; then the system moves it on.
    await desk.signAll(id, filer, [filer, director]);
    await eventually(async () => ((await officer.agent.get(`/api/v1/requests/${id}`).expect(200)).body.state.id === 'payout' ? true : undefined), 20_000, 'payout after the last signature');
    await step(officer, id, 'record-payout', { data: { paidOn: '2027-03-01', paidAmount: 40000 } });
    await waitForMail('jan.novak@demo.kraj-lbc.cz', /Dotace byla vyplacena/);
    await step(filer, id, 'submit-final-report', { data: { finalReport: data.attachments, finalCostTotal: 59000 } });
    const closed = await step(officer, id, 'accept-report');
    expect(closed).toMatchObject({ state: { id: 'closed' }, final: true, outcome: 'completed' });

    // Every effect was carried out exactly once, the stubs included.
    await eventually(async () => {
      const [row]: Array<{ open: number }> = await db.query(`SELECT count(*)::int AS open FROM outbox WHERE processed_at IS NULL AND effect_type <> 'scheduleTimer'`);
      return row.open === 0 ? true : undefined;
    });
    const counts: Array<{ process_count: number }> = await db.query(`SELECT DISTINCT process_count FROM outbox WHERE processed_at IS NOT NULL`);
    expect(counts).toEqual([{ process_count: 1 }]);
  });

  it('a large grant decided by the council: the director, who never had a task in it, sees and signs the contract (issue 19, found by the chaos soak)', async () => {
    const filer = await loginAs(app, 'jnovak');
    const draft = await post(filer, '/api/v1/requests', { agenda: 'grant-application', data: { programme: '4.1-kultura', projectTitle: 'Festival pod Ještědem 2027' } }).expect(201);
    const id: string = draft.body.id;
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const up = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=doklad.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(pdf).expect(201);
    await step(filer, id, 'submit', {
      data: {
        applicantName: 'Spolek přátel Ještědu, z. s.', applicantIco: '70891508', applicantLegalForm: 'spolek', applicantAddress: 'Husova 12, 460 01 Liberec',
        statutoryRepresentative: 'Ing. Karel Šťastný, předseda', contactEmail: 'spolek@jested.example.cz', bankAccount: '19-2000145399/0800',
        projectDescription: 'Třídenní festival regionálních souborů pod Ještědem, vstup volný, s programem pro rodiny a školy.',
        projectStart: '2027-06-01', projectEnd: '2027-09-30',
        budget: [{ item: 'Honoráře účinkujících', category: 'osobni', amount: 200000 }, { item: 'Pódium a ozvučení', category: 'sluzby', amount: 100000 }],
        totalCost: 300000, requestedAmount: 200000, ownShare: 100000,
        attachments: [{ fileId: up.body.fileId, name: up.body.name, mediaType: up.body.mediaType, size: up.body.size }],
      },
    });
    const officer = await loginAs(app, 'lsvobodova');
    const evaluators = [await userId(db, 'ezemanova'), await userId(db, 'kprochazka'), await userId(db, 'mvesela')];
    await step(officer, id, 'accept-formally', { data: { evaluators } });
    for (const name of ['ezemanova', 'kprochazka', 'mvesela']) await step(await loginAs(app, name), id, 'approve', { kind: 'vote' });
    await step(officer, id, 'propose-decision', { data: { contractNumber: 'OLP/77/2027' } });
    const secretary = await loginAs(app, 'ezemanova');
    const contract = await step(secretary, id, 'record-council-approval', { data: { councilResolutionNumber: '1234/26/RK', approvedAmount: 200000 } });
    expect(contract.state.id).toBe('contract');
    // The director had no task in this request (the council decided), yet the contract needs his signature.
    const director = await loginAs(app, 'pstastny');
    const directorId = await userId(db, 'pstastny');
    expect(await db.query(`SELECT count(*)::int AS n FROM tasks WHERE request_id = $1 AND party_key IN ($2, 'role:grant-application:director')`, [id, `user:${directorId}`])).toEqual([{ n: 0 }]);
    await desk.signAll(id, filer, [filer, director]);
    await eventually(async () => ((await officer.agent.get(`/api/v1/requests/${id}`).expect(200)).body.state.id === 'payout' ? true : undefined), 20_000, 'payout after the last signature');
    expect((await director.agent.get(`/api/v1/requests/${id}`).expect(200)).body.state.id).toBe('payout');
  });

  it('lets exactly one of 50 identical concurrent transitions through; the others get 409 STALE', async () => {
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24' } }).expect(201);
    const id = created.body.id;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => post(filer, `/api/v1/requests/${id}/transitions`, { transition: 'submit', expectedVersion: 1 })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['STALE']));
    const history: unknown[] = await db.query(`SELECT 1 FROM request_history WHERE request_id = $1 AND transition = 'submit'`, [id]);
    const audit: unknown[] = await db.query(`SELECT 1 FROM audit_log WHERE object_id = $1 AND action = 'request.transition'`, [id]);
    expect(history).toHaveLength(1);
    expect(audit).toHaveLength(1);
  });

  it('numbers requests per agenda and year without gaps under concurrency', async () => {
    const filer = await loginAs(app, 'jnovak');
    const results = await Promise.all(Array.from({ length: 20 }, () => post(filer, '/api/v1/requests', { agenda: 'leave-request', data: {} })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => Number(String(r.body.reference).split('/')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('fires an escalation timer as the system: notifies the director once, and an obsolete timer does nothing', async () => {
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24' } }).expect(201);
    await step(filer, created.body.id, 'submit');
    const [timer]: Array<{ id: string; available_at: Date }> = await db.query(
      `SELECT id, available_at FROM outbox WHERE request_id = $1 AND effect_type = 'scheduleTimer' AND effect->>'timer' = 'escalate'`,
      [created.body.id],
    );
    // The relay scheduled it as a delayed BullMQ job with the outbox id as job id.
    const job = await eventually(async () => (await app.get(JobProducer).queue('effects').getJob(timer.id)) ?? undefined);
    expect(await job.isDelayed()).toBe(true);
    const handler = system.worker.get(TimerHandler);
    expect(await handler.fire(timer.id, new Date(new Date(timer.available_at).getTime() + 60_000))).toBe('fired');
    expect(await handler.fire(timer.id, new Date(new Date(timer.available_at).getTime() + 60_000))).toBe('already-processed');
    await waitForMail('petr.stastny@demo.kraj-lbc.cz', /Lhůta byla překročena/);
    const detail = (await filer.agent.get(`/api/v1/requests/${created.body.id}`).expect(200)).body;
    expect(detail.history.map((h: { kind: string }) => h.kind)).toContain('escalation');
    expect(detail.history.find((h: { kind: string }) => h.kind === 'escalation').actor.id).toBe('system');
  });

  it('detects an audit row edited behind the trigger, naming that row', async () => {
    const filer = await loginAs(app, 'jnovak');
    for (let i = 0; i < 3; i++) await post(filer, '/api/v1/requests', { agenda: 'leave-request', data: {} }).expect(201);
    // A row is tamper-evident from the moment the sequencer chains it (docs/adr/0005-audit-sequencer.md).
    expect(await awaitChained((sql, params) => db.query(sql, params), 10_000)).toBe(true);
    await expect(db.query(`UPDATE audit_log SET action = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow(/append-only/);
    const [victim]: Array<{ id: string }> = await db.query(`SELECT id FROM audit_log WHERE seq = 2`);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await db.query(`UPDATE audit_log SET details = details || '{"reference":"forged"}' WHERE seq = 2`);
    } finally {
      await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
    await createTestUser(db, { username: 'audit.kral', displayName: 'Karel Král', roles: ['employee', 'auditor'] });
    const auditor = await loginAs(app, 'audit.kral');
    const verdict = (await auditor.agent.get('/api/v1/audit/verify').expect(200)).body;
    expect(verdict).toMatchObject({ ok: false, firstBroken: { seq: 2, id: victim.id, reason: expect.stringMatching(/altered/) } });
  });

  it('answers problem+json for client mistakes, never 500', async () => {
    const filer = await loginAs(app, 'jnovak');
    expect((await filer.agent.get('/api/v1/requests/not-a-uuid')).status).toBe(404);
    expect((await filer.agent.get('/api/v1/requests?limit=1000')).status).toBe(400);
    expect((await filer.agent.get('/api/v1/requests?cursor=garbage')).status).toBe(400);
    expect((await post(filer, '/api/v1/requests', { agenda: 'no-such-agenda' })).status).toBe(404);
    const bad = await post(filer, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'nonsense' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ pointer: '/type' });
    expect((await filer.agent.get('/api/v1/agendas/Bad Code')).status).toBe(404);
    const imported = await post(await loginAs(app, 'lcerna'), '/api/v1/admin/agendas', { code: 'broken', version: 1 });
    expect(imported.status).toBe(400);
    expect(imported.body.errors.length).toBeGreaterThan(0);
    expect((await post(filer, '/api/v1/admin/agendas', { code: 'x' })).status).toBe(403);
  });

  it('accepts only uploads of the request itself in attachment fields, and only the filing step’s fields when filing (issue 19)', async () => {
    const filer = await loginAs(app, 'jnovak');
    const other = await loginAs(app, 'triha');
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const upload = async (a: LoggedInAgent, requestId: string) =>
      (await a.agent.post(`/api/v1/requests/${requestId}/attachments?filename=x.pdf`).set('X-XSRF-TOKEN', a.xsrf).set('Content-Type', 'application/octet-stream').send(pdf).expect(201)).body as { fileId: string; name: string };
    // Somebody else's upload, on their own draft.
    const theirs = (await post(other, '/api/v1/requests', { agenda: 'internal-regulation', data: {} }).expect(201)).body.id as string;
    const foreign = await upload(other, theirs);
    const mineId = (await post(filer, '/api/v1/requests', { agenda: 'internal-regulation', data: {} }).expect(201)).body.id as string;
    const own = await upload(filer, mineId);
    const save = async (draftDocument: unknown) => {
      const current = (await filer.agent.get(`/api/v1/requests/${mineId}`).expect(200)).body;
      return filer.agent.patch(`/api/v1/requests/${mineId}`).set('X-XSRF-TOKEN', filer.xsrf).send({ data: { draftDocument }, expectedVersion: current.version });
    };
    for (const fileId of [foreign.fileId, '00000000-0000-4000-8000-000000000000', 'f-made-up']) {
      const res = await save([{ fileId, name: 'smernice.pdf' }]);
      expect([res.status, res.body.code, res.body.errors?.[0]?.pointer, res.body.errors?.[0]?.rule]).toEqual([400, 'VALIDATION_FAILED', '/draftDocument/0', 'attachment']);
    }
    await save([{ fileId: own.fileId, name: own.name }]).then((r) => expect(r.status).toBe(200));
    // At filing there are no uploads yet: any reference is refused; so are later steps' fields.
    const filed = await post(filer, '/api/v1/requests', { agenda: 'internal-regulation', data: { draftDocument: [{ fileId: own.fileId, name: 'x.pdf' }] } });
    expect([filed.status, filed.body.errors?.[0]?.rule]).toEqual([400, 'attachment']);
    const early = await post(filer, '/api/v1/requests', { agenda: 'internal-regulation', data: { title: 'Směrnice', legalOpinion: 'Schváleno předem.', number: 'SM/1/2030', effectiveFrom: '2030-01-01' } });
    expect(early.status).toBe(400);
    expect(early.body.errors.map((e: { pointer: string; rule: string }) => `${e.pointer}:${e.rule}`).sort()).toEqual(['/effectiveFrom:readonly', '/legalOpinion:readonly', '/number:readonly']);
  });
});
