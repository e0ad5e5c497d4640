import { agendaDefinitions } from '@agendy/workflow/agendas';
import { startRequest, transition, type AgendaDefinition, type WorkflowSnapshot } from '@agendy/workflow/engine';
import { diffDefinitions } from './definition-diff';
import { planMigration } from './request-migration';

const leave = (): AgendaDefinition => structuredClone(agendaDefinitions.find((d) => d.code === 'leave-request') as AgendaDefinition);
const NOW = new Date('2030-01-07T09:00:00+01:00');

function submitted(d: AgendaDefinition, data: Record<string, unknown>): WorkflowSnapshot {
  const filer = { userId: 'u1', roles: ['employee'], departmentId: 'd1' };
  const started = startRequest(d, { id: 'r1', agendaCode: d.code, filerId: 'u1', filerDepartmentId: 'd1', createdAt: NOW.toISOString() }, filer, NOW, data);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const sent = transition(d, started.value.snapshot, { type: 'transition', name: 'submit' }, filer, NOW);
  if (!sent.ok) throw new Error(JSON.stringify(sent.error));
  return sent.value.snapshot;
}

describe('definition diff', () => {
  it('reports added, removed and changed fields, states and steps, ignoring key order', () => {
    const a = leave();
    const b = leave();
    b.version = 2;
    delete (b.form.schema['properties'] as Record<string, unknown>)['note'];
    b.form.ui.sections[0].fields = b.form.ui.sections[0].fields.filter((f) => f !== 'note');
    delete b.form.ui.fields['note'];
    (b.form.schema['properties'] as Record<string, unknown>)['phone'] = { type: 'string' };
    b.form.ui.fields['phone'] = { label: { cs: 'Telefon', en: 'Phone' } };
    b.form.ui.sections[0].fields.push('phone');
    b.workflow.states[1].label = { cs: 'Schvalování', en: 'Approval' };
    b.workflow.transitions[1].commentRequired = true;
    const diff = diffDefinitions(a, b);
    expect(diff.fields).toEqual([
      { kind: 'added', id: 'phone', path: '/form/schema/properties/phone', aspects: [] },
      { kind: 'removed', id: 'note', path: '/form/schema/properties/note', aspects: [] },
    ]);
    expect(diff.states).toEqual([{ kind: 'changed', id: 'approval', path: '/workflow/states/1', aspects: ['label'] }]);
    expect(diff.transitions).toEqual([{ kind: 'changed', id: 'submit', path: '/workflow/transitions/1', aspects: ['commentRequired'] }]);
    expect(diff.other).toEqual([{ kind: 'changed', id: 'sections', path: '/form/ui/sections', aspects: [] }]);
    expect(diffDefinitions(a, leave())).toMatchObject({ fields: [], states: [], transitions: [], other: [] });
  });
});

describe('planMigration', () => {
  const data = { type: 'dovolena', dateFrom: '2030-02-04', dateTo: '2030-02-05', note: 'x' };

  it('moves a request to a renamed state of the new version', () => {
    const v2 = leave();
    v2.version = 2;
    v2.workflow.states[1].id = 'schvalovani';
    for (const t of v2.workflow.transitions) {
      if (t.to === 'approval') t.to = 'schvalovani';
      t.from = Array.isArray(t.from) ? t.from.map((f) => (f === 'approval' ? 'schvalovani' : f)) : t.from === 'approval' ? 'schvalovani' : t.from;
    }
    const snap = submitted(leave(), data);
    expect(planMigration(v2, snap, {}, NOW, 'admin-1')).toEqual({ ok: false, reasons: [expect.stringMatching(/"approval" does not exist in version 2/)] });
    const plan = planMigration(v2, snap, { approval: 'schvalovani' }, NOW, 'admin-1');
    expect(plan.ok && plan.snapshot).toMatchObject({ definition: { version: 2 }, state: 'schvalovani', version: snap.version + 1, deadlines: [{ state: 'schvalovani' }] });
    expect(plan.ok && plan.history).toEqual({
      id: `${snap.request.id}/${snap.version + 1}/h0`,
      requestId: snap.request.id,
      version: snap.version + 1,
      at: NOW.toISOString(),
      kind: 'migration',
      transition: 'agenda-version:2',
      from: 'approval',
      to: 'schvalovani',
      actor: { userId: 'admin-1' },
    });
  });

  it('refuses data the new form does not accept and a state shape that does not fit', () => {
    const v2 = leave();
    v2.version = 2;
    delete (v2.form.schema['properties'] as Record<string, unknown>)['note'];
    v2.form.ui.sections[0].fields = v2.form.ui.sections[0].fields.filter((f) => f !== 'note');
    delete v2.form.ui.fields['note'];
    const refused = planMigration(v2, submitted(leave(), data), {}, NOW, 'admin-1');
    expect(refused).toEqual({ ok: false, reasons: [expect.stringMatching(/^data .*note/)] });
    const noDeadline = leave();
    noDeadline.version = 3;
    delete noDeadline.workflow.states[1].deadline;
    expect(planMigration(noDeadline, submitted(leave(), { ...data, note: undefined }), {}, NOW, 'admin-1')).toEqual({ ok: false, reasons: [expect.stringMatching(/deadlines do not match/)] });
  });
});
