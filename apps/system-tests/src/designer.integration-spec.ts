import { INestApplication, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import express from 'express';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfigModule, loggerParams, ProblemDetailsFilter } from '@agendy/server/core';
import { dataSourceOptions } from '@agendy/server/db';
import { AgendaRegistry, AgendasModule } from '@agendy/server/feature-agendas';
import { AuditModule } from '@agendy/server/feature-audit';
import { IdentityModule } from '@agendy/server/feature-identity';
import { NotificationsModule } from '@agendy/server/feature-notifications';
import { RequestsModule } from '@agendy/server/feature-requests';
import { QueueModule } from '@agendy/server/queue';
import { createTestUser, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, testConfig, truncateAll, userId } from '@agendy/server/testing';
import { runScenario, type AgendaDefinition, type Scenario } from '@agendy/workflow/engine';

/**
 * The api modules the designer and filing need, without the other areas' modules (so this test
 * does not depend on their state); same middleware as apps/api create-app.ts.
 */
async function startDesignerApi(): Promise<{ app: INestApplication; db: DataSource; stop: () => Promise<void> }> {
  const config = testConfig();
  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerParams(config, 'api')),
      TypeOrmModule.forRoot({ ...dataSourceOptions(config.database.url, 4, 'agendy-designer-it'), retryAttempts: 0 }),
      QueueModule.forRoot(),
      IdentityModule,
      AuditModule,
      AgendasModule,
      RequestsModule,
      NotificationsModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
  })
  class DesignerTestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [DesignerTestModule] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(cookieParser());
  app.setGlobalPrefix('api');
  await app.init();
  return { app, db: app.get(DataSource), stop: () => app.close() };
}

/** A business-trip agenda as an administrator would build it in the designer. */
function businessTrip(version = 1): AgendaDefinition {
  const fields = ['destination', 'dateFrom', 'dateTo', 'transport', 'estimatedCost'];
  return {
    code: 'business-trip',
    version,
    name: { cs: 'Žádost o pracovní cestu', en: 'Business trip request' },
    description: { cs: 'Tuzemská pracovní cesta.', en: 'A domestic business trip.' },
    category: 'personální',
    roles: [],
    form: {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['destination', 'dateFrom', 'dateTo', 'transport', 'estimatedCost'],
        properties: {
          destination: { type: 'string', minLength: 2, maxLength: 200 },
          dateFrom: { type: 'string', format: 'date' },
          dateTo: { type: 'string', format: 'date' },
          transport: { type: 'string', enum: ['vlak', 'sluzebni-auto'] },
          estimatedCost: { type: 'number', minimum: 0, multipleOf: 0.01 },
        },
      },
      ui: {
        sections: [{ id: 'trip', title: { cs: 'Cesta', en: 'Trip' }, fields }],
        fields: {
          destination: { label: { cs: 'Místo', en: 'Destination' } },
          dateFrom: { label: { cs: 'Od', en: 'From' }, widget: 'date' },
          dateTo: { label: { cs: 'Do', en: 'To' }, widget: 'date' },
          transport: {
            label: { cs: 'Doprava', en: 'Transport' },
            widget: 'select',
            options: { vlak: { cs: 'Vlak', en: 'Train' }, 'sluzebni-auto': { cs: 'Služební auto', en: 'Service car' } },
          },
          estimatedCost: { label: { cs: 'Předpokládané náklady (Kč)', en: 'Estimated cost (CZK)' }, widget: 'money' },
        },
      },
    },
    workflow: {
      initial: 'draft',
      start: { who: [{ role: 'employee' }] },
      states: [
        { id: 'draft', label: { cs: 'Rozpracováno', en: 'Draft' }, assignTo: [{ filer: true }] },
        { id: 'manager-approval', label: { cs: 'Schválení vedoucím', en: "Manager's approval" }, assignTo: [{ managerOfFiler: true }] },
        { id: 'director-approval', label: { cs: 'Schválení ředitelem', en: "Director's approval" }, assignTo: [{ role: 'director' }] },
        {
          id: 'approved',
          label: { cs: 'Schváleno', en: 'Approved' },
          assignTo: [{ filer: true }],
          onEnter: [
            { type: 'generateDocument', template: 'travel-order' },
            { type: 'requestSignatures', document: 'travel-order', signers: [{ who: { managerOfFiler: true }, level: 'advanced', order: 1 }] },
          ],
        },
        { id: 'completed', label: { cs: 'Vyúčtováno', en: 'Settled' }, final: true, outcome: 'completed' },
        { id: 'rejected', label: { cs: 'Zamítnuto', en: 'Rejected' }, final: true, outcome: 'rejected' },
      ],
      transitions: [
        { name: 'submit', label: { cs: 'Odeslat', en: 'Submit' }, from: 'draft', to: 'manager-approval', who: [{ filer: true }], editableFields: fields, style: 'primary' },
        {
          name: 'approve',
          label: { cs: 'Schválit', en: 'Approve' },
          from: 'manager-approval',
          to: 'approved',
          routes: [{ when: { '>': [{ var: 'data.estimatedCost' }, 10000] }, to: 'director-approval' }],
          who: [{ managerOfFiler: true }],
          forbidFiler: true,
          style: 'primary',
        },
        { name: 'director-approve', label: { cs: 'Schválit', en: 'Approve' }, from: 'director-approval', to: 'approved', who: [{ role: 'director' }], forbidFiler: true },
        {
          name: 'reject',
          label: { cs: 'Zamítnout', en: 'Reject' },
          from: ['manager-approval', 'director-approval'],
          to: 'rejected',
          who: [{ managerOfFiler: true }, { role: 'director' }],
          forbidFiler: true,
          commentRequired: true,
          style: 'danger',
        },
        { name: 'settle', label: { cs: 'Vyúčtovat', en: 'Settle' }, from: 'approved', to: 'completed', who: [{ filer: true }] },
      ],
    },
    documents: [{ code: 'travel-order', name: { cs: 'Cestovní příkaz', en: 'Travel order' }, template: 'travel-order.html', format: 'pdf' }],
    records: { fileMark: '11.2', retention: { sign: 'S', years: 5 } },
  } as AgendaDefinition;
}

const TRIP = { destination: 'Praha', dateFrom: '2030-03-02', dateTo: '2030-03-03', transport: 'vlak' };

describe('agenda designer (api + PostgreSQL)', () => {
  let system: Awaited<ReturnType<typeof startDesignerApi>>;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    system = await startDesignerApi();
    ({ app, db } = system);
  });
  afterAll(async () => system.stop());
  beforeEach(async () => {
    await truncateAll(db);
    app.get(AgendaRegistry).forgetCached();
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  const send = (a: LoggedInAgent, method: 'post' | 'put' | 'delete', url: string, body?: unknown) => {
    const r = a.agent[method](url).set('X-XSRF-TOKEN', a.xsrf);
    return body === undefined ? r : r.send(body as object);
  };
  const auditActions = async (prefix: string): Promise<string[]> =>
    (await db.query(`SELECT action FROM audit_log WHERE action LIKE $1 ORDER BY seq`, [`${prefix}%`])).map((r: { action: string }) => r.action);

  /** Files a business trip as jnovak and walks it through the managers; returns the final state id. */
  async function fileAndApprove(cost: number): Promise<{ states: string[]; version: number }> {
    const filer = await loginAs(app, 'jnovak');
    const created = await send(filer, 'post', '/api/v1/requests', { agenda: 'business-trip', data: { ...TRIP, estimatedCost: cost } }).expect(201);
    const states = [created.body.state.id as string];
    const take = async (who: LoggedInAgent, transition: string) => {
      const current = await who.agent.get(`/api/v1/requests/${created.body.id}`).expect(200);
      const res = await send(who, 'post', `/api/v1/requests/${created.body.id}/transitions`, { transition, expectedVersion: current.body.version });
      if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
      states.push(res.body.state.id);
    };
    await take(filer, 'submit');
    await take(await loginAs(app, 'jdvorakova'), 'approve');
    if (states[states.length - 1] === 'director-approval') await take(await loginAs(app, 'pstastny'), 'director-approve');
    const [row] = await db.query(`SELECT agenda_version FROM requests WHERE id = $1`, [created.body.id]);
    return { states, version: row.agenda_version };
  }

  it('creates, validates, publishes and retires an agenda, every change audited', async () => {
    const admin = await loginAs(app, 'lcerna');
    const broken = { ...businessTrip(), workflow: { ...businessTrip().workflow, initial: 'nowhere' } };
    const invalid = await send(admin, 'post', '/api/v1/admin/agendas', broken).expect(400);
    expect(invalid.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/workflow/initial' })]));
    const check = await send(admin, 'post', '/api/v1/admin/agendas/validate', broken).expect(200);
    expect(check.body.ok).toBe(false);
    // One error shape for validate, save and import (issue 20): pointer, rule, message.
    expect(check.body.errors[0]).toMatchObject({ pointer: '/workflow/initial', rule: 'UNKNOWN_STATE', message: { cs: expect.any(String), en: expect.any(String) } });
    expect(invalid.body.errors[0]).toEqual(check.body.errors[0]);

    await send(admin, 'post', '/api/v1/admin/agendas', businessTrip()).expect(201);
    // A draft is editable; the second save with an error is refused with its place, the stored draft stays valid.
    const edited = businessTrip();
    edited.name = { cs: 'Žádost o pracovní cestu', en: 'Business trip' };
    await send(admin, 'put', '/api/v1/admin/agendas/business-trip/versions/1', edited).expect(200);
    const bad = businessTrip();
    bad.workflow.transitions[0].to = 'missing-state';
    const refused = await send(admin, 'put', '/api/v1/admin/agendas/business-trip/versions/1', bad).expect(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/workflow/transitions/0/to');
    // One draft at a time.
    expect((await send(admin, 'post', '/api/v1/admin/agendas/business-trip/drafts', {})).body.code).toBe('AGENDA_DRAFT_EXISTS');
    // Not fileable before publishing.
    const jnovak = await loginAs(app, 'jnovak');
    expect((await jnovak.agent.get('/api/v1/agendas').expect(200)).body.items.map((a: { code: string }) => a.code)).not.toContain('business-trip');

    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    expect((await send(admin, 'put', '/api/v1/admin/agendas/business-trip/versions/1', edited)).body.code).toBe('AGENDA_VERSION_NOT_DRAFT');
    const list = (await admin.agent.get('/api/v1/admin/agendas').expect(200)).body;
    expect(list.mayCreate).toBe(true);
    const trip = list.items.find((a: { code: string }) => a.code === 'business-trip');
    expect(trip).toMatchObject({ publishedVersion: 1, retired: false, name: { en: 'Business trip' }, versions: [{ version: 1, status: 'published', runningRequests: 0 }] });

    const run = await fileAndApprove(12000);
    expect(run.states).toEqual(['draft', 'manager-approval', 'director-approval', 'approved']);
    const listed = (await admin.agent.get('/api/v1/admin/agendas').expect(200)).body.items.find((a: { code: string }) => a.code === 'business-trip');
    expect(listed.versions[0].runningRequests).toBe(1);

    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/retire').expect(204);
    expect((await jnovak.agent.get('/api/v1/agendas').expect(200)).body.items.map((a: { code: string }) => a.code)).not.toContain('business-trip');
    expect((await send(jnovak, 'post', '/api/v1/requests', { agenda: 'business-trip', data: {} })).status).toBe(404);
    expect((await admin.agent.get('/api/v1/admin/agendas').expect(200)).body.items.find((a: { code: string }) => a.code === 'business-trip')).toMatchObject({
      retired: true,
      publishedVersion: null,
    });
    expect(await auditActions('agenda.')).toEqual(['agenda.import', 'agenda.draft.update', 'agenda.publish', 'agenda.retire']);
  });

  it('changing a published agenda never changes requests already running on it', async () => {
    const admin = await loginAs(app, 'lcerna');
    await send(admin, 'post', '/api/v1/admin/agendas', businessTrip()).expect(201);
    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    const filer = await loginAs(app, 'jnovak');
    const old = await send(filer, 'post', '/api/v1/requests', { agenda: 'business-trip', data: { ...TRIP, estimatedCost: 12000 } }).expect(201);
    await send(filer, 'post', `/api/v1/requests/${old.body.id}/transitions`, { transition: 'submit', expectedVersion: 1 }).expect(200);

    // Version 2: the director only sees trips over 50 000 CZK, and the step is relabelled.
    const draft = await send(admin, 'post', '/api/v1/admin/agendas/business-trip/drafts', {}).expect(201);
    expect(draft.body).toMatchObject({ version: 2, status: 'draft' });
    const v2 = (await admin.agent.get('/api/v1/admin/agendas/business-trip/versions/2/definition').expect(200)).body as AgendaDefinition;
    const approve = v2.workflow.transitions.find((t) => t.name === 'approve');
    if (!approve) throw new Error('no approve');
    approve.routes = [{ when: { '>': [{ var: 'data.estimatedCost' }, 50000] }, to: 'director-approval' }];
    approve.label = { cs: 'Schválit cestu', en: 'Approve the trip' };
    const saved = await send(admin, 'put', '/api/v1/admin/agendas/business-trip/versions/2', v2);
    expect(saved.body.errors).toBeUndefined();
    expect(saved.status).toBe(200);
    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/2/publish').expect(200);

    const diff = (await admin.agent.get('/api/v1/admin/agendas/business-trip/diff?from=1&to=2').expect(200)).body;
    expect(diff.transitions).toEqual([{ kind: 'changed', id: 'approve', path: '/workflow/transitions/1', aspects: ['label', 'routes'] }]);
    expect(diff.fields).toEqual([]);

    // The running request still goes to the director under version 1; a new one skips the director.
    const manager = await loginAs(app, 'jdvorakova');
    const detail = await manager.agent.get(`/api/v1/requests/${old.body.id}`).expect(200);
    expect(detail.body.availableTransitions.find((t: { name: string }) => t.name === 'approve').label.cs).toBe('Schválit');
    const stepped = await send(manager, 'post', `/api/v1/requests/${old.body.id}/transitions`, { transition: 'approve', expectedVersion: detail.body.version }).expect(200);
    expect(stepped.body.state.id).toBe('director-approval');
    const fresh = await fileAndApprove(12000);
    expect(fresh).toEqual({ states: ['draft', 'manager-approval', 'approved'], version: 2 });
    const [row] = await db.query(`SELECT agenda_version FROM requests WHERE id = $1`, [old.body.id]);
    expect(row.agenda_version).toBe(1);
  });

  it('migrates chosen running requests with a state mapping and refuses those whose data does not fit', async () => {
    const admin = await loginAs(app, 'lcerna');
    await send(admin, 'post', '/api/v1/admin/agendas', businessTrip()).expect(201);
    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    const filer = await loginAs(app, 'jnovak');
    const byTrain = await send(filer, 'post', '/api/v1/requests', { agenda: 'business-trip', data: { ...TRIP, estimatedCost: 500 } }).expect(201);
    await send(filer, 'post', `/api/v1/requests/${byTrain.body.id}/transitions`, { transition: 'submit', expectedVersion: 1 }).expect(200);
    const byCar = await send(filer, 'post', '/api/v1/requests', { agenda: 'business-trip', data: { ...TRIP, transport: 'sluzebni-auto', estimatedCost: 800 } }).expect(201);

    // Version 2 renames the approval state and no longer offers the service car.
    const v2 = businessTrip(2);
    (v2.form.schema['properties'] as Record<string, { enum?: string[] }>)['transport'].enum = ['vlak'];
    delete v2.form.ui.fields['transport'].options?.['sluzebni-auto'];
    v2.workflow.states[1].id = 'approval';
    for (const t of v2.workflow.transitions) {
      if (t.to === 'manager-approval') t.to = 'approval';
      if (t.from === 'manager-approval') t.from = 'approval';
      if (Array.isArray(t.from)) t.from = t.from.map((f) => (f === 'manager-approval' ? 'approval' : f));
    }
    await send(admin, 'post', '/api/v1/admin/agendas', v2).expect(201);
    // Only the published version is a migration target.
    expect((await send(admin, 'post', '/api/v1/admin/agendas/business-trip/migrate', { to: 2, requestIds: [byTrain.body.id] })).body.code).toBe('AGENDA_MIGRATION_INVALID');
    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/2/publish').expect(200);
    const running = (await admin.agent.get('/api/v1/admin/agendas/business-trip/requests').expect(200)).body.items;
    expect(running).toHaveLength(2);

    const bad = await send(admin, 'post', '/api/v1/admin/agendas/business-trip/migrate', { to: 2, requestIds: [byTrain.body.id], stateMap: { 'manager-approval': 'nowhere' } });
    expect(bad.status).toBe(400);
    const unmapped = (await send(admin, 'post', '/api/v1/admin/agendas/business-trip/migrate', { to: 2, requestIds: [byTrain.body.id] }).expect(200)).body;
    expect(unmapped).toMatchObject({ migrated: [] });
    expect(unmapped.refused[0].reasons[0]).toMatch(/manager-approval.*does not exist/);

    const result = (
      await send(admin, 'post', '/api/v1/admin/agendas/business-trip/migrate', { to: 2, requestIds: [byTrain.body.id, byCar.body.id], stateMap: { 'manager-approval': 'approval' } }).expect(200)
    ).body;
    expect(result.migrated).toEqual([{ requestId: byTrain.body.id, reference: byTrain.body.reference, fromVersion: 1, state: 'approval' }]);
    expect(result.refused).toEqual([{ requestId: byCar.body.id, reference: byCar.body.reference, reasons: [expect.stringMatching(/transport/)] }]);
    const rows = await db.query(`SELECT id, agenda_version, state FROM requests ORDER BY created_at`);
    expect(rows).toEqual([
      { id: byTrain.body.id, agenda_version: 2, state: 'approval' },
      { id: byCar.body.id, agenda_version: 1, state: 'draft' },
    ]);
    // The migrated request continues under version 2: the manager approves it.
    const manager = await loginAs(app, 'jdvorakova');
    const detail = await manager.agent.get(`/api/v1/requests/${byTrain.body.id}`).expect(200);
    // Its history says who moved it, to which version, and how its state was renamed.
    expect(detail.body.history.at(-1)).toMatchObject({ kind: 'migration', agendaVersion: 2, transition: null, from: 'manager-approval', to: 'approval', actor: { displayName: 'Lucie Černá' } });
    expect(detail.body.history.map((h: { version: number }) => h.version)).toEqual([...detail.body.history.map((h: { version: number }) => h.version)].sort((a, b) => a - b));
    const approved = await send(manager, 'post', `/api/v1/requests/${byTrain.body.id}/transitions`, { transition: 'approve', expectedVersion: detail.body.version }).expect(200);
    expect(approved.body.state.id).toBe('approved');
    expect(await auditActions('agenda.requests')).toEqual(['agenda.requests.migrate']);
  });

  it('exports a definition that imports into a fresh installation and runs identically', async () => {
    const admin = await loginAs(app, 'lcerna');
    await send(admin, 'post', '/api/v1/admin/agendas', businessTrip()).expect(201);
    await send(admin, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    const exported = await admin.agent.get('/api/v1/admin/agendas/business-trip/versions/1/definition?download=true').expect(200);
    expect(exported.headers['content-disposition']).toContain('business-trip.v1.agenda.json');
    const before = [await fileAndApprove(12000), await fileAndApprove(3000)];

    // A fresh installation: empty database, nothing cached.
    await truncateAll(db);
    app.get(AgendaRegistry).forgetCached();
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    const admin2 = await loginAs(app, 'lcerna');
    const file = JSON.parse(JSON.stringify(exported.body));
    await send(admin2, 'post', '/api/v1/admin/agendas', file).expect(201);
    await send(admin2, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    const after = [await fileAndApprove(12000), await fileAndApprove(3000)];
    expect(after).toEqual(before);
    expect(before[0].states).toEqual(['draft', 'manager-approval', 'director-approval', 'approved']);
    const reimported = (await admin2.agent.get('/api/v1/admin/agendas/business-trip/versions/1/definition').expect(200)).body;
    expect(reimported).toEqual(exported.body);
    // Importing the same file again as the next version (renumbered).
    expect((await send(admin2, 'post', '/api/v1/admin/agendas', file)).status).toBe(409);
    expect((await send(admin2, 'post', '/api/v1/admin/agendas?renumber=true', file).expect(201)).body).toMatchObject({ version: 2, status: 'draft' });
  });

  it('simulates a draft step by step without creating requests', async () => {
    const admin = await loginAs(app, 'lcerna');
    const scenario: Scenario = {
      filer: { id: 'jana', department: 'OINF' },
      filedAt: '2030-02-01T09:00:00+01:00',
      people: { jana: { department: 'OINF' }, vedouci: { department: 'OINF', heads: ['OINF'] }, reditel: { roles: ['director'] } },
      steps: [
        { as: 'jana', do: 'submit', data: { ...TRIP, estimatedCost: 15000 }, expect: 'manager-approval' },
        { as: 'vedouci', do: 'approve', expect: 'director-approval' },
      ],
    };
    const report = (await send(admin, 'post', '/api/v1/admin/agendas/simulate', { definition: businessTrip(), scenario }).expect(200)).body;
    expect(report).toEqual(runScenario(businessTrip(), scenario));
    expect(report.ok).toBe(true);
    expect(report.steps[2].available.find((a: { person: string }) => a.person === 'reditel').actions.map((a: { name: string }) => a.name)).toContain('director-approve');
    const approved = (await send(admin, 'post', '/api/v1/admin/agendas/simulate', { definition: businessTrip(), scenario: { ...scenario, steps: [...scenario.steps, { as: 'reditel', do: 'director-approve' }] } }).expect(200))
      .body;
    expect(approved.steps[3].to.id).toBe('approved');
    expect(approved.steps[3].effects.map((e: { en: string }) => e.en)).toEqual([
      'assigned to: jana',
      expect.stringMatching(/^document "travel-order" generated/),
      expect.stringMatching(/^signatures requested on "travel-order": 1\. head of OINF/),
    ]);
    expect((await send(admin, 'post', '/api/v1/admin/agendas/simulate', { definition: businessTrip(), scenario: { steps: 'x' } })).status).toBe(400);
    expect((await db.query(`SELECT count(*)::int AS n FROM requests`))[0].n).toBe(0);
  });

  it('lets only administrators of the agenda (or global administrators) change it', async () => {
    const tripAdminId = await createTestUser(db, { username: 'trip.admin', displayName: 'Správce cest', roles: ['employee'] });
    await db.query(`INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant") VALUES ('user', $1, 'business-trip', 'admin')`, [tripAdminId]);
    const global = await loginAs(app, 'lcerna');
    await send(global, 'post', '/api/v1/admin/agendas', businessTrip()).expect(201);

    const employee = await loginAs(app, 'jnovak');
    expect((await employee.agent.get('/api/v1/admin/agendas')).status).toBe(403);
    expect((await send(employee, 'put', '/api/v1/admin/agendas/business-trip/versions/1', businessTrip())).status).toBe(403);
    expect((await send(employee, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish')).status).toBe(403);
    expect((await send(employee, 'post', '/api/v1/admin/agendas/simulate', { definition: businessTrip(), scenario: {} })).status).toBe(403);
    expect((await employee.agent.get('/api/v1/agendas/business-trip/versions/1')).status).toBe(404);

    const tripAdmin = await loginAs(app, 'trip.admin');
    const mine = (await tripAdmin.agent.get('/api/v1/admin/agendas').expect(200)).body;
    expect(mine).toMatchObject({ mayCreate: false, items: [{ code: 'business-trip' }] });
    await send(tripAdmin, 'put', '/api/v1/admin/agendas/business-trip/versions/1', businessTrip()).expect(200);
    await send(tripAdmin, 'post', '/api/v1/admin/agendas/business-trip/versions/1/publish').expect(200);
    // …but not another agenda, nor a new one.
    expect((await send(tripAdmin, 'post', '/api/v1/admin/agendas/leave-request/drafts', {})).status).toBe(403);
    expect((await send(tripAdmin, 'post', '/api/v1/admin/agendas/leave-request/retire')).status).toBe(403);
    expect((await send(tripAdmin, 'post', '/api/v1/admin/agendas', { ...businessTrip(), code: 'other-trip' })).status).toBe(403);
    // Nor the system administrator (ADR 0004): a definition decides who acts on the agenda's cases.
    const sysadmin = await loginAs(app, 'ohajek');
    expect((await send(sysadmin, 'post', '/api/v1/admin/agendas/leave-request/drafts', {})).status).toBe(403);
    expect((await send(sysadmin, 'post', '/api/v1/admin/agendas', { ...businessTrip(), code: 'other-trip' })).status).toBe(403);
    expect((await sysadmin.agent.get('/api/v1/admin/agendas')).status).toBe(403);
    // The global agenda administrator may.
    await send(await loginAs(app, 'lcerna'), 'post', '/api/v1/admin/agendas/leave-request/drafts', {}).expect(201);
    const actors = await db.query(`SELECT action, actor_id FROM audit_log WHERE action LIKE 'agenda.%' ORDER BY seq`);
    expect(actors).toEqual([
      { action: 'agenda.import', actor_id: await userId(db, 'lcerna') },
      { action: 'agenda.draft.update', actor_id: tripAdminId },
      { action: 'agenda.publish', actor_id: tripAdminId },
      { action: 'agenda.draft.create', actor_id: await userId(db, 'lcerna') },
    ]);
  });

  it('maps the agenda roles to named people and groups through grants, audited', async () => {
    const admin = await loginAs(app, 'lcerna');
    const triha = await loginAs(app, 'triha');
    expect((await triha.agent.get('/api/v1/admin/agendas')).status).toBe(403);
    expect((await triha.agent.get('/api/v1/auth/me').expect(200)).body.administersAgendas).toEqual([]);
    expect((await send(admin, 'post', '/api/v1/admin/agendas/leave-request/grants', { subjectType: 'user', subject: 'nobody', grant: 'admin' })).status).toBe(400);
    expect((await send(admin, 'post', '/api/v1/admin/agendas/leave-request/grants', { subjectType: 'user', subject: 'triha', grant: 'boss' })).status).toBe(400);
    await send(admin, 'post', '/api/v1/admin/agendas/leave-request/grants', { subjectType: 'group', subject: 'KULK-Personalni', grant: 'officer' }).expect(201);
    const added = await send(admin, 'post', '/api/v1/admin/agendas/leave-request/grants', { subjectType: 'user', subject: 'triha', grant: 'admin' }).expect(201);
    const trihaGrant = added.body.items.find((g: { username: string | null }) => g.username === 'triha');
    expect(trihaGrant).toMatchObject({ subjectType: 'user', subject: await userId(db, 'triha'), displayName: 'Tomáš Říha', grant: 'admin' });
    expect(added.body.items).toContainEqual(expect.objectContaining({ subjectType: 'group', subject: 'KULK-Personalni', grant: 'officer' }));
    // Now Tomáš administers that agenda — and only that one; `me` tells the web to show him the administration.
    expect((await triha.agent.get('/api/v1/admin/agendas').expect(200)).body.items.map((a: { code: string }) => a.code)).toEqual(['leave-request']);
    expect((await triha.agent.get('/api/v1/auth/me').expect(200)).body.administersAgendas).toEqual(['leave-request']);
    expect((await send(triha, 'post', '/api/v1/admin/agendas/grant-application/grants', { subjectType: 'user', subject: 'triha', grant: 'admin' })).status).toBe(403);
    await send(admin, 'delete', `/api/v1/admin/agendas/leave-request/grants/${trihaGrant.id}`).expect(204);
    expect((await triha.agent.get('/api/v1/admin/agendas')).status).toBe(403);
    expect(await auditActions('agenda.grant')).toEqual(['agenda.grant.add', 'agenda.grant.add', 'agenda.grant.remove']);
  });

  it('loads shipped agendas while an administrator has a draft open, never publishing that draft', async () => {
    const admin = await loginAs(app, 'lcerna');
    const draft = (await send(admin, 'post', '/api/v1/admin/agendas/leave-request/drafts', {}).expect(201)).body.version as number;
    const { agendaDefinitions } = await import('@agendy/workflow/agendas');
    const shipped = agendaDefinitions.find((d) => d.code === 'leave-request') as AgendaDefinition;
    const registry = app.get(AgendaRegistry);
    // A release ships the number the administrator's draft holds: nothing happens to the draft.
    expect(await registry.loadShipped([{ ...shipped, version: draft }])).toEqual({ inserted: 0, published: 0 });
    // A release ships the next number: stored and published although a draft is open.
    expect(await registry.loadShipped([{ ...shipped, version: draft + 1 }])).toEqual({ inserted: 1, published: 1 });
    const versions = (await admin.agent.get('/api/v1/admin/agendas/leave-request/versions').expect(200)).body.items as Array<{ version: number; status: string }>;
    expect(versions.slice(-2).map((v) => `${v.version}:${v.status}`)).toEqual([`${draft}:draft`, `${draft + 1}:published`]);
  });
});
