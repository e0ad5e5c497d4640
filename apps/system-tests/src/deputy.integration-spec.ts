import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestUser, distinctLeaveDay, loadShippedAgendas, LoggedInAgent, loginAs, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

/**
 * Issue 4's promise, end to end through the HTTP API: while the manager is absent, the deputy she
 * named sees her task, completes it, and the history and the audit log say on whose behalf.
 */
describe('substitution: a deputy completes the absent manager\'s task', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    system = await startSystem({ PUBLIC_BASE_URL: 'https://agendy.test' });
    ({ app, db } = system);
  });
  afterAll(() => system.stop());
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const tasksOf = async (a: LoggedInAgent) =>
    (await a.agent.get('/api/v1/tasks').expect(200)).body.items as Array<{ via: string; request: { id: string } }>;

  let filed = 0;
  async function fileAndSubmitLeave(): Promise<string> {
    const jnovak = await loginAs(app, 'jnovak');
    const created = await post(jnovak, '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(filed++) }).expect(201);
    await post(jnovak, `/api/v1/requests/${created.body.id}/transitions`, { transition: 'submit', expectedVersion: created.body.version }).expect(200);
    return created.body.id;
  }

  it('offers the task to the deputy only while the substitution is active, and records "on behalf of"', async () => {
    const [managerId, deputyId] = [await userId(db, 'jdvorakova'), await userId(db, 'triha')];
    const id = await fileAndSubmitLeave();

    const deputy = await loginAs(app, 'triha');
    // Before any substitution the deputy neither sees the task nor the request.
    expect(await tasksOf(deputy)).toEqual([]);
    expect((await deputy.agent.get(`/api/v1/requests/${id}`)).status).toBe(404);

    const manager = await loginAs(app, 'jdvorakova');
    const now = Date.now();
    const substitution = await post(manager, '/api/v1/me/deputies', {
      deputyId,
      validFrom: new Date(now - 60_000).toISOString(),
      validTo: new Date(now + 7 * 86_400_000).toISOString(),
      note: 'dovolená',
    }).expect(201);

    const offered = await tasksOf(deputy);
    expect(offered).toEqual([expect.objectContaining({ via: 'substitution', request: expect.objectContaining({ id }) })]);
    const detail = (await deputy.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    expect(detail.availableTransitions.map((t: { name: string }) => t.name)).toContain('approve');

    const approved = await post(deputy, `/api/v1/requests/${id}/transitions`, { transition: 'approve', expectedVersion: detail.version }).expect(200);
    expect(approved.body.state.id).toBe('approved');
    const approval = approved.body.history.find((h: { transition: string | null }) => h.transition === 'approve');
    expect(approval.actor.displayName).toBe('Tomáš Říha');
    expect(approval.onBehalfOf).toEqual({ id: managerId, displayName: 'Jana Dvořáková' });

    const audit: Array<{ actor_id: string; on_behalf_of: string | null; details: { event: string } }> = await db.query(
      `SELECT actor_id, on_behalf_of, details FROM audit_log WHERE object_id = $1 AND action = 'request.transition' ORDER BY seq`,
      [id],
    );
    expect(audit.at(-1)).toMatchObject({ actor_id: deputyId, on_behalf_of: managerId, details: { event: 'approve' } });

    // Once revoked, a new leave request of the same filer is no longer offered to the deputy.
    await manager.agent.delete(`/api/v1/me/deputies/${substitution.body.id}`).set('X-XSRF-TOKEN', manager.xsrf).expect(204);
    const second = await fileAndSubmitLeave();
    expect((await tasksOf(deputy)).map((t) => t.request.id)).not.toContain(second);
    expect((await tasksOf(manager)).map((t) => t.request.id)).toContain(second);
  });

  it('never lets a deputy into the absent person’s own request: not in the inbox, not readable, not cancellable (issue 19)', async () => {
    const deputyId = await userId(db, 'triha');
    const manager = await loginAs(app, 'jdvorakova');
    const now = Date.now();
    await post(manager, '/api/v1/me/deputies', { deputyId, validFrom: new Date(now - 60_000).toISOString(), validTo: new Date(now + 7 * 86_400_000).toISOString(), note: 'nemoc' }).expect(201);
    // Her own leave: the draft (and later the approved leave) is a task addressed to her as the filer.
    const own = await post(manager, '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(filed++) }).expect(201);
    const deputy = await loginAs(app, 'triha');
    expect((await tasksOf(deputy)).map((t) => t.request.id)).not.toContain(own.body.id);
    expect((await deputy.agent.get(`/api/v1/requests/${own.body.id}`)).status).toBe(404);
    const cancel = await post(deputy, `/api/v1/requests/${own.body.id}/transitions`, { transition: 'cancel', expectedVersion: own.body.version });
    expect(cancel.status).toBe(404);
    expect((await manager.agent.get(`/api/v1/requests/${own.body.id}`).expect(200)).body.state.id).toBe('draft');
    // Her work items are still the deputy's to take over: a leave of her employee reaches him.
    const work = await fileAndSubmitLeave();
    expect((await tasksOf(deputy)).map((t) => t.request.id)).toContain(work);
  });

  it('lets auditors read a request but not comment on it or attach files (issue 19)', async () => {
    await createTestUser(db, { username: 'auditorka', displayName: 'Alena Auditní', roles: ['employee', 'auditor'] });
    const id = await fileAndSubmitLeave();
    const auditor = await loginAs(app, 'auditorka');
    expect((await auditor.agent.get(`/api/v1/requests/${id}`)).status).toBe(200);
    expect((await auditor.agent.get(`/api/v1/requests/${id}/comments`)).status).toBe(200);
    const comment = await post(auditor, `/api/v1/requests/${id}/comments`, { body: 'Kontrola.' });
    expect([comment.status, comment.body.code]).toEqual([403, 'FORBIDDEN']);
    const upload = await auditor.agent.post(`/api/v1/requests/${id}/attachments?filename=x.pdf`).set('X-XSRF-TOKEN', auditor.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('%PDF-1.7\n%%EOF\n'));
    expect([upload.status, upload.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(await db.query(`SELECT count(*)::int AS n FROM request_comments WHERE request_id = $1`, [id])).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM attachments WHERE request_id = $1`, [id])).toEqual([{ n: 0 }]);
    // Those who work on it still do.
    await post(await loginAs(app, 'jdvorakova'), `/api/v1/requests/${id}/comments`, { body: 'Schvaluji.' }).expect(201);
  });

  it('lets whoever may take a step of the current state see the request: HR records an approved leave as taken (issue 19)', async () => {
    await createTestUser(db, { username: 'personalistka', displayName: 'Petra Personální', groups: ['KULK-Personalni'] });
    const id = await fileAndSubmitLeave();
    const hr = await loginAs(app, 'personalistka');
    // While the leave waits for the manager, HR has no step in it and does not see it.
    expect((await hr.agent.get(`/api/v1/requests/${id}`)).status).toBe(404);
    const manager = await loginAs(app, 'jdvorakova');
    const waiting = (await manager.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    await post(manager, `/api/v1/requests/${id}/transitions`, { transition: 'approve', expectedVersion: waiting.version }).expect(200);
    // Approved: recording it as taken is HR's step, so HR sees it and can take it (404 before, per the soak).
    const approved = (await hr.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    expect(approved.availableTransitions.map((t: { name: string }) => t.name)).toContain('record-taken');
    await post(hr, `/api/v1/requests/${id}/transitions`, { transition: 'record-taken', expectedVersion: approved.version }).expect(200);
    // Closed: no step is left for HR, but whoever took a step keeps reading what they did.
    expect((await hr.agent.get(`/api/v1/requests/${id}`).expect(200)).body.state.id).toBe('taken');
    // A colleague with no part in it still gets 404.
    expect((await (await loginAs(app, 'triha')).agent.get(`/api/v1/requests/${id}`)).status).toBe(404);
  });
});
