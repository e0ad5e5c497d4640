import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { TimerHandler } from '@agendy/server/feature-requests';
import { distinctLeaveDay, eventually, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

/**
 * Issue 19, "work is never routed to nobody": each observation made on the landed main, end to end
 * through the HTTP API with the api and worker in-process. Each test first recreates the hole the
 * observation was made with (the demo office has none any more), then shows who now acts.
 */
describe('assignment never routes to nobody (issue 19)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-assign-'));

  beforeAll(async () => {
    system = await startSystem({ PUBLIC_BASE_URL: 'https://agendy.test', ATTACHMENTS_DIR: attachmentsDir });
    ({ app, db } = system);
  });
  afterAll(async () => {
    await system.stop();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const detail = async (a: LoggedInAgent, id: string) => (await a.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
  const step = async (a: LoggedInAgent, id: string, transition: string, extra: Record<string, unknown> = {}) => {
    const current = await detail(a, id);
    const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: current.version, ...extra });
    if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const vote = (a: LoggedInAgent, id: string, v: 'approve' | 'reject') => step(a, id, v, { kind: 'vote' });
  const inbox = async (a: LoggedInAgent) => (await a.agent.get('/api/v1/tasks').expect(200)).body.items as Array<{ kind: string; via: string; request: { id: string } }>;
  const actionsOf = async (a: LoggedInAgent, id: string) => (await detail(a, id)).availableTransitions.map((t: { name: string }) => t.name) as string[];
  const lastHistory = (body: { history: Array<{ actor: { displayName: string }; fallbackFor?: { party: string; text: { cs: string } } }> }) => body.history[body.history.length - 1];
  const departmentId = async (code: string) => ((await db.query(`SELECT id FROM departments WHERE code = $1`, [code])) as Array<{ id: string }>)[0].id;
  const withoutHead = (code: string) => db.query(`UPDATE departments SET head_user_id = NULL WHERE code = $1`, [code]);
  const alertsOf = (username: string) =>
    db.query(`SELECT n.message_cs FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1 AND n.template = 'assignment-alert'`, [username]) as Promise<Array<{ message_cs: string }>>;
  const upload = async (a: LoggedInAgent, id: string, name: string) =>
    (await a.agent.post(`/api/v1/requests/${id}/attachments?filename=${name}`).set('X-XSRF-TOKEN', a.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('%PDF-1.7\n%%EOF\n')).expect(201)).body;

  it('grant formal check with nobody holding agenda-officer: the head of the filer’s department gets it, acts “za neobsazenou roli”, the agenda administrators are told', async () => {
    // The old demo: no officer of grant-application at all.
    await db.query(`DELETE FROM agenda_grants WHERE agenda_code = 'grant-application' AND "grant" = 'officer'`);
    const filer = await loginAs(app, 'jnovak');
    const draft = await post(filer, '/api/v1/requests', { agenda: 'grant-application', data: { programme: '4.1-kultura', projectTitle: 'Ještědské hudební léto 2027' } }).expect(201);
    const id: string = draft.body.id;
    const file = await upload(filer, id, 'rozpocet.pdf');
    await step(filer, id, 'submit', {
      data: {
        applicantName: 'Spolek přátel Ještědu, z. s.', applicantIco: '70891508', applicantLegalForm: 'spolek', applicantAddress: 'Husova 12, 460 01 Liberec',
        statutoryRepresentative: 'Ing. Karel Šťastný, předseda', contactEmail: 'spolek@jested.example.cz', bankAccount: '19-2000145399/0800',
        projectDescription: 'Cyklus šesti venkovních koncertů pod Ještědem pro veřejnost, s důrazem na regionální soubory a mladé interprety.',
        projectStart: '2027-06-01', projectEnd: '2027-09-30',
        budget: [{ item: 'Honoráře účinkujících', category: 'osobni', amount: 35000 }, { item: 'Pronájem ozvučení', category: 'sluzby', amount: 25000 }],
        totalCost: 60000, requestedAmount: 40000, ownShare: 20000,
        attachments: [{ fileId: file.fileId, name: file.name, mediaType: file.mediaType, size: file.size }],
      },
    });

    const head = await loginAs(app, 'jdvorakova');
    expect((await inbox(head)).map((t) => [t.request.id, t.kind, t.via])).toEqual([[id, 'work', 'user']]);
    // The agenda administrators' view: the hole in the directory and the request a fallback stands in on.
    const vacancies = (await (await loginAs(app, 'lcerna')).agent.get('/api/v1/admin/agendas/grant-application/vacancies').expect(200)).body;
    expect(vacancies.directory).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'NOBODY_HOLDS_ROLE', state: 'formal-check' })]));
    expect(vacancies.requests).toEqual([
      expect.objectContaining({
        id,
        state: 'formal-check',
        vacancies: [{ party: 'role:agenda-officer', label: { cs: 'role „Referent/ka agendy“', en: 'role "Agenda officer"' }, reason: 'nobody', link: 'filerDepartmentHead', fallbacks: [{ userId: await userId(db, 'jdvorakova'), displayName: 'Jana Dvořáková' }] }],
      }),
    ]);
    expect((await head.agent.get('/api/v1/admin/agendas/grant-application/vacancies')).status).toBe(403);
    expect(await actionsOf(head, id)).toEqual(expect.arrayContaining(['accept-formally', 'return-for-completion', 'reject-formally']));
    // Exactly the vacant party's steps: the filer's own step stays the filer's.
    expect(await actionsOf(head, id)).not.toContain('withdraw');
    const returned = await step(head, id, 'return-for-completion', { comment: 'Doplňte prosím výpis z účtu.' });
    expect(returned.state.id).toBe('returned');
    expect(lastHistory(returned)).toMatchObject({ actor: { displayName: 'Jana Dvořáková' }, fallbackFor: { party: 'role:agenda-officer', text: { cs: 'za neobsazenou roli „Referent/ka agendy“' } } });
    const [audit]: Array<{ details: { fallbackFor: string; fallbackNote: string } }> = await db.query(
      `SELECT details FROM audit_log WHERE object_id = $1 AND action = 'request.transition' AND details->>'event' = 'return-for-completion'`,
      [id],
    );
    expect(audit.details).toMatchObject({ fallbackFor: 'role:agenda-officer', fallbackNote: 'za neobsazenou roli „Referent/ka agendy“' });

    // The agenda administrator (global agenda-admin) hears of it from the worker, within seconds.
    const alerts = await eventually(async () => {
      const rows = await alertsOf('lcerna');
      return rows.length > 0 ? rows : undefined;
    }, 15_000, 'assignment alert to lcerna');
    expect(alerts[0].message_cs).toContain('Za roli „Referent/ka agendy“ nemůže nikdo jednat (nikdo tuto funkci nezastává); úkol převzal(a) Jana Dvořáková (vedoucí odboru podatele).');
    expect(await alertsOf('ohajek')).toEqual([]);
  });

  it('technicians see the maintenance requests in triage and take them over (vbenes got 404)', async () => {
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', {
      agenda: 'maintenance-request',
      data: { category: 'it-hardware', building: 'A', room: 'A2.14', description: 'Tiskárna v kanceláři 214 nevytiskne ani stránku.', priority: 'normalni' },
    }).expect(201);
    const id: string = created.body.id;
    await step(filer, id, 'submit');
    const technician = await loginAs(app, 'vbenes');
    expect((await inbox(technician)).map((t) => [t.request.id, t.via])).toContainEqual([id, 'role']);
    expect(await actionsOf(technician, id)).toContain('take-over');
    const taken = await step(technician, id, 'take-over');
    expect(taken.state.id).toBe('in-progress');
    expect(taken.assignees).toEqual([expect.objectContaining({ kind: 'user', userId: await userId(db, 'vbenes') })]);
  });

  it('leave of someone in a department without a head goes to the director, who sees and approves it (was in no inbox, 404)', async () => {
    await withoutHead('OD');
    const triha = await loginAs(app, 'triha');
    const created = await post(triha, '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(0) }).expect(201);
    await step(triha, created.body.id, 'submit');
    const director = await loginAs(app, 'pstastny');
    expect((await inbox(director)).map((t) => [t.request.id, t.via])).toEqual([[created.body.id, 'user']]);
    const approved = await step(director, created.body.id, 'approve');
    expect(approved.state.id).toBe('approved');
    // He may approve as director anyway: the history names no vacant party then.
    expect(lastHistory(approved).fallbackFor).toBeUndefined();
    const alerts = await eventually(async () => {
      const rows = await alertsOf('lcerna');
      return rows.length > 0 ? rows : undefined;
    }, 15_000, 'assignment alert');
    expect(alerts[0].message_cs).toContain('Za vedoucího odboru OD nemůže nikdo jednat (nikdo tuto funkci nezastává); úkol převzal(a) Petr Šťastný (ředitel/ka úřadu).');
  });

  it('a comment round sent to a department without a head ends: the fallback casts its vote', async () => {
    await withoutHead('OD');
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', {
      agenda: 'internal-regulation',
      data: { regulationType: 'smernice', title: 'Směrnice o služebních cestách', summary: 'Nová pravidla pro služební cesty a jejich vyúčtování.', commentDepartments: [await departmentId('OD')], affectedEmployees: [await userId(db, 'triha')] },
    }).expect(201);
    const id: string = created.body.id;
    const file = await upload(filer, id, 'smernice.pdf');
    await step(filer, id, 'start-comment-round', { data: { draftDocument: [{ fileId: file.fileId, name: file.name }] } });
    const head = await loginAs(app, 'jdvorakova');
    expect((await inbox(head)).map((t) => [t.request.id, t.kind])).toEqual([[id, 'vote']]);
    const settled = await vote(head, id, 'approve');
    expect(settled.state.id).toBe('legal-review');
    const voted = settled.history.find((h: { kind: string }) => h.kind === 'vote');
    expect(voted.fallbackFor.text.cs).toBe('za neobsazené místo vedoucího odboru OD');
  });

  it('a request filed by the only holder of the reviewing role is approved by a fallback (four eyes removed the only holder)', async () => {
    // kprochazka is the only lawyer; his own regulation needs a legal review he may not give.
    await db.query(`UPDATE user_directory SET groups = '{}' WHERE user_id = (SELECT id FROM users WHERE username = 'rmarek')`);
    const filer = await loginAs(app, 'kprochazka');
    const created = await post(filer, '/api/v1/requests', {
      agenda: 'internal-regulation',
      data: { regulationType: 'smernice', title: 'Směrnice o archivaci', summary: 'Pravidla ukládání a skartace písemností odboru.', commentDepartments: [await departmentId('OINF')], affectedEmployees: [await userId(db, 'triha')] },
    }).expect(201);
    const id: string = created.body.id;
    const file = await upload(filer, id, 'archivace.pdf');
    await step(filer, id, 'start-comment-round', { data: { draftDocument: [{ fileId: file.fileId, name: file.name }] } });
    expect((await vote(await loginAs(app, 'jdvorakova'), id, 'approve')).state.id).toBe('legal-review');
    expect(await actionsOf(filer, id)).toEqual(['legal-return']);
    // The chain: no deputy, so the head of the filer's department (OLP).
    const head = await loginAs(app, 'rmarek');
    expect(await actionsOf(head, id)).toEqual(['legal-approve', 'legal-return']);
    const approved = await step(head, id, 'legal-approve', { data: { legalOpinion: 'Bez připomínek.' } });
    expect(approved.state.id).toBe('director-approval');
    expect(lastHistory(approved).fallbackFor).toMatchObject({ party: 'role:legal', text: { cs: 'za neobsazenou roli „Právní oddělení“' } });
  });

  it('the escalation target of a deadline sees the request that escalates to him (the director got 404)', async () => {
    // A grant application in its formal check: only the grants officer acts there, the deadline escalates to the director.
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', { agenda: 'grant-application', data: { programme: '4.1-kultura', projectTitle: 'Letní kino v Liberci' } }).expect(201);
    const id: string = created.body.id;
    const file = await upload(filer, id, 'doklad.pdf');
    await step(filer, id, 'submit', {
      data: {
        applicantName: 'Spolek Letní kino, z. s.', applicantIco: '70891508', applicantLegalForm: 'spolek', applicantAddress: 'Husova 12, 460 01 Liberec',
        statutoryRepresentative: 'Jana Filmová, předsedkyně', contactEmail: 'kino@example.cz', bankAccount: '19-2000145399/0800',
        projectDescription: 'Šest promítání pod širým nebem v parku pro veřejnost, vstup volný, s doprovodným programem pro děti.',
        projectStart: '2027-06-01', projectEnd: '2027-09-30',
        budget: [{ item: 'Pronájem promítací techniky', category: 'sluzby', amount: 60000 }],
        totalCost: 60000, requestedAmount: 40000, ownShare: 20000,
        attachments: [{ fileId: file.fileId, name: file.name }],
      },
    });
    const director = await loginAs(app, 'pstastny');
    expect((await director.agent.get(`/api/v1/requests/${id}`)).status).toBe(404);
    const [timer]: Array<{ id: string; available_at: Date }> = await db.query(
      `SELECT id, available_at FROM outbox WHERE request_id = $1 AND effect_type = 'scheduleTimer' AND effect->>'timer' = 'escalate'`,
      [id],
    );
    expect(await system.worker.get(TimerHandler).fire(timer.id, new Date(new Date(timer.available_at).getTime() + 60_000))).toBe('fired');
    const seen = await loginAs(app, 'pstastny');
    expect((await detail(seen, id)).history.map((h: { kind: string }) => h.kind)).toContain('escalation');
    // Access, not a task: the request stays on the officer's desk and out of the director's inbox.
    expect((await inbox(seen)).map((t) => t.request.id)).not.toContain(id);
  });

  it('the designer’s publish and agenda:check --directory list every party that resolves to nobody', async () => {
    const cli = () =>
      spawnSync(process.execPath, [require.resolve('tsx/cli'), '--tsconfig', 'tsconfig.base.json', 'tools/agenda-check/main.ts', '--directory'], {
        cwd: resolve(__dirname, '../../..'),
        env: { ...process.env, DATABASE_URL: process.env['DATABASE_URL'] },
        encoding: 'utf8',
      });
    const clean = cli();
    expect(clean.stdout).toContain('Every party has someone in the directory.');
    expect(clean.status).toBe(0);

    await withoutHead('OD');
    await db.query(`DELETE FROM agenda_grants WHERE "grant" = 'officer'`);
    const holes = cli();
    expect(holes.status).toBe(1);
    expect(holes.stdout).toContain('[NO_DEPARTMENT_HEAD]');
    expect(holes.stdout).toContain('Department OD has no active head');
    expect(holes.stdout).toMatch(/\/workflow\/states\/\d+\/assignTo\/0 {2}\[NOBODY_HOLDS_ROLE\] {2}stav \/ state formal-check/);

    const admin = await loginAs(app, 'lcerna');
    const draft = await post(admin, '/api/v1/admin/agendas/grant-application/drafts', {}).expect(201);
    const published = await post(admin, `/api/v1/admin/agendas/grant-application/versions/${draft.body.version}/publish`, {}).expect(200);
    expect(published.body.directoryWarnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', code: 'NOBODY_HOLDS_ROLE', state: 'formal-check', message: expect.objectContaining({ en: 'Nobody holds role "Agenda officer".' }) }),
        expect.objectContaining({ severity: 'error', code: 'NOBODY_HOLDS_ROLE', state: 'report-check', fallback: { cs: 'ředitel/ka úřadu: Petr Šťastný', en: 'the director: Petr Šťastný' } }),
      ]),
    );
    // A department without a head shows where the head of the filer's department acts (leave approval).
    const leaveDraft = await post(admin, '/api/v1/admin/agendas/leave-request/drafts', {}).expect(201);
    const leave = await post(admin, `/api/v1/admin/agendas/leave-request/versions/${leaveDraft.body.version}/publish`, {}).expect(200);
    expect(leave.body.directoryWarnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', code: 'NO_DEPARTMENT_HEAD', state: 'approval', path: '/workflow/states/1/assignTo/0', message: expect.objectContaining({ en: 'Department OD has no active head (head of department OD).' }) }),
      ]),
    );
  });
});
