import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, testConfig, truncateAll } from '@agendy/server/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the system under test is the api itself (see support/system.ts)
import { createApiApp } from '../../api/src/app/create-app';

/**
 * The web app's server parts: bulk approval from the inbox and the home page's agenda shortcuts.
 * The api alone: nothing here waits for the worker (effects stay in the outbox / queue).
 */
describe('inbox bulk approval and agenda shortcuts (api + PostgreSQL + Redis)', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await createApiApp(testConfig({ OUTBOX_POLL_MS: '100' }));
    await app.init();
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  let day = 10;
  const fileLeave = async (a: LoggedInAgent): Promise<{ id: string; version: number }> => {
    const date = `2028-07-${String(day++).padStart(2, '0')}`;
    const created = await post(a, '/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: date, dateTo: date } }).expect(201);
    const submitted = await post(a, `/api/v1/requests/${created.body.id}/transitions`, { transition: 'submit', expectedVersion: created.body.version }).expect(200);
    return { id: created.body.id, version: submitted.body.version };
  };

  it('approves each selected request on its own: stale and unknown ones are reported, the rest go through', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const a = await fileLeave(jnovak);
    const b = await fileLeave(jnovak);
    const c = await fileLeave(jnovak);

    const manager = await loginAs(app, 'jdvorakova');
    const inbox = (await manager.agent.get('/api/v1/tasks').expect(200)).body.items as Array<{ request: { id: string; version: number }; bulkActions: Array<{ kind: string; name: string; label: { cs: string } }> }>;
    const taskOf = (id: string) => inbox.find((t) => t.request.id === id);
    expect(taskOf(a.id)?.bulkActions).toEqual([{ kind: 'transition', name: 'approve', label: { cs: 'Schválit', en: 'Approve' } }]);
    expect(taskOf(c.id)?.request.version).toBe(c.version);

    // The filer cancels C after the manager's inbox was loaded: its version moves on.
    await post(jnovak, `/api/v1/requests/${c.id}/transitions`, { transition: 'cancel', expectedVersion: c.version }).expect(200);

    const missing = randomUUID();
    const res = await post(manager, '/api/v1/tasks/bulk-transition', {
      transition: 'approve',
      items: [a, b, c, { id: missing, version: 1 }].map((r) => ({ requestId: r.id, expectedVersion: r.version })),
    }).expect(200);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(res.body.results).toEqual([
      expect.objectContaining({ requestId: a.id, ok: true, version: a.version + 1, state: { id: 'approved', label: expect.objectContaining({ cs: 'Schváleno' }) } }),
      expect.objectContaining({ requestId: b.id, ok: true, state: expect.objectContaining({ id: 'approved' }) }),
      expect.objectContaining({ requestId: c.id, ok: false, code: 'STALE', reference: expect.stringMatching(/^NEP\//) }),
      expect.objectContaining({ requestId: missing, ok: false, code: 'NOT_FOUND', reference: null }),
    ]);

    // Each approval is a full transition: history with the manager, audit row, cancelled C untouched.
    const detail = (await jnovak.agent.get(`/api/v1/requests/${a.id}`).expect(200)).body;
    expect(detail.state.id).toBe('approved');
    expect(detail.history.at(-1)).toMatchObject({ transition: 'approve', actor: { displayName: 'Jana Dvořáková' } });
    const audit: Array<{ action: string }> = await db.query(`SELECT action FROM audit_log WHERE object_id = ANY($1) AND action = 'request.transition' AND details->>'event' = 'approve'`, [[a.id, b.id]]);
    expect(audit).toHaveLength(2);
    const [cRow]: Array<{ state: string }> = await db.query(`SELECT state FROM requests WHERE id = $1`, [c.id]);
    expect(cRow.state).toBe('cancelled');
  });

  it('refuses steps the definition does not allow in bulk, and people who may not take them', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    const a = await fileLeave(jnovak);
    const manager = await loginAs(app, 'jdvorakova');

    // "Return" needs a comment: open the request instead.
    const returned = await post(manager, '/api/v1/tasks/bulk-transition', { transition: 'return', items: [{ requestId: a.id, expectedVersion: a.version }] }).expect(200);
    expect(returned.body.results[0]).toMatchObject({ ok: false, code: 'NOT_BULK', message: { cs: expect.stringContaining('nelze provést hromadně') } });

    // The filer cannot approve his own request, in bulk or otherwise; a colleague cannot even see it.
    const own = await post(jnovak, '/api/v1/tasks/bulk-transition', { transition: 'approve', items: [{ requestId: a.id, expectedVersion: a.version }] }).expect(200);
    expect(own.body.results[0]).toMatchObject({ ok: false, code: 'NOT_BULK' });
    const stranger = await loginAs(app, 'triha');
    const foreign = await post(stranger, '/api/v1/tasks/bulk-transition', { transition: 'approve', items: [{ requestId: a.id, expectedVersion: a.version }] }).expect(200);
    expect(foreign.body.results[0]).toMatchObject({ ok: false, code: 'NOT_FOUND', reference: null });
    const [row]: Array<{ state: string }> = await db.query(`SELECT state FROM requests WHERE id = $1`, [a.id]);
    expect(row.state).toBe('approval');

    // Bad bodies are the client's mistake: 400 problem+json, never 500.
    const dup = await post(manager, '/api/v1/tasks/bulk-transition', { transition: 'approve', items: [{ requestId: a.id, expectedVersion: 1 }, { requestId: a.id, expectedVersion: 1 }] }).expect(400);
    expect(dup.body.code).toBe('VALIDATION_FAILED');
    await post(manager, '/api/v1/tasks/bulk-transition', { transition: 'approve', items: [] }).expect(400);
    await post(manager, '/api/v1/tasks/bulk-transition', { transition: 'approve', items: [{ requestId: 'x', expectedVersion: 0 }] }).expect(400);
  });

  it('lists the agendas I file most, most used first, for the home page shortcuts', async () => {
    const jnovak = await loginAs(app, 'jnovak');
    await fileLeave(jnovak);
    await fileLeave(jnovak);
    await post(jnovak, '/api/v1/requests', { agenda: 'grant-application', data: {} }).expect(201);
    const usage = (await jnovak.agent.get('/api/v1/requests/agenda-usage').expect(200)).body;
    expect(usage.items).toEqual([
      expect.objectContaining({ code: 'leave-request', count: 2, name: expect.objectContaining({ cs: 'Žádost o nepřítomnost' }) }),
      expect.objectContaining({ code: 'grant-application', count: 1 }),
    ]);
    const other = await loginAs(app, 'triha');
    expect((await other.agent.get('/api/v1/requests/agenda-usage').expect(200)).body.items).toEqual([]);
  });
});
