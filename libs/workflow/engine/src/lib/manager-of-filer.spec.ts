import raw from '../test-fixtures/parking-permit.agenda.json';
import happyPath from '../test-fixtures/parking-permit.scenario.json';
import type { AgendaDefinition } from './definition.types';
import type { Actor, RequestContext, WorkflowSnapshot } from './runtime.types';
import { SYSTEM_ACTOR } from './runtime.types';
import { startRequest } from './start-request';
import { transition } from './transition';
import { availableTransitions } from './available-transitions';
import { filerManagerParty } from './parties';
import { runScenario } from './scenario/run-scenario';
import type { Scenario } from './scenario/scenario.types';

const def = raw as unknown as AgendaDefinition;
const now = new Date('2026-11-27T09:00:00Z');
const data = { licencePlate: '1L23456', validFrom: '2026-12-01', reason: 'Dojíždím z Frýdlantu, spoj nenavazuje.' };
const petr: Actor = { userId: 'petr', roles: ['employee', 'manager'], departmentId: 'OD', managerOf: ['OD'] };
const sekce: Actor = { userId: 'sona', roles: ['employee', 'manager'], departmentId: 'SEK', managerOf: ['SEK'] };
const ivana: Actor = { userId: 'ivana', roles: ['employee', 'director'] };
const base: RequestContext = { id: 'R', agendaCode: 'parking-permit', filerId: 'petr', filerDepartmentId: 'OD', createdAt: now.toISOString() };

function submitted(request: RequestContext, filer: Actor = petr): WorkflowSnapshot {
  const started = startRequest(def, request, filer, now, data);
  if (!started.ok) throw new Error(started.error.message.en);
  const sent = transition(def, started.value.snapshot, { type: 'transition', name: 'submit' }, filer, now);
  if (!sent.ok) throw new Error(sent.error.message.en);
  return sent.value.snapshot;
}

describe('managerOfFiler when the filer heads their own department', () => {
  it('an ordinary employee: the head of their department, as before', () => {
    expect(filerManagerParty({ ...base, filerId: 'jana' })).toEqual({ kind: 'departmentManager', departmentId: 'OD' });
  });

  it('the head of OD with a parent department: the head of the parent department approves', () => {
    const snap = submitted({ ...base, parentDepartmentIds: ['SEK', 'URAD'] });
    expect(snap.request.filerManagerOf).toEqual(['OD']);
    expect(snap.assignees).toEqual([{ kind: 'departmentManager', departmentId: 'SEK' }]);
    expect(availableTransitions(def, snap, petr, now).map((a) => a.name)).toEqual(['withdraw']);
    expect(availableTransitions(def, snap, sekce, now).map((a) => a.name)).toEqual(['approve', 'reject']);
    expect(transition(def, snap, { type: 'transition', name: 'approve' }, sekce, now).ok).toBe(true);
  });

  it('skips parent departments the filer heads too, and falls back to the director at the top', () => {
    expect(filerManagerParty({ ...base, filerManagerOf: ['OD', 'SEK'], parentDepartmentIds: ['SEK', 'URAD'] })).toEqual({ kind: 'departmentManager', departmentId: 'URAD' });
    const snap = submitted(base);
    expect(snap.assignees).toEqual([{ kind: 'role', role: 'director' }]);
    const approved = transition(def, snap, { type: 'transition', name: 'approve' }, ivana, now);
    expect(approved.ok && approved.value.snapshot.state).toBe('issuing');
    expect(transition(def, snap, { type: 'transition', name: 'approve' }, petr, now)).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
  });

  it('an explicit filerManagerOf from the service wins; a deputy filing infers nothing', () => {
    expect(submitted({ ...base, filerManagerOf: [] }).assignees).toEqual([{ kind: 'departmentManager', departmentId: 'OD' }]);
    const deputy: Actor = { ...petr, userId: 'marie', onBehalfOf: 'petr' };
    expect(submitted({ ...base, filerId: 'marie' }, deputy).request.filerManagerOf).toBeUndefined();
  });
});

describe('deadline messages', () => {
  it('show the due time on the Prague clock, in Czech and English format', () => {
    const snap = submitted({ ...base, filerId: 'jana' }, { userId: 'jana', roles: ['employee'], departmentId: 'OD' });
    const deadline = snap.deadlines[0];
    const reminded = transition(def, snap, { type: 'timer', deadlineId: deadline.id, timer: 'remind' }, SYSTEM_ACTOR, new Date(deadline.remindAt as string));
    const escalated = transition(def, snap, { type: 'timer', deadlineId: deadline.id, timer: 'escalate' }, SYSTEM_ACTOR, new Date(deadline.escalateAt));
    const message = (r: typeof reminded) => (r.ok ? r.value.effects.find((e) => e.type === 'notify') : undefined);
    expect(message(reminded)).toMatchObject({ message: { cs: 'Blíží se lhůta pro vyřízení žádosti: 4. 12. 2026 23:59.', en: 'The request is due by 4 Dec 2026, 23:59 (Prague time).' } });
    expect(message(escalated)).toMatchObject({
      message: { cs: 'Lhůta pro vyřízení žádosti (4. 12. 2026 23:59) byla překročena.', en: "The request's deadline (4 Dec 2026, 23:59, Prague time) has passed." },
    });
  });
});

describe('agenda:run: a request nobody can move on', () => {
  const head: Scenario = {
    title: 'Vedoucí odboru žádá sám za sebe',
    filer: { id: 'petr', department: 'OD' },
    filedAt: '2026-11-27T10:00:00+01:00',
    people: { petr: { department: 'OD', heads: ['OD'] } },
    steps: [{ as: 'petr', do: 'submit', data, expect: 'approval' }],
  };

  it('fails when the scenario ends where only the filer could act (withdraw) and the request is not on their desk', () => {
    const report = runScenario(raw, head);
    expect(report.ok).toBe(false);
    expect(report.end?.stuck).toBe(true);
    expect(report.failure).toMatchObject({ step: 1, atEnd: true });
    expect(report.failure?.message.en).toContain('role director (nobody in the scenario)');
  });

  it('passes with "expectStuck": true, and fails when it expects stuck but someone can act', () => {
    expect(runScenario(raw, { ...head, expectStuck: true }).ok).toBe(true);
    const withDirector = { ...head, expectStuck: true, people: { ...head.people, ivana: { roles: ['director'] } } };
    expect(runScenario(raw, withDirector)).toMatchObject({ ok: false, failure: { atEnd: true } });
    expect(runScenario(raw, { ...withDirector, expectStuck: false }).ok).toBe(true);
  });

  it('uses the departments of the scenario: the head of the parent department approves', () => {
    const scenario: Scenario = {
      ...head,
      departments: { OD: { parent: 'SEK' } },
      people: { ...head.people, sona: { department: 'SEK', heads: ['SEK'] } },
      steps: [...head.steps, { as: 'sona', do: 'approve', expect: 'issuing' }],
    };
    const report = runScenario(raw, scenario);
    expect(report.steps[1].assignees.cs).toBe('vedoucí odboru SEK (sona)');
    expect(report.end).toMatchObject({ state: 'issuing' });
    // Nobody in the scenario holds facility-manager: the resolution chain hands it to the head above
    // the filer's department (the filer heads OD himself), so the request is not stuck (issue 19).
    expect(report.steps[2].fallbacks?.en).toBe('for role "Facility manager": sona (head of the department above)');
    expect(report.ok).toBe(true);
  });

  it('a draft on the filer\'s desk is not stuck', () => {
    expect(runScenario(raw, { ...(happyPath as unknown as Scenario), steps: [] }).ok).toBe(true);
  });
});
