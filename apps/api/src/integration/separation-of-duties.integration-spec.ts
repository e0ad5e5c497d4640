import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityAuditEvent, IdentityAuditHub, LoginThrottle } from '@agendy/server/feature-identity';
import { JobProducer } from '@agendy/server/queue';
import { loadShippedAgendas, LoggedInAgent, loginAs, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/**
 * Issue 19, ADR 0004 "Separation of duties": nobody grants themselves anything; case access is
 * granted by agenda administrators; substitutions are named by the absent person or their line
 * manager; the system-admin role implies no case content, fleet or HR access.
 * Demo office: ohajek is the system administrator, lcerna the agenda administrator, pstastny the
 * director (head of KR), jdvorakova head of OINF (no parent department: her line manager is the director).
 */
describe('separation of duties (issue 19)', () => {
  let app: INestApplication;
  let db: DataSource;
  let ids: Record<string, string>;
  const audit: IdentityAuditEvent[] = [];
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-sod-'));

  beforeAll(async () => {
    app = await createApiApp(testConfig({ ATTACHMENTS_DIR: attachmentsDir }));
    await app.init();
    db = app.get(DataSource);
    app.get(IdentityAuditHub).use({ record: async (e) => void audit.push(e) });
  });
  afterAll(async () => {
    await app.close();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    const redis = app.get(JobProducer).redis;
    const keys = await redis.keys(app.get(LoginThrottle).keyPattern());
    if (keys.length) await redis.del(...keys);
    const rows: Array<{ id: string; username: string }> = await db.query('SELECT id, username FROM users');
    ids = Object.fromEntries(rows.map((r) => [r.username, r.id]));
    seededGrants = await count(`SELECT count(*)::int AS n FROM agenda_grants`);
    audit.length = 0;
  });

  const post = (a: LoggedInAgent, url: string, body: object = {}) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const del = (a: LoggedInAgent, url: string) => a.agent.delete(url).set('X-XSRF-TOKEN', a.xsrf);
  const answer = (res: { status: number; body: { code?: string } }) => ({ status: res.status, code: res.body?.code });
  const refusals = () => audit.filter((e) => e.type === 'self-grant.refused');
  const count = async (sql: string, params: unknown[] = []) => ((await db.query(sql, params)) as Array<{ n: number }>)[0].n;
  /** Grants beyond those the demo office seeds (its agenda officers). */
  let seededGrants = 0;
  const grantCount = async () => (await count(`SELECT count(*)::int AS n FROM agenda_grants`)) - seededGrants;
  const substitutionCount = () => count(`SELECT count(*)::int AS n FROM substitutions WHERE revoked_at IS NULL`);

  /** A directory group for a local demo account (as LDAP sync would store it: name and DN). */
  async function joinGroup(username: string, group: string): Promise<void> {
    await db.query(
      `INSERT INTO user_directory (user_id, dn, groups, synced_at, checked_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (user_id) DO UPDATE SET groups = user_directory.groups || EXCLUDED.groups`,
      [ids[username], `uid=${username},ou=people,dc=test`, [group, `cn=${group},ou=groups,dc=test`]],
    );
  }

  describe('observed: the system administrator', () => {
    it('cannot grant himself the auditor grant, so reads no drafts, comments or attachments', async () => {
      // Jan Novák's draft grant application with a comment and an attachment.
      const jnovak = await loginAs(app, 'jnovak');
      const draft = await post(jnovak, '/api/v1/requests', { agenda: 'grant-application', data: { programme: '4.1-kultura', projectTitle: 'Ještědské hudební léto 2027' } }).expect(201);
      const id: string = draft.body.id;
      await post(jnovak, `/api/v1/requests/${id}/comments`, { body: 'Rozpočet ještě upravím.' }).expect(201);
      const pdf = Buffer.from('%PDF-1.7\n% rozpočet\n%%EOF\n');
      const file = await jnovak.agent.post(`/api/v1/requests/${id}/attachments?filename=rozpocet.pdf`).set('X-XSRF-TOKEN', jnovak.xsrf).set('Content-Type', 'application/octet-stream').send(pdf).expect(201);

      const sysadmin = await loginAs(app, 'ohajek');
      for (const [url, body] of [
        ['/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['ohajek'], agendaCode: 'grant-application', grant: 'auditor' }],
        ['/api/v1/admin/agenda-grants', { subjectType: 'role', subject: 'system-admin', agendaCode: 'grant-application', grant: 'auditor' }],
        // The agenda designer's grants page is the same decision through another door.
        ['/api/v1/admin/agendas/grant-application/grants', { subjectType: 'user', subject: 'ohajek', grant: 'auditor' }],
      ] as const) {
        const res = await post(sysadmin, url, body);
        expect({ url, body, ...answer(res) }).toEqual({ url, body, status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      }
      expect(await grantCount()).toBe(0);
      // Every refused self-grant is a security event in the audit log.
      expect(refusals()).toHaveLength(3);
      expect(refusals()[0]).toMatchObject({ actorId: ids['ohajek'], data: { kind: 'agenda-grant', agendaCode: 'grant-application', grant: 'auditor' } });
      const [{ n: logged }] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'identity.self-grant.refused' AND actor_id = $1`, [ids['ohajek']]);
      expect(logged).toBe(3);

      expect((await sysadmin.agent.get(`/api/v1/requests/${id}`)).status).toBe(404);
      expect((await sysadmin.agent.get(`/api/v1/requests/${id}/comments`)).status).toBe(404);
      expect((await sysadmin.agent.get(`/api/v1/requests/${id}/attachments/${file.body.fileId}`)).status).toBe(404);
    });

    it('cannot name himself the director’s deputy, so does not approve leave on his behalf', async () => {
      // Jana Dvořáková heads a department without a parent: her leave goes to the director.
      const head = await loginAs(app, 'jdvorakova');
      const filed = await post(head, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2031-03-03', dateTo: '2031-03-04' } }).expect(201);
      await post(head, `/api/v1/requests/${filed.body.id}/transitions`, { transition: 'submit', expectedVersion: filed.body.version }).expect(200);

      const sysadmin = await loginAs(app, 'ohajek');
      const self = { principalId: ids['pstastny'], deputyId: ids['ohajek'], validFrom: iso(-DAY), validTo: iso(7 * DAY) };
      expect(answer(await post(sysadmin, '/api/v1/admin/substitutions', self))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      const { principalId: _p, ...forPerson } = self;
      expect(answer(await post(sysadmin, `/api/v1/people/${ids['pstastny']}/deputies`, forPerson))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      expect(await substitutionCount()).toBe(0);
      expect(refusals().map((e) => e.data?.['kind'])).toEqual(['substitution', 'substitution']);

      expect((await sysadmin.agent.get('/api/v1/tasks').expect(200)).body.items).toEqual([]);
      expect((await sysadmin.agent.get(`/api/v1/requests/${filed.body.id}`)).status).toBe(404);
      const approve = await post(sysadmin, `/api/v1/requests/${filed.body.id}/transitions`, { transition: 'approve', expectedVersion: 2 });
      expect([403, 404]).toContain(approve.status);
      expect(await db.query(`SELECT state FROM requests WHERE id = $1`, [filed.body.id])).toEqual([{ state: 'approval' }]);
    });

    it('reads no HR month or payroll, not even of the director’s department', async () => {
      const sysadmin = await loginAs(app, 'ohajek');
      const [kr]: Array<{ id: string }> = await db.query(`SELECT id FROM departments WHERE code = 'KR'`);
      expect((await sysadmin.agent.get('/api/v1/attendance/access').expect(200)).body).toEqual({ hr: false, managesDepartments: [] });
      expect((await sysadmin.agent.get(`/api/v1/attendance/hr/months/2026-10?department=${kr.id}`)).status).toBe(403);
      expect((await sysadmin.agent.get(`/api/v1/attendance/hr/months/2026-10/payroll?format=csv&department=${kr.id}`)).status).toBe(403);
      expect((await sysadmin.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${ids['pstastny']}`)).status).toBe(404);
      // The director and HR do.
      const director = await loginAs(app, 'pstastny');
      const month = (await director.agent.get(`/api/v1/attendance/hr/months/2026-10?department=${kr.id}`).expect(200)).body.rows as Array<{ userId: string }>;
      expect(month.map((r) => r.userId)).toContain(ids['pstastny']);
      const hr = await loginAs(app, 'mhorakova');
      await hr.agent.get(`/api/v1/attendance/hr/months/2026-10/payroll?format=csv&department=${kr.id}`).expect(200);
    });
  });

  describe('agenda grants', () => {
    it('refuses self-grants through a role or a directory group the agenda administrator holds, audited', async () => {
      await joinGroup('lcerna', 'KULK-Spravci-Agend');
      const agendaAdmin = await loginAs(app, 'lcerna');
      for (const subject of [
        { subjectType: 'user', subject: ids['lcerna'] },
        { subjectType: 'role', subject: 'agenda-admin' },
        { subjectType: 'role', subject: 'employee' },
        { subjectType: 'group', subject: 'kulk-spravci-agend' },
        { subjectType: 'group', subject: 'CN=KULK-Spravci-Agend,OU=Groups,DC=test' },
      ]) {
        const res = await post(agendaAdmin, '/api/v1/admin/agenda-grants', { ...subject, agendaCode: 'grant-application', grant: 'officer' });
        expect({ subject, ...answer(res) }).toEqual({ subject, status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      }
      const designer = await post(agendaAdmin, '/api/v1/admin/agendas/grant-application/grants', { subjectType: 'group', subject: 'KULK-Spravci-Agend', grant: 'officer' });
      expect(answer(designer)).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      expect(await grantCount()).toBe(0);
      expect(refusals()).toHaveLength(6);
      expect(refusals().every((e) => e.actorId === ids['lcerna'])).toBe(true);
    });

    it('lets an agenda administrator grant and withdraw case access of others', async () => {
      const agendaAdmin = await loginAs(app, 'lcerna');
      const officer = await post(agendaAdmin, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['triha'], agendaCode: 'grant-application', grant: 'officer' }).expect(201);
      await post(agendaAdmin, '/api/v1/admin/agenda-grants', { subjectType: 'group', subject: 'KULK-Dotace-Hodnotitele', agendaCode: 'grant-application', grant: 'auditor' }).expect(201);
      // Through the designer too (by username).
      await post(agendaAdmin, '/api/v1/admin/agendas/grant-application/grants', { subjectType: 'user', subject: 'kprochazka', grant: 'admin' }).expect(201);
      expect(await grantCount()).toBe(3);
      await del(agendaAdmin, `/api/v1/admin/agenda-grants/${officer.body.id}`).expect(204);
      expect(await grantCount()).toBe(2);

      // The agenda's own administrator (a grant, not the global role) manages that agenda only — and never themselves.
      const agendaOwner = await loginAs(app, 'kprochazka');
      await post(agendaOwner, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['jnovak'], agendaCode: 'grant-application', grant: 'officer' }).expect(201);
      expect(answer(await post(agendaOwner, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['jnovak'], agendaCode: 'leave-request', grant: 'officer' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(answer(await post(agendaOwner, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['kprochazka'], agendaCode: 'grant-application', grant: 'auditor' }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      const listed = (await agendaOwner.agent.get('/api/v1/admin/agenda-grants?agendaCode=grant-application').expect(200)).body as Array<{ agendaCode: string; subject: string }>;
      expect(listed.every((g) => g.agendaCode === 'grant-application')).toBe(true);
      expect(listed.map((g) => g.subject)).toEqual(expect.arrayContaining([ids['jnovak'], ids['kprochazka'], 'KULK-Dotace-Hodnotitele']));
      expect((await agendaOwner.agent.get('/api/v1/admin/agenda-grants?agendaCode=leave-request')).status).toBe(403);
      expect(refusals()).toHaveLength(1);
    });

    it('refuses a system administrator who is not an agenda administrator, for anyone', async () => {
      const agendaAdmin = await loginAs(app, 'lcerna');
      const existing = await post(agendaAdmin, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['triha'], agendaCode: 'grant-application', grant: 'officer' }).expect(201);
      const sysadmin = await loginAs(app, 'ohajek');
      const res = await post(sysadmin, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['jnovak'], agendaCode: 'grant-application', grant: 'auditor' });
      expect(answer(res)).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(answer(await post(sysadmin, '/api/v1/admin/agendas/grant-application/grants', { subjectType: 'user', subject: 'jnovak', grant: 'auditor' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect((await del(sysadmin, `/api/v1/admin/agenda-grants/${existing.body.id}`)).status).toBe(403);
      expect((await sysadmin.agent.get('/api/v1/admin/agenda-grants')).status).toBe(403);
      expect(await grantCount()).toBe(1);
    });
  });

  describe('role mappings', () => {
    it('refuses mapping a directory group the system administrator belongs to, audited; other groups map', async () => {
      await joinGroup('ohajek', 'KULK-IT');
      const sysadmin = await loginAs(app, 'ohajek');
      for (const group of ['KULK-IT', 'kulk-it', 'cn=KULK-IT,ou=groups,dc=test']) {
        const res = await post(sysadmin, '/api/v1/admin/role-mappings', { group, role: 'auditor' });
        expect({ group, ...answer(res) }).toEqual({ group, status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      }
      expect(await count(`SELECT count(*)::int AS n FROM role_mappings`)).toBe(0);
      expect(refusals()).toHaveLength(3);
      expect(refusals()[0]).toMatchObject({ actorId: ids['ohajek'], data: { kind: 'role-mapping', group: 'KULK-IT', role: 'auditor' } });
      await post(sysadmin, '/api/v1/admin/role-mappings', { group: 'KULK-Auditori', role: 'auditor' }).expect(201);
    });
  });

  describe('departments', () => {
    it('refuses a system administrator making himself a head, or placing a department under one he heads, audited', async () => {
      const sysadmin = await loginAs(app, 'ohajek');
      const patch = (id: string, body: object) => sysadmin.agent.patch(`/api/v1/admin/departments/${id}`).set('X-XSRF-TOKEN', sysadmin.xsrf).send(body);
      expect(answer(await post(sysadmin, '/api/v1/admin/departments', { code: 'OKPP', name: 'Odbor kultury', headUserId: ids['ohajek'] }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      const okpp = await post(sysadmin, '/api/v1/admin/departments', { code: 'OKPP', name: 'Odbor kultury', headUserId: ids['triha'] }).expect(201);
      expect(answer(await patch(okpp.body.id, { headUserId: ids['ohajek'] }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      // Made head by someone else (here: as the directory import would), he keeps editing the
      // department's name, but does not move another department under it.
      await db.query(`UPDATE departments SET head_user_id = $1 WHERE id = $2`, [ids['ohajek'], okpp.body.id]);
      await patch(okpp.body.id, { name: 'Odbor kultury, památkové péče a cestovního ruchu' }).expect(200);
      const [od]: Array<{ id: string }> = await db.query(`SELECT id FROM departments WHERE code = 'OD'`);
      expect(answer(await patch(od.id, { parentId: okpp.body.id }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      expect(answer(await post(sysadmin, '/api/v1/admin/departments', { code: 'OKPP-PP', name: 'Oddělení památkové péče', parentId: okpp.body.id }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      expect(await db.query(`SELECT parent_id FROM departments WHERE id = $1`, [od.id])).toEqual([{ parent_id: null }]);
      expect(refusals().map((e) => e.data?.['kind'])).toEqual(['department-head', 'department-head', 'department-parent', 'department-parent']);
    });
  });

  describe('substitutions', () => {
    const period = () => ({ validFrom: iso(-DAY), validTo: iso(7 * DAY) });

    it('lets the line manager name a deputy for their employee, and the director for a department head', async () => {
      const head = await loginAs(app, 'jdvorakova');
      const named = await post(head, `/api/v1/people/${ids['jnovak']}/deputies`, { deputyId: ids['lcerna'], ...period(), note: 'nemoc' }).expect(201);
      expect(named.body).toMatchObject({ principal: { username: 'jnovak' }, deputy: { username: 'lcerna' }, source: 'manager', active: true });
      expect((await head.agent.get(`/api/v1/people/${ids['jnovak']}/deputies`).expect(200)).body.map((s: { id: string }) => s.id)).toEqual([named.body.id]);
      // The employee sees it among their own deputies and may end it; so may the manager.
      const jnovak = await loginAs(app, 'jnovak');
      expect((await jnovak.agent.get('/api/v1/me/deputies').expect(200)).body.deputies.map((s: { id: string }) => s.id)).toEqual([named.body.id]);
      await del(head, `/api/v1/people/${ids['jnovak']}/deputies/${named.body.id}`).expect(204);

      const director = await loginAs(app, 'pstastny');
      await post(director, `/api/v1/people/${ids['jdvorakova']}/deputies`, { deputyId: ids['jnovak'], ...period() }).expect(201);
      // Not the head for someone outside her department, not a colleague, not the manager as the deputy.
      expect(answer(await post(head, `/api/v1/people/${ids['triha']}/deputies`, { deputyId: ids['jnovak'], ...period() }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(answer(await post(jnovak, `/api/v1/people/${ids['lcerna']}/deputies`, { deputyId: ids['ohajek'], ...period() }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(answer(await post(head, `/api/v1/people/${ids['jnovak']}/deputies`, { deputyId: ids['jdvorakova'], ...period() }))).toEqual({ status: 403, code: 'SELF_GRANT_FORBIDDEN' });
      expect(answer(await post(head, `/api/v1/people/${ids['jnovak']}/deputies`, { deputyId: ids['jnovak'], ...period() }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect((await head.agent.get(`/api/v1/people/${ids['triha']}/deputies`)).status).toBe(403);
      expect(await substitutionCount()).toBe(1);
      expect(refusals()).toHaveLength(1);
    });

    it('does not let a system administrator create substitutions for others', async () => {
      const sysadmin = await loginAs(app, 'ohajek');
      const body = { principalId: ids['jdvorakova'], deputyId: ids['triha'], ...period() };
      expect(answer(await post(sysadmin, '/api/v1/admin/substitutions', body))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(answer(await post(sysadmin, `/api/v1/people/${ids['jdvorakova']}/deputies`, { deputyId: ids['triha'], ...period() }))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(await substitutionCount()).toBe(0);
    });

    it('lets a system administrator list and revoke any substitution (revoking only takes access away)', async () => {
      const head = await loginAs(app, 'jdvorakova');
      const own = await post(head, '/api/v1/me/deputies', { deputyId: ids['jnovak'], ...period() }).expect(201);
      const sysadmin = await loginAs(app, 'ohajek');
      expect((await sysadmin.agent.get(`/api/v1/admin/substitutions?principalId=${ids['jdvorakova']}`).expect(200)).body.map((s: { id: string }) => s.id)).toEqual([own.body.id]);
      await sysadmin.agent.get(`/api/v1/admin/substitutions/${own.body.id}`).expect(200);
      await del(sysadmin, `/api/v1/admin/substitutions/${own.body.id}`).expect(204);
      expect(await substitutionCount()).toBe(0);
      expect(audit.filter((e) => e.type === 'substitution.revoked')).toEqual([expect.objectContaining({ actorId: ids['ohajek'], subjectId: own.body.id })]);
    });
  });

  describe('the system-admin role implies no fleet, facility or dashboard access', () => {
    it('refuses resource administration and the dashboards to the system administrator; the fleet and facility manager has them', async () => {
      const sysadmin = await loginAs(app, 'ohajek');
      expect((await sysadmin.agent.get('/api/v1/admin/resources?type=car')).status).toBe(403);
      expect((await sysadmin.agent.get('/api/v1/admin/booking-rules/room')).status).toBe(403);
      const manager = await loginAs(app, 'vbenes');
      await manager.agent.get('/api/v1/admin/booking-rules/room').expect(200);
      expect((await sysadmin.agent.get('/api/v1/dashboards?from=2026-01-01&to=2026-12-31')).status).toBe(403);
      expect((await sysadmin.agent.get('/api/v1/dashboards/csv?chart=requestsPerMonth&from=2026-01-01&to=2026-12-31')).status).toBe(403);
    });
  });

  describe('the line manager', () => {
    it('sees the attendance of the people of the department’s sections too, and names their deputies', async () => {
      const [oinf]: Array<{ id: string }> = await db.query(`SELECT id FROM departments WHERE code = 'OINF'`);
      const [section]: Array<{ id: string }> = await db.query(`INSERT INTO departments (code, name, parent_id) VALUES ('OINF-PROV', 'Oddělení provozu', $1) RETURNING id`, [oinf.id]);
      const head = await loginAs(app, 'jdvorakova');
      expect((await head.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${ids['triha']}`)).status).toBe(404);
      await db.query(`UPDATE users SET department_id = $1 WHERE id = $2`, [section.id, ids['triha']]);
      await head.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${ids['triha']}`).expect(200);
      await post(head, `/api/v1/people/${ids['triha']}/deputies`, { deputyId: ids['jnovak'], validFrom: iso(-DAY), validTo: iso(DAY) }).expect(201);
    });
  });

  describe('a deputy of a head sees the department, never the head’s own personal data', () => {
    it('leaves the director’s own timesheet out of what his deputy sees of his department', async () => {
      const director = await loginAs(app, 'pstastny');
      await post(director, '/api/v1/me/deputies', { deputyId: ids['jdvorakova'], validFrom: iso(-DAY), validTo: iso(7 * DAY) }).expect(201);
      const [kr]: Array<{ id: string }> = await db.query(`SELECT id FROM departments WHERE code = 'KR'`);
      const deputy = await loginAs(app, 'jdvorakova');
      const rows = (await deputy.agent.get(`/api/v1/attendance/hr/months/2026-10?department=${kr.id}`).expect(200)).body.rows as Array<{ userId: string }>;
      expect(rows.map((r) => r.userId)).toEqual(expect.arrayContaining([ids['mhorakova'], ids['vbenes']]));
      expect(rows.map((r) => r.userId)).not.toContain(ids['pstastny']);
      const csv = (await deputy.agent.get(`/api/v1/attendance/hr/months/2026-10/payroll?format=csv&department=${kr.id}`).expect(200)).text;
      expect(csv).not.toContain('Šťastný');
      expect((await deputy.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${ids['pstastny']}`)).status).toBe(404);
      expect((await deputy.agent.get(`/api/v1/attendance/timesheets/2026-10?user=${ids['vbenes']}`)).status).toBe(200);
    });
  });
});
