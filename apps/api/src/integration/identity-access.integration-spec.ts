import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { base32Decode, DelegationService, hotp, IdentityAuditEvent, IdentityAuditHub, LoginThrottle, PolicyService, totpStep } from '@agendy/server/feature-identity';
import { JobProducer } from '@agendy/server/queue';
import { anonymousAgent, createTestUser, loadShippedAgendas, LoggedInAgent, loginAs, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('deputies, policy, org structure, role mappings, grants, TOTP (local accounts)', () => {
  let app: INestApplication;
  let db: DataSource;
  let ids: Record<string, string>;
  const audit: IdentityAuditEvent[] = [];

  beforeAll(async () => {
    app = await createApiApp(testConfig());
    await app.init();
    db = app.get(DataSource);
    app.get(IdentityAuditHub).use({ record: async (e) => void audit.push(e) });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    const redis = app.get(JobProducer).redis;
    const keys = await redis.keys(app.get(LoginThrottle).keyPattern());
    if (keys.length) await redis.del(...keys);
    const rows: Array<{ id: string; username: string }> = await db.query('SELECT id, username FROM users');
    ids = Object.fromEntries(rows.map((r) => [r.username, r.id]));
    audit.length = 0;
  });

  const post = (a: LoggedInAgent, url: string, body: object = {}) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);

  describe('my deputies', () => {
    it('names a deputy, shows it in me for both people, and revokes it', async () => {
      const boss = await loginAs(app, 'jdvorakova');
      const created = await post(boss, '/api/v1/me/deputies', { deputyId: ids['jnovak'], validFrom: iso(-DAY), validTo: iso(7 * DAY), note: 'dovolená' }).expect(201);
      expect(created.body).toMatchObject({ principal: { username: 'jdvorakova', displayName: 'Jana Dvořáková' }, deputy: { username: 'jnovak' }, source: 'self', active: true, note: 'dovolená' });

      const bossMe = (await boss.agent.get('/api/v1/auth/me').expect(200)).body;
      expect(bossMe.deputies.map((s: { deputy: { username: string } }) => s.deputy.username)).toEqual(['jnovak']);
      const deputy = await loginAs(app, 'jnovak');
      const deputyMe = (await deputy.agent.get('/api/v1/auth/me').expect(200)).body;
      expect(deputyMe.actingFor.map((s: { principal: { username: string } }) => s.principal.username)).toEqual(['jdvorakova']);
      expect((await deputy.agent.get('/api/v1/me/deputies').expect(200)).body).toMatchObject({ deputies: [], actingFor: [{ id: created.body.id }] });

      // The deputy cannot revoke (nor extend) their own mandate.
      expect((await deputy.agent.delete(`/api/v1/me/deputies/${created.body.id}`).set('X-XSRF-TOKEN', deputy.xsrf)).status).toBe(404);
      await boss.agent.delete(`/api/v1/me/deputies/${created.body.id}`).set('X-XSRF-TOKEN', boss.xsrf).expect(204);
      expect((await deputy.agent.get('/api/v1/auth/me').expect(200)).body.actingFor).toEqual([]);
      expect(audit.map((e) => e.type)).toEqual(expect.arrayContaining(['substitution.created', 'substitution.revoked']));
    });

    it('validates the period and the people', async () => {
      const me = await loginAs(app, 'jnovak');
      const cases = [
        { deputyId: ids['jnovak'], validFrom: iso(0), validTo: iso(DAY) },
        { deputyId: ids['triha'], validFrom: iso(DAY), validTo: iso(0) },
        { deputyId: ids['triha'], validFrom: iso(-3 * DAY), validTo: iso(-DAY) },
        { deputyId: ids['triha'], validFrom: iso(0), validTo: iso(400 * DAY) },
        { deputyId: randomUUID(), validFrom: iso(0), validTo: iso(DAY) },
        { deputyId: ids['triha'], validFrom: 'zítra', validTo: iso(DAY) },
        { deputyId: ids['triha'], validFrom: iso(0), validTo: iso(DAY), principalId: ids['pstastny'] },
      ];
      for (const body of cases) {
        const res = await post(me, '/api/v1/me/deputies', body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect(await db.query('SELECT count(*)::int AS n FROM substitutions')).toEqual([{ n: 0 }]);
    });
  });

  describe('substitutions named for someone else', () => {
    it('lets the line manager set up a deputy for someone else, nobody else; a system admin lists and revokes', async () => {
      const body = { principalId: ids['jdvorakova'], deputyId: ids['triha'], validFrom: iso(0), validTo: iso(DAY) };
      // The admin endpoint creates nothing for those without the system-admin role, and a system
      // admin who is not the line manager is refused too (ADR 0004).
      for (const who of ['jnovak', 'jdvorakova', 'pstastny', 'lcerna', 'ohajek']) {
        const a = await loginAs(app, who);
        const res = await post(a, '/api/v1/admin/substitutions', body);
        expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
      }
      const { principalId: _principal, ...forPerson } = body;
      for (const who of ['jnovak', 'lcerna', 'ohajek', 'triha']) {
        const a = await loginAs(app, who);
        const res = await post(a, `/api/v1/people/${ids['jdvorakova']}/deputies`, forPerson);
        expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 403, code: who === 'triha' ? 'SELF_GRANT_FORBIDDEN' : 'FORBIDDEN' });
      }
      // Jana Dvořáková heads a department without a parent: her line manager is the director.
      const director = await loginAs(app, 'pstastny');
      const created = await post(director, `/api/v1/people/${ids['jdvorakova']}/deputies`, forPerson).expect(201);
      expect(created.body).toMatchObject({ source: 'manager', principal: { username: 'jdvorakova' }, deputy: { username: 'triha' } });
      const admin = await loginAs(app, 'ohajek');
      expect((await admin.agent.get(`/api/v1/admin/substitutions?principalId=${ids['jdvorakova']}`).expect(200)).body).toHaveLength(1);
      await admin.agent.get(`/api/v1/admin/substitutions/${created.body.id}`).expect(200);
      await admin.agent.delete(`/api/v1/admin/substitutions/${created.body.id}`).set('X-XSRF-TOKEN', admin.xsrf).expect(204);
      await admin.agent.get(`/api/v1/admin/substitutions/${created.body.id}`).expect(404);
    });
  });

  describe('PolicyService and DelegationService (the API the request runtime uses)', () => {
    it('lets a deputy see and act on the absent manager’s task on their behalf, only while active', async () => {
      const policy = app.get(PolicyService);
      const delegation = app.get(DelegationService);
      const task = { assigneeIds: [ids['jdvorakova']], agendaCode: 'dovolena' };
      const requestFacts = { filerId: ids['jnovak'], assigneeIds: [ids['jdvorakova']], agendaCode: 'dovolena' };

      expect((await policy.canActOnTask(ids['triha'], task)).allowed).toBe(false);
      expect((await policy.canSeeRequest(ids['triha'], requestFacts)).allowed).toBe(false);

      const sub = await delegation.create({ principalId: ids['jdvorakova'], deputyId: ids['triha'], validFrom: new Date(Date.now() - 1000), validTo: new Date(Date.now() + DAY), source: 'self', createdBy: ids['jdvorakova'] });
      expect(await delegation.actorsFor(ids['triha'])).toEqual([
        { principalId: ids['triha'], substitutionId: null },
        { principalId: ids['jdvorakova'], substitutionId: sub.id },
      ]);
      expect(await delegation.activeDeputiesOf(ids['jdvorakova'])).toEqual([ids['triha']]);

      const decision = await policy.assertCanActOnTask(ids['triha'], task);
      expect(decision).toEqual({ allowed: true, reason: 'deputy', onBehalfOf: { principalId: ids['jdvorakova'], substitutionId: sub.id } });
      expect((await policy.canSeeRequest(ids['triha'], requestFacts)).reason).toBe('deputy');
      // What the runtime records with the action: who acted, on whose behalf.
      await app.get(IdentityAuditHub).record({ type: 'login.succeeded', actorId: ids['triha'], onBehalfOfId: decision.onBehalfOf?.principalId ?? null });
      expect(audit.at(-1)).toMatchObject({ actorId: ids['triha'], onBehalfOfId: ids['jdvorakova'] });

      // Not before it starts, not after it ends, not once revoked, not when the deputy is disabled.
      expect((await policy.canActOnTask(ids['triha'], task, new Date(Date.now() + 2 * DAY))).allowed).toBe(false);
      await db.query(`UPDATE users SET active = false WHERE id = $1`, [ids['triha']]);
      expect(await delegation.actorsFor(ids['triha'])).toHaveLength(1);
      await db.query(`UPDATE users SET active = true WHERE id = $1`, [ids['triha']]);
      await delegation.revoke(sub.id, ids['jdvorakova'], ids['jdvorakova']);
      await expect(policy.assertCanActOnTask(ids['triha'], task)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(policy.assertCanSeeRequest(ids['triha'], requestFacts)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('applies roles and per-agenda grants (user, role, group) to request visibility', async () => {
      const policy = app.get(PolicyService);
      const facts = { filerId: ids['jnovak'], assigneeIds: [ids['jdvorakova']], agendaCode: 'dotace' };
      expect((await policy.canSeeRequest(ids['lcerna'], facts)).reason).toBe('agenda-admin');
      expect((await policy.canSeeRequest(ids['ohajek'], facts)).allowed).toBe(false);
      expect((await policy.canSeeRequest(ids['pstastny'], facts)).allowed).toBe(false);
      await db.query(`INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant") VALUES ('user', $1, 'dotace', 'officer'), ('role', 'director', 'dotace', 'auditor')`, [ids['triha']]);
      expect((await policy.canSeeRequest(ids['triha'], facts)).reason).toBe('agenda-officer');
      expect((await policy.canSeeRequest(ids['triha'], { ...facts, agendaCode: 'vozy' })).allowed).toBe(false);
      expect((await policy.canSeeRequest(ids['pstastny'], facts)).reason).toBe('auditor');
      expect(await policy.requestVisibilityScope(ids['triha'])).toEqual({ all: false, agendaCodes: ['dotace'], filerId: ids['triha'], assigneeIds: [ids['triha']] });
    });

    it('activates substitutions from an approved leave exactly once', async () => {
      const delegation = app.get(DelegationService);
      const input = { userId: ids['jdvorakova'], from: new Date(Date.now() - 1000), to: new Date(Date.now() + 5 * DAY), deputyIds: [ids['jnovak'], ids['triha'], ids['jnovak']], sourceRequestId: 'REQ-2026-000123' };
      const first = await delegation.activateFromLeave(input);
      const again = await delegation.activateFromLeave(input);
      expect(first.map((s) => s.deputy.username).sort()).toEqual(['jnovak', 'triha']);
      expect(again.map((s) => s.id).sort()).toEqual(first.map((s) => s.id).sort());
      expect(first.every((s) => s.source === 'leave' && s.sourceRequestId === 'REQ-2026-000123' && s.active)).toBe(true);
      expect(await delegation.revokeFromLeave('REQ-2026-000123')).toBe(2);
      expect(await delegation.activeDeputiesOf(ids['jdvorakova'])).toEqual([]);
    });
  });

  describe('departments', () => {
    it('lets a system admin create a department and a section with a head, and edit them', async () => {
      const admin = await loginAs(app, 'ohajek');
      const dep = await post(admin, '/api/v1/admin/departments', { code: 'OKPP', name: 'Odbor kultury, památkové péče a cestovního ruchu', headUserId: ids['triha'] }).expect(201);
      expect(dep.body).toMatchObject({ kind: 'department', parentId: null, head: { username: 'triha', displayName: 'Tomáš Říha' } });
      const sec = await post(admin, '/api/v1/admin/departments', { code: 'OKPP-PP', name: 'Oddělení památkové péče', parentId: dep.body.id }).expect(201);
      expect(sec.body).toMatchObject({ kind: 'section', parentId: dep.body.id, head: null });
      const edited = await admin.agent.patch(`/api/v1/admin/departments/${sec.body.id}`).set('X-XSRF-TOKEN', admin.xsrf).send({ headUserId: ids['jnovak'], nameEn: 'Heritage Section' }).expect(200);
      expect(edited.body).toMatchObject({ nameEn: 'Heritage Section', head: { username: 'jnovak' } });
      expect((await post(admin, '/api/v1/admin/departments', { code: 'OKPP', name: 'Duplicate' })).status).toBe(409);
      expect((await post(admin, '/api/v1/admin/departments', { code: 'X', name: 'Sub-section', parentId: sec.body.id })).status).toBe(409);
      expect((await post(admin, '/api/v1/admin/departments', { code: 'bad code', name: '' })).body.code).toBe('VALIDATION_FAILED');
      const list = (await admin.agent.get('/api/v1/admin/departments').expect(200)).body;
      expect(list.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['OINF', 'OKPP', 'OKPP-PP']));
      expect((await admin.agent.get(`/api/v1/admin/departments/${randomUUID()}`)).status).toBe(404);
      expect((await admin.agent.get('/api/v1/admin/departments/not-a-uuid')).status).toBe(404);
    });

    it('names the department head as manager when the directory names none', async () => {
      const jan = await loginAs(app, 'jnovak');
      expect((await jan.agent.get('/api/v1/auth/me').expect(200)).body.manager).toMatchObject({ username: 'jdvorakova' });
      const head = await loginAs(app, 'jdvorakova');
      expect((await head.agent.get('/api/v1/auth/me').expect(200)).body.manager).toBeNull();
    });
  });

  describe('role mappings and agenda grants', () => {
    it('lets a system admin manage group → role mappings', async () => {
      const admin = await loginAs(app, 'ohajek');
      const created = await post(admin, '/api/v1/admin/role-mappings', { group: 'spravci', role: 'agenda-admin' }).expect(201);
      expect((await post(admin, '/api/v1/admin/role-mappings', { group: 'SPRAVCI', role: 'agenda-admin' })).status).toBe(409);
      expect((await post(admin, '/api/v1/admin/role-mappings', { group: 'spravci', role: 'boss' })).status).toBe(400);
      expect((await admin.agent.get('/api/v1/admin/role-mappings').expect(200)).body).toEqual([{ id: created.body.id, group: 'spravci', role: 'agenda-admin', source: 'database' }]);
      await admin.agent.delete(`/api/v1/admin/role-mappings/${created.body.id}`).set('X-XSRF-TOKEN', admin.xsrf).expect(204);
    });

    it('lets agenda admins grant officers of an agenda', async () => {
      const agendaAdmin = await loginAs(app, 'lcerna');
      const g = await post(agendaAdmin, '/api/v1/admin/agenda-grants', { subjectType: 'user', subject: ids['triha'], agendaCode: 'dotace', grant: 'officer' }).expect(201);
      expect((await post(agendaAdmin, '/api/v1/admin/agenda-grants', { subjectType: 'role', subject: 'nobody', agendaCode: 'dotace', grant: 'officer' })).status).toBe(400);
      expect((await agendaAdmin.agent.get('/api/v1/admin/agenda-grants?agendaCode=dotace').expect(200)).body).toEqual([g.body]);
      expect((await agendaAdmin.agent.get('/api/v1/admin/role-mappings')).status).toBe(403);
    });
  });

  it('never answers 2xx on any :id endpoint to a user who must not see the object', async () => {
    // Objects owned by others, of every kind an :id endpoint addresses today.
    // Each made by the person whose decision it is (ADR 0004): the absent person names her deputy,
    // the system admin maps a group, the agenda admin grants.
    const sub = await post(await loginAs(app, 'jdvorakova'), '/api/v1/me/deputies', { deputyId: ids['pstastny'], validFrom: iso(0), validTo: iso(DAY) }).expect(201);
    const mapping = await post(await loginAs(app, 'ohajek'), '/api/v1/admin/role-mappings', { group: 'vedouci', role: 'manager' }).expect(201);
    const grant = await post(await loginAs(app, 'lcerna'), '/api/v1/admin/agenda-grants', { subjectType: 'role', subject: 'manager', agendaCode: 'dotace', grant: 'officer' }).expect(201);
    const [department] = await db.query(`SELECT id FROM departments WHERE code = 'OINF'`);
    // A request of the manager (submitted, so it has a task for her own superior), a comment on it
    // and a notification addressed to her: the runtime's :id endpoints get real foreign ids too.
    await loadShippedAgendas(db);
    const owner = await loginAs(app, 'jdvorakova');
    const filed = await post(owner, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-09-04', dateTo: '2028-09-08' } }).expect(201);
    await post(owner, `/api/v1/requests/${filed.body.id}/transitions`, { transition: 'submit', expectedVersion: filed.body.version }).expect(200);
    await post(owner, `/api/v1/requests/${filed.body.id}/comments`, { body: 'Jen pro zúčastněné.' }).expect(201);
    const [task] = await db.query(`SELECT id FROM tasks WHERE request_id = $1`, [filed.body.id]);
    const [notification] = await db.query(
      `INSERT INTO notifications (user_id, request_id, message_cs, message_en) VALUES ($1, $2, 'Test', 'Test') RETURNING id`,
      [ids['jdvorakova'], filed.body.id],
    );
    const objectIds = [sub.body.id, mapping.body.id, grant.body.id, department.id, ids['jdvorakova'], filed.body.id, task.id, notification.id, randomUUID()];
    // The demo office seeds agenda officers too: the sweep must leave exactly these grants.
    const grantsBefore = await db.query(`SELECT id, subject, "grant" FROM agenda_grants ORDER BY id`);
    expect(grantsBefore).toContainEqual({ id: grant.body.id, subject: 'manager', grant: 'officer' });

    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const templates = Object.entries(doc.paths).filter(([path]) => /\{[^}]+\}/.test(path));
    expect(templates.length).toBeGreaterThanOrEqual(6);

    // Never 2xx. Reads and deletes answer 403/404. A write may answer 400 for a body that does not
    // validate (before the access check) only if a non-existent id gets the very same answer:
    // then the answer says nothing about the object.
    const problems: string[] = [];
    let probes = 0;
    for (const username of ['jnovak', 'triha']) {
      const intruder = await loginAs(app, username);
      for (const [template, methods] of templates) {
        for (const method of Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
          const answers: Array<{ id: string; status: number; code: string }> = [];
          for (const id of objectIds) {
            const url = template.replace(/\{[^}]+\}/g, id);
            const res = await intruder.agent[method as 'get'](url).set('X-XSRF-TOKEN', intruder.xsrf).send({});
            answers.push({ id, status: res.status, code: res.body?.code });
            probes++;
          }
          const nonexistent = answers[answers.length - 1];
          for (const a of answers) {
            const strict = a.status === 403 || a.status === 404;
            const blindValidation = a.status === 400 && !['get', 'delete'].includes(method) && a.status === nonexistent.status && a.code === nonexistent.code;
            if (!strict && !blindValidation) problems.push(`${username} ${method.toUpperCase()} ${template} (${a.id}) → ${a.status} ${a.code}`);
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Nothing was changed by the sweep.
    expect(await db.query(`SELECT count(*)::int AS n FROM substitutions WHERE revoked_at IS NULL`)).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM role_mappings`)).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT id, subject, "grant" FROM agenda_grants ORDER BY id`)).toEqual(grantsBefore);
    expect(await db.query(`SELECT version, state FROM requests WHERE id = $1`, [filed.body.id])).toEqual([{ version: 2, state: 'approval' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM request_comments WHERE request_id = $1`, [filed.body.id])).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT read_at FROM notifications WHERE id = $1`, [notification.id])).toEqual([{ read_at: null }]);
    expect(await db.query(`SELECT claimed_by FROM tasks WHERE id = $1`, [task.id])).toEqual([{ claimed_by: null }]);
  });

  describe('TOTP second factor', () => {
    const codeFor = (secret: string, offsetSteps = 0) => hotp(base32Decode(secret), totpStep(Date.now()) + offsetSteps);

    it('enrols, then requires and checks a code at every login, never accepting one twice', async () => {
      const me = await loginAs(app, 'lcerna');
      const enrol = await post(me, '/api/v1/me/otp/enrolment').expect(200);
      expect(enrol.body).toMatchObject({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/), digits: 6, periodSeconds: 30 });
      expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Agendy%3Alcerna\?secret=/);
      expect((await post(me, '/api/v1/me/otp/enrolment/confirm', { otp: '000000' === codeFor(enrol.body.secret) ? '111111' : '000000' })).body.code).toBe('OTP_INVALID');
      await post(me, '/api/v1/me/otp/enrolment/confirm', { otp: codeFor(enrol.body.secret, -1) }).expect(204);
      expect((await me.agent.get('/api/v1/auth/me').expect(200)).body.otpEnabled).toBe(true);
      expect((await post(me, '/api/v1/me/otp/enrolment')).status).toBe(409);
      // The database holds the secret sealed to this user, never the secret itself.
      const [stored]: Array<{ secret: string }> = await db.query(`SELECT t.secret FROM user_totp t JOIN users u ON u.id = t.user_id WHERE u.username = 'lcerna'`);
      expect(stored.secret).toMatch(/^sealed:v1:/);
      expect(stored.secret).not.toContain(enrol.body.secret);

      const login = async (body: object) => {
        const anon = await anonymousAgent(app);
        return anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username: 'lcerna', password: 'demo', ...body });
      };
      const missing = await login({});
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 401, code: 'OTP_REQUIRED' });
      expect(String(missing.headers['set-cookie'] ?? '')).not.toMatch(/agendy-session=/);
      expect((await login({ password: 'wrong', otp: codeFor(enrol.body.secret) })).body.code).toBe('INVALID_CREDENTIALS');
      expect((await login({ otp: '12345' })).body.code).toBe('VALIDATION_FAILED');
      const wrong = codeFor(enrol.body.secret) === '123456' ? '654321' : '123456';
      expect((await login({ otp: wrong })).body.code).toBe('OTP_INVALID');
      const code = codeFor(enrol.body.secret);
      await login({ otp: code }).then((r) => expect(r.status).toBe(200));
      expect((await login({ otp: code })).body.code).toBe('OTP_INVALID');
      expect(audit.filter((e) => e.type === 'login.failed').map((e) => e.data?.['code'])).toEqual(['INVALID_CREDENTIALS', 'OTP_INVALID', 'OTP_INVALID']);
      expect(JSON.stringify(audit)).not.toContain(code);
    });

    it('keeps accepting a secret enrolled before secrets were sealed, and seals it at its first use', async () => {
      const me = await loginAs(app, 'lcerna');
      const enrol = await post(me, '/api/v1/me/otp/enrolment').expect(200);
      // As a row written by an earlier version: the plain base32 secret.
      await db.query(`UPDATE user_totp SET secret = $1 WHERE user_id = (SELECT id FROM users WHERE username = 'lcerna')`, [enrol.body.secret]);
      await post(me, '/api/v1/me/otp/enrolment/confirm', { otp: codeFor(enrol.body.secret) }).expect(204);
      const [stored]: Array<{ secret: string }> = await db.query(`SELECT t.secret FROM user_totp t JOIN users u ON u.id = t.user_id WHERE u.username = 'lcerna'`);
      expect(stored.secret).toMatch(/^sealed:v1:/);
      // Copied onto another user's row, a sealed secret does not open: that user cannot log in with its codes.
      const other = await createTestUser(db, { username: 'otp.kopie', displayName: 'Oto Kopie', roles: ['employee', 'system-admin'] });
      await db.query(`INSERT INTO user_totp (user_id, secret, enabled, created_at) VALUES ($1, $2, true, now())`, [other, stored.secret]);
      const anon = await anonymousAgent(app);
      const res = await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username: 'otp.kopie', password: 'demo', otp: codeFor(enrol.body.secret, 1) });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'OTP_INVALID' });

      // Locked out like that (or with a lost phone), the person is helped by a system administrator — nobody else.
      const path = `/api/v1/admin/users/${other}/otp`;
      expect((await me.agent.delete(path).set('X-XSRF-TOKEN', me.xsrf)).status).toBe(403); // an agenda admin
      const sysadmin = await loginAs(app, 'ohajek');
      await sysadmin.agent.delete(path).set('X-XSRF-TOKEN', sysadmin.xsrf).expect(204);
      expect((await sysadmin.agent.delete(path).set('X-XSRF-TOKEN', sysadmin.xsrf)).status).toBe(404);
      const fresh = await anonymousAgent(app);
      const back = await fresh.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', fresh.xsrf).send({ username: 'otp.kopie', password: 'demo' });
      expect(back.status).toBe(200);
      expect(audit.filter((e) => e.type === 'otp.reset')).toEqual([expect.objectContaining({ subjectId: other })]);
    });
  });
});
