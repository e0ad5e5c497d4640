import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { OpenDataService, PublishToRegisterHandler, RegistersJobHandlers } from '@agendy/server/feature-registers';
import { createTestUser, eventually, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, startTestSmtp, truncateAll, userId } from '@agendy/server/testing';
import { addDays, toPragueDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from './support/system';
import { SignatureDesk } from './support/signatures';

/** Registers over the real api + worker + PostgreSQL: publication effects, Czech full-text search, acknowledgements, contracts, dashboards. */
describe('registers (api + worker + PostgreSQL)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let seq = 0;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-reg-att-'));
  const desk = new SignatureDesk();

  beforeAll(async () => {
    smtp = await startTestSmtp();
    system = await startSystem({ ...desk.env, ATTACHMENTS_DIR: attachmentsDir, SMTP_URL: smtp.url });
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
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);

  /** A request row as the runtime leaves it (the registers only read it), filed by `filer`. */
  async function request(agenda: string, filer: string, state: string, data: Record<string, unknown>, createdAt = new Date(), final = false): Promise<string> {
    const id = randomUUID();
    const [v]: Array<{ version: number }> = await db.query(`SELECT published_version AS version FROM agendas WHERE code = $1`, [agenda]);
    const [u]: Array<{ id: string; department_id: string }> = await db.query(`SELECT id, department_id FROM users WHERE username = $1`, [filer]);
    await db.query(
      `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, version, snapshot, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 3, $9, $10, $10)`,
      [id, `T/2026/${String(++seq).padStart(5, '0')}`, agenda, v.version, u.id, u.department_id, state, final, { data, state }, createdAt],
    );
    return id;
  }

  /** Runs the worker's handler on one publishToRegister outbox row, as the relay would. */
  async function publish(requestId: string, register: string, data: Record<string, unknown>, document?: string): Promise<string> {
    const outboxId = `${requestId}/3/${++seq}`;
    const effect = { id: outboxId, type: 'publishToRegister', register, data, ...(document ? { document } : {}) };
    await db.query(
      `INSERT INTO outbox (id, request_id, effect_type, job, effect, available_at, relayed_at) VALUES ($1, $2, 'publishToRegister', NULL, $3, now(), now())`,
      [outboxId, requestId, effect],
    );
    return system.worker.get(PublishToRegisterHandler).handle({ outboxId });
  }

  async function regulation(number: string, title: string, summary: string, employees: string[], extra: Record<string, unknown> = {}) {
    const data = { number, title, regulationType: 'smernice', effectiveFrom: '2026-01-01', summary, affectedEmployees: employees, ...extra };
    const id = await request('internal-regulation', 'lcerna', 'acknowledgement', data);
    expect(await publish(id, 'internal-regulations', { number, title, regulationType: 'smernice', effectiveFrom: data.effectiveFrom, ...(extra['repeals'] ? { repeals: extra['repeals'] } : {}) }, 'regulation')).toBe(
      'published',
    );
    return id;
  }

  it('finds Czech regulations with and without diacritics, in any case, by prefix and by number', async () => {
    const jnovak = await userId(db, 'jnovak');
    await regulation('SM/3/2026', 'Směrnice o cestovních náhradách', 'Pravidla pro poskytování cestovních náhrad zaměstnancům při služebních cestách.', [jnovak]);
    await regulation('PŘ/1/2026', 'Příkaz ředitele k inventarizaci majetku', 'Řádná inventarizace majetku a závazků kraje k 31. prosinci.', [jnovak]);
    const agent = await loginAs(app, 'triha');
    const search = async (q: string) => ((await agent.agent.get('/api/v1/registers/regulations').query({ q }).expect(200)).body.items as Array<{ number: string }>).map((i) => i.number);

    expect(await search('smernice')).toEqual(['SM/3/2026']);
    expect(await search('Směrnice')).toEqual(['SM/3/2026']);
    expect(await search('SMĚRNICE')).toEqual(['SM/3/2026']);
    expect(await search('cestovnich nahrad')).toEqual(['SM/3/2026']);
    // Full text, not only titles: "zavazku" is in the summary only.
    expect(await search('zavazku')).toEqual(['PŘ/1/2026']);
    expect(await search('inventarizace')).toEqual(['PŘ/1/2026']);
    expect(await search('prikaz reditele')).toEqual(['PŘ/1/2026']);
    expect(await search('SM/3/2026')).toEqual(['SM/3/2026']);
    expect(await search('zbrojní průkaz')).toEqual([]);
    // Nothing searchable in the query: no tsquery syntax error, just no match.
    expect(await search('&|!():*')).toEqual([]);
  });

  it('tracks who must acknowledge a regulation and who has, and links the replaced version', async () => {
    const jnovak = await userId(db, 'jnovak');
    const triha = await userId(db, 'triha');
    await regulation('SM/1/2025', 'Směrnice o oběhu účetních dokladů', 'Původní znění pravidel oběhu účetních dokladů kraje.', [jnovak]);
    await regulation('SM/4/2026', 'Směrnice o oběhu účetních dokladů (nové znění)', 'Nové znění pravidel oběhu účetních dokladů kraje.', [jnovak, triha], {
      repeals: 'SM/1/2025',
      effectiveFrom: '2026-03-01',
    });
    const a = await loginAs(app, 'jnovak');
    const pending = await a.agent.get('/api/v1/registers/regulations').query({ pendingMine: 'true' }).expect(200);
    expect(pending.body.items.map((i: { number: string }) => i.number).sort()).toEqual(['SM/1/2025', 'SM/4/2026']);
    const newer = pending.body.items.find((i: { number: string }) => i.number === 'SM/4/2026');
    expect(newer.repeals).toMatchObject({ number: 'SM/1/2025' });
    expect(newer.acknowledgement).toEqual({ required: 2, acknowledged: 0 });

    const acked = await post(a, `/api/v1/registers/regulations/${newer.id}/acknowledge`, {}).expect(200);
    expect(acked.body.mine.acknowledgedAt).toEqual(expect.any(String));
    expect(acked.body.acknowledgement).toEqual({ required: 2, acknowledged: 1 });
    await post(a, `/api/v1/registers/regulations/${newer.id}/acknowledge`, {}).expect(200); // idempotent
    const still = await a.agent.get('/api/v1/registers/regulations').query({ pendingMine: 'true' }).expect(200);
    expect(still.body.items.map((i: { number: string }) => i.number)).toEqual(['SM/1/2025']);

    const old = (await a.agent.get('/api/v1/registers/regulations').query({ q: 'SM/1/2025' }).expect(200)).body.items[0];
    expect(old.replacedBy).toMatchObject({ number: 'SM/4/2026', id: newer.id });
    expect(old.effectiveTo).toBe('2026-02-28');

    // Someone not on the list gets a stable problem code; the director sees the names, an employee does not.
    const p = await loginAs(app, 'jdvorakova');
    const refused = await post(p, `/api/v1/registers/regulations/${old.id}/acknowledge`, {}).expect(409);
    expect(refused.body.code).toBe('REGULATION_ACK_NOT_REQUIRED');
    const director = await loginAs(app, 'pstastny');
    const detail = await director.agent.get(`/api/v1/registers/regulations/${newer.id}`).expect(200);
    expect(detail.body.acknowledgements.map((r: { displayName: string; acknowledgedAt: string | null }) => [r.displayName, !!r.acknowledgedAt])).toEqual([
      ['Jan Novák', true],
      ['Tomáš Říha', false],
    ]);
    expect((await a.agent.get(`/api/v1/registers/regulations/${newer.id}`).expect(200)).body.acknowledgements).toBeNull();
    const audit = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'register.regulation.acknowledge'`);
    expect(audit[0].n).toBe(1);
  });

  /** Found by the chaos soak: the repeal's effect broke the table's CHECK (last day before the first) and failed on every retry. */
  it('repeals a regulation that has not taken effect yet: repealed, with no last day in force', async () => {
    const later = addDays(toPragueDate(new Date()), 30);
    const id = await request('internal-regulation', 'lcerna', 'effective', { number: 'SM/7/2026', title: 'Směrnice, která nenabude účinnosti', regulationType: 'smernice', effectiveFrom: later, affectedEmployees: [] });
    expect(await publish(id, 'internal-regulations', { number: 'SM/7/2026', title: 'Směrnice, která nenabude účinnosti', regulationType: 'smernice', effectiveFrom: later }, 'regulation')).toBe('published');
    expect(await publish(id, 'internal-regulations', { number: 'SM/7/2026', repealedBy: 'SM/8/2026' })).toBe('repealed');
    const [row]: Array<{ effective_to: string | null; repealed: boolean; replaced_by_number: string }> = await db.query(
      `SELECT effective_to::text, repealed_at IS NOT NULL AS repealed, replaced_by_number FROM regulations WHERE request_id = $1`,
      [id],
    );
    expect(row).toEqual({ effective_to: null, repealed: true, replaced_by_number: 'SM/8/2026' });
    const a = await loginAs(app, 'jnovak');
    const found = (await a.agent.get('/api/v1/registers/regulations').query({ q: 'SM/7/2026', status: 'repealed' }).expect(200)).body.items;
    expect(found.map((i: { number: string }) => i.number)).toEqual(['SM/7/2026']);
  });

  it('enters contracts with the 50 000 CZK rule, tracks the 30-day deadline, exports and records the publication', async () => {
    const officer = await createTestUser(db, { username: 'ref.smlouvy', displayName: 'Referentka Smluv', officerOf: ['contract-order'] });
    const signed = toPragueDate(new Date(Date.now() - 40 * 86_400_000));
    const contract = (net: number, ico = '25596641') => ({
      documentType: 'smlouva',
      subject: `Servis tiskáren ${net}`,
      counterpartyName: 'Tiskárny s.r.o.',
      counterpartyIco: ico,
      amountWithoutVat: net,
      amountWithVat: Math.round(net * 1.21),
      signedOn: signed,
    });
    const over = await request('contract-order', 'jnovak', 'awaiting-publication', { ...contract(50_001), vatRate: 21 });
    const at = await request('contract-order', 'jnovak', 'completed', { ...contract(50_000), vatRate: 21 });
    const bad = await request('contract-order', 'jnovak', 'awaiting-publication', { ...contract(90_000, '25596642'), vatRate: 21 });
    expect(await publish(over, 'contract-register', contract(50_001), 'contract')).toBe('entered');
    expect(await publish(at, 'contract-register', contract(50_000), 'contract')).toBe('entered');
    expect(await publish(bad, 'contract-register', contract(90_000, '25596642'), 'contract')).toBe('invalid-ico');

    const o = await loginAs(app, 'ref.smlouvy');
    const list = (await o.agent.get('/api/v1/registers/contracts').expect(200)).body.items as Array<Record<string, unknown>>;
    expect(list).toHaveLength(2);
    const required = list.find((c) => c['requestId'] === over) ?? {};
    expect(required).toMatchObject({ publicationRequired: true, publicationStatus: 'overdue', amountWithoutVat: 50_001 });
    expect(required['publicationDeadline'] as string >= addDays(signed, 30)).toBe(true);
    expect(list.find((c) => c['requestId'] === at)).toMatchObject({ publicationRequired: false, publicationStatus: 'not-required', publicationDeadline: null });

    // The deadline watch escalates the overdue contract once, to the director.
    const jobs = system.worker.get(RegistersJobHandlers);
    expect(await jobs.runDeadlines(new Date())).toBe('reminded 0, escalated 1');
    expect(await jobs.runDeadlines(new Date())).toBe('reminded 0, escalated 0');
    // Delivered by the worker's notify handler: in the app and by e-mail, once.
    const notes: Array<{ username: string; email_status: string }> = await eventually(async () => {
      const rows: Array<{ username: string; email_status: string }> = await db.query(
        `SELECT u.username, n.email_status FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.template = 'register-contract-deadline' ORDER BY u.username`,
      );
      return rows.length > 0 && rows.every((r) => r.email_status === 'sent') ? rows : undefined;
    }, 15_000, 'escalation notifications sent');
    expect(notes.map((n) => n.username)).toContain('pstastny');
    const mails = smtp.mails.filter((m) => m.text.includes('nebyla zveřejněna v registru smluv'));
    expect(mails.map((m) => m.to).flat()).toContain('petr.stastny@demo.kraj-lbc.cz');
    expect(mails).toHaveLength(notes.length);

    const xml = await o.agent.get('/api/v1/registers/contracts/export').query({ format: 'xml', status: 'to-publish' }).expect(200);
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.text).toContain('<hodnotaBezDph>50001</hodnotaBezDph>');
    expect(xml.text).not.toContain('50000</hodnotaBezDph>');
    const csv = await o.agent.get('/api/v1/registers/contracts/export').query({ format: 'csv' }).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);

    // An employee who neither filed nor heads the department sees no unpublished contract and cannot record one.
    const t = await loginAs(app, 'triha');
    expect((await t.agent.get('/api/v1/registers/contracts').expect(200)).body.items).toHaveLength(0);
    await post(t, `/api/v1/registers/contracts/${required['id']}/publication`, { registerId: '1234567', publishedOn: toPragueDate(new Date()) }).expect(404);
    const j = await loginAs(app, 'jnovak');
    await post(j, `/api/v1/registers/contracts/${required['id']}/publication`, { registerId: '1234567', publishedOn: toPragueDate(new Date()) }).expect(403);
    const invalid = await post(o, `/api/v1/registers/contracts/${required['id']}/publication`, { registerId: 'x', publishedOn: '2026-13-01' }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const done = await post(o, `/api/v1/registers/contracts/${required['id']}/publication`, { registerId: '1234567', publishedOn: toPragueDate(new Date()) }).expect(200);
    expect(done.body).toMatchObject({ registerId: '1234567', publicationStatus: 'published' });
    const again = await post(o, `/api/v1/registers/contracts/${required['id']}/publication`, { registerId: '1234568', publishedOn: toPragueDate(new Date()) }).expect(409);
    expect(again.body.code).toBe('CONTRACT_NOT_PUBLISHABLE');
    // Published contracts are public: now the employee sees it; the open data carries no names.
    expect((await t.agent.get('/api/v1/registers/contracts').expect(200)).body.items).toHaveLength(1);
    const open = await t.agent.get('/api/v1/open-data/published-contracts.json').expect(200);
    expect(JSON.parse(open.text)).toEqual([expect.objectContaining({ id_verze_registru: '1234567', hodnota_bez_dph: 50001 })]);
    expect(open.text).not.toContain('Tiskárny');
    // The daily job writes the same data with its dictionary.
    const outDir = await mkdtemp(join(tmpdir(), 'open-data-'));
    await system.worker.get(OpenDataService).writeExport(outDir);
    expect((await readdir(outDir)).sort()).toEqual(['agenda-statistics.csv', 'agenda-statistics.json', 'datapackage.json', 'published-contracts.csv', 'published-contracts.json']);
    const contractsCsv = await readFile(join(outDir, 'published-contracts.csv'), 'utf8');
    expect(contractsCsv.split('\r\n')[0]).toBe('id_verze_registru,typ,hodnota_bez_dph,hodnota_vcetne_dph,datum_uzavreni,datum_zverejneni,odbor');
    expect(contractsCsv).toContain('1234567,smlouva,50001,60501,');
    const stats = JSON.parse(await readFile(join(outDir, 'agenda-statistics.json'), 'utf8'));
    expect(stats).toEqual(expect.arrayContaining([expect.objectContaining({ agenda: 'contract-order', podano: 3, vyrizeno: 0 })]));
    const dictionary = JSON.parse(await readFile(join(outDir, 'datapackage.json'), 'utf8'));
    expect(dictionary.resources.map((r: { path: string }) => r.path)).toContain('published-contracts.csv');
    expect(officer).toBeTruthy();
  });

  it('dashboards: a manager sees numbers for their department only; an employee is refused', async () => {
    const month = toPragueDate(new Date()).slice(0, 7);
    const from = `${month}-01`;
    const to = toPragueDate(new Date());
    for (let i = 0; i < 3; i++) await request('leave-request', 'jnovak', 'submitted', {});
    await request('leave-request', 'triha', 'submitted', {});
    const done = await request('maintenance-request', 'jnovak', 'completed', {}, new Date(Date.now() - 10 * 3600_000), true);
    expect(done).toBeTruthy();

    const m = await loginAs(app, 'jdvorakova');
    const res = await m.agent.get('/api/v1/dashboards').query({ from, to }).expect(200);
    expect(res.body.requestsPerMonth).toEqual(
      expect.arrayContaining([
        { agenda: 'leave-request', month, count: 3 },
        { agenda: 'maintenance-request', month, count: 1 },
      ]),
    );
    expect(res.body.leadTimes).toEqual([expect.objectContaining({ agenda: 'maintenance-request', finished: 1 })]);
    // Other departments: forbidden for a manager, allowed for the director.
    const [other]: Array<{ id: string }> = await db.query(`SELECT department_id AS id FROM users WHERE username = 'triha'`);
    await m.agent.get('/api/v1/dashboards').query({ from, to, departmentId: other.id }).expect(403);
    const d = await loginAs(app, 'pstastny');
    const all = await d.agent.get('/api/v1/dashboards').query({ from, to }).expect(200);
    expect(all.body.requestsPerMonth.find((r: { agenda: string }) => r.agenda === 'leave-request').count).toBe(4);
    const csv = await d.agent.get('/api/v1/dashboards/csv').query({ from, to, chart: 'requestsPerMonth' }).expect(200);
    expect(csv.text).toContain(`leave-request,${month},4`);
    const bad = await d.agent.get('/api/v1/dashboards').query({ from: to, to: from === to ? '2000-01-01' : from }).expect(400);
    expect(bad.body.code).toBe('DASHBOARD_PERIOD_INVALID');
    const j = await loginAs(app, 'jnovak');
    await j.agent.get('/api/v1/dashboards').query({ from, to }).expect(403);
  });

  it('council sessions: the secretariat orders the materials, exports one PDF with contents, resolutions come back from the agenda', async () => {
    await createTestUser(db, { username: 'sekretariat', displayName: 'Sekretariát Rady', groups: ['KULK-OSKH-Rada'] });
    const material = (title: string) => ({
      title,
      materialType: 'k-rozhodnuti',
      proposedResolution: 'Rada kraje schvaluje předložený návrh v plném rozsahu.',
      explanatoryReport: 'Důvodová zpráva k materiálu: příliš žluťoučký kůň úpěl ďábelské ódy.',
    });
    const a = await request('council-material', 'jnovak', 'scheduled', material('Rozpočtové opatření č. 12'));
    const b = await request('council-material', 'jnovak', 'scheduled', material('Dotace na obnovu kulturních památek'));
    const draft = await request('council-material', 'jnovak', 'preparation', material('Rozpracovaný materiál'));
    const s = await loginAs(app, 'sekretariat');
    const sessionDate = addDays(toPragueDate(new Date()), 7);
    const created = await post(s, '/api/v1/registers/council-sessions', { sessionDate, title: '45. zasedání Rady Libereckého kraje', place: 'Zasedací místnost rady' }).expect(201);
    const id: string = created.body.id;
    expect(created.body.canManage).toBe(true);
    // Materials scheduled by the agenda (their include-in-session step ran elsewhere): put on the session directly.
    await db.query(`INSERT INTO council_session_items (session_id, request_id, position) VALUES ($1, $2, 1), ($1, $3, 2)`, [id, a, b]);

    // Client mistakes are 400 problems, never a database error.
    expect((await post(s, '/api/v1/registers/council-sessions', { sessionDate: '0000-01-01', title: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post(s, '/api/v1/registers/council-sessions', { sessionDate: '2026-02-30', title: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await post(s, `/api/v1/registers/council-sessions/${id}/items`, { requestId: 'not-a-uuid' }).expect(400);
    const notReady = await post(s, `/api/v1/registers/council-sessions/${id}/items`, { requestId: draft }).expect(409);
    expect(notReady.body.code).toBe('COUNCIL_MATERIAL_NOT_READY');
    const badOrder = await post(s, `/api/v1/registers/council-sessions/${id}/order`, { order: [a, a] }).expect(422);
    expect(badOrder.body.code).toBe('COUNCIL_ORDER_INVALID');
    const reordered = await post(s, `/api/v1/registers/council-sessions/${id}/order`, { order: [b, a] }).expect(200);
    expect(reordered.body.items.map((i: { requestId: string; position: number }) => [i.requestId, i.position])).toEqual([
      [b, 1],
      [a, 2],
    ]);
    // An employee may read the session but not change it.
    const j = await loginAs(app, 'jnovak');
    expect((await j.agent.get(`/api/v1/registers/council-sessions/${id}`).expect(200)).body).toMatchObject({ canManage: false, canReadPapers: false });
    await post(j, '/api/v1/registers/council-sessions', { sessionDate, title: 'x' }).expect(403);
    await j.agent.get(`/api/v1/registers/council-sessions/${id}/bundle.pdf`).expect(403);
    // The council member responsible for a material on the session gets the papers.
    const member = await createTestUser(db, { username: 'clen.rady', displayName: 'Člen Rady' });
    await db.query(`UPDATE requests SET snapshot = jsonb_set(snapshot, '{data,responsibleCouncilMember}', to_jsonb($2::text)) WHERE id = $1`, [b, member]);
    await (await loginAs(app, 'clen.rady')).agent.get(`/api/v1/registers/council-sessions/${id}/bundle.pdf`).expect(200);

    const pdf = await s.agent.get(`/api/v1/registers/council-sessions/${id}/bundle.pdf`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(pdf.body as Buffer);
    // Contents page + one rendered page per material (no signed PDFs in this test).
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getTitle()).toContain('45. zasedání');
    // The contents and the materials are real Czech text (embedded DejaVu), in the new order.
    const dir = await mkdtemp(join(tmpdir(), 'bundle-'));
    await writeFile(join(dir, 'b.pdf'), pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'b.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Obsah');
    expect(text.indexOf('1. Dotace na obnovu kulturních památek')).toBeGreaterThan(-1);
    expect(text.indexOf('2. Rozpočtové opatření č. 12')).toBeGreaterThan(text.indexOf('1. Dotace na obnovu kulturních památek'));
    expect(text).toContain('příliš žluťoučký kůň úpěl ďábelské ódy');

    // The agenda's record-resolution step publishes to council-resolutions: recorded back on the item.
    expect(await publish(a, 'council-resolutions', { resolutionNumber: '1234/26/RK', title: 'Rozpočtové opatření č. 12', resolutionOutcome: 'prijato', sessionDate })).toBe('recorded');
    const after = await s.agent.get(`/api/v1/registers/council-sessions/${id}`).expect(200);
    expect(after.body.items.find((i: { requestId: string }) => i.requestId === a)).toMatchObject({ resolutionNumber: '1234/26/RK', resolutionOutcome: 'prijato', position: 2 });
  });

  it('a contract order over 50 000 CZK travels the agenda into the register and back (outbox → worker → register → agenda)', async () => {
    await createTestUser(db, { username: 'rozpocet', displayName: 'Správce Rozpočtu', groups: ['KULK-OE-SpravciRozpoctu'] });
    await createTestUser(db, { username: 'ref.smlouvy', displayName: 'Referentka Smluv', officerOf: ['contract-order'] });
    const filer = await loginAs(app, 'jnovak');
    const step = async (a: LoggedInAgent, id: string, transition: string, data?: Record<string, unknown>) => {
      const current = await a.agent.get(`/api/v1/requests/${id}`).expect(200);
      const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: current.body.version, ...(data ? { data } : {}) });
      if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const created = await post(filer, '/api/v1/requests', { agenda: 'contract-order', data: {} }).expect(201);
    const id: string = created.body.id;
    const pdf = Buffer.from('%PDF-1.7\n% návrh smlouvy\n%%EOF\n');
    const up = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=navrh.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(pdf).expect(201);
    await step(filer, id, 'submit', {
      documentType: 'smlouva',
      subject: 'Servisní podpora serverů na rok 2027',
      counterpartyName: 'Datacentrum Liberec a.s.',
      counterpartyIco: '25596641',
      amountWithoutVat: 480000,
      vatRate: 21,
      budgetItem: '5169',
      draft: [{ fileId: up.body.fileId, name: up.body.name, mediaType: up.body.mediaType, size: up.body.size }],
    });
    await step(await loginAs(app, 'jdvorakova'), id, 'approve-operation');
    await step(await loginAs(app, 'rozpocet'), id, 'confirm-budget');
    const director = await loginAs(app, 'pstastny');
    await step(director, id, 'director-approve');
    const signedOn = toPragueDate(new Date());
    // Observed on the landed main (issue 19): the filer took "signed" with two qualified signatures and the seal pending.
    const current = (await filer.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    const skipped = await post(filer, `/api/v1/requests/${id}/transitions`, { transition: 'signed', expectedVersion: current.version, data: { signedOn } });
    expect([skipped.status, skipped.body.code]).toEqual([403, 'FORBIDDEN']);
    // The filer and the director sign (qualified), the worker seals, the system step records the day of signing.
    await desk.signAll(id, filer, [filer, director]);

    const officer = await loginAs(app, 'ref.smlouvy');
    const entered = await eventually(async () => {
      const items = (await officer.agent.get('/api/v1/registers/contracts').expect(200)).body.items as Array<Record<string, unknown>>;
      return items.find((c) => c['requestId'] === id);
    }, 15_000, 'contract in the register');
    expect(entered).toMatchObject({ amountWithoutVat: 480000, amountWithVat: 580800, counterpartyIco: '25596641', signedOn, publicationRequired: true, publicationStatus: 'pending' });
    expect(entered['publicationDeadline'] as string >= addDays(signedOn, 30)).toBe(true);

    const done = await post(officer, `/api/v1/registers/contracts/${entered['id']}/publication`, { registerId: '24681357', publishedOn: signedOn }).expect(200);
    expect(done.body.publicationStatus).toBe('published');
    const request = await officer.agent.get(`/api/v1/requests/${id}`).expect(200);
    expect(request.body.state.id).toBe('completed');
    expect(request.body.data).toMatchObject({ registerId: '24681357', registerPublishedOn: signedOn });
  });
});
