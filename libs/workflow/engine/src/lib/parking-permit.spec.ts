import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import raw from '../test-fixtures/parking-permit.agenda.json';
import type { AgendaDefinition } from './definition.types';
import type { Actor, RequestContext, WorkflowSnapshot } from './runtime.types';
import { SYSTEM_ACTOR } from './runtime.types';
import { validateDefinition } from './validate-definition';
import { startRequest } from './start-request';
import { transition } from './transition';
import { availableTransitions } from './available-transitions';
import { checkSnapshot } from './snapshot-check';

/** The example of docs/agendas.md, run through the engine exactly as an administrator wrote it. */
const def = raw as unknown as AgendaDefinition;
const now = new Date('2026-11-27T09:00:00Z'); // Friday
const request: RequestContext = { id: 'req-1', agendaCode: 'parking-permit', filerId: 'jana', filerDepartmentId: 'OD', createdAt: now.toISOString() };
const jana: Actor = { userId: 'jana', roles: ['employee'], departmentId: 'OD' };
const boss: Actor = { userId: 'petr', roles: ['employee', 'manager'], departmentId: 'OD', managerOf: ['OD'] };
const otherBoss: Actor = { userId: 'eva', roles: ['employee', 'manager'], managerOf: ['OKH'] };
const facility: Actor = { userId: 'karel', roles: ['employee', 'facility-manager'] };
const filled = { licencePlate: '1L23456', validFrom: '2026-12-01', reason: 'Dojíždím z Frýdlantu, spoj nenavazuje.' };

function started(): WorkflowSnapshot {
  const r = startRequest(def, request, jana, now);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.snapshot;
}

function submitted(): WorkflowSnapshot {
  const r = transition(def, started(), { type: 'transition', name: 'submit', data: filled }, jana, now);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.snapshot;
}

describe('docs/agendas.md example: parking permit', () => {
  it('is the very JSON printed in the documentation', () => {
    const docs = readFileSync(join(__dirname, '../../../../../docs/agendas.md'), 'utf8');
    const block = /<!-- example:parking-permit -->\s*```json\n([\s\S]*?)```/.exec(docs);
    expect(block).not.toBeNull();
    expect(JSON.parse((block as RegExpExecArray)[1])).toEqual(raw);
  });

  it('validates', () => {
    expect(validateDefinition(raw)).toEqual({ ok: true, value: raw });
  });

  it('runs the happy path from draft to an issued permit', () => {
    const s1 = started();
    expect(s1).toMatchObject({ state: 'draft', version: 1, assignees: [{ kind: 'user', userId: 'jana' }] });

    const saved = transition(def, s1, { type: 'transition', name: 'save', data: { licencePlate: '1L23456' } }, jana, now);
    expect(saved.ok && saved.value.snapshot.data).toEqual({ licencePlate: '1L23456' });

    const sub = transition(def, s1, { type: 'transition', name: 'submit', data: filled, expectedVersion: 1 }, jana, now);
    if (!sub.ok) throw new Error(JSON.stringify(sub.error));
    const s2 = sub.value.snapshot;
    expect(s2).toMatchObject({ state: 'approval', version: 2, assignees: [{ kind: 'departmentManager', departmentId: 'OD' }] });
    // 5 business days from Friday 27 Nov 2026: Friday 4 Dec, end of day in Prague (CET).
    expect(s2.deadlines[0]).toMatchObject({ dueAt: '2026-12-04T22:59:59.999Z', remindAt: '2026-12-03T07:00:00.000Z' });
    expect(sub.value.effects.map((e) => e.type)).toEqual(['assign', 'notify', 'scheduleTimer', 'scheduleTimer']);
    expect(sub.value.effects.map((e) => e.id)).toEqual(['req-1/2/0', 'req-1/2/1', 'req-1/2/2', 'req-1/2/3']);
    expect(sub.value.history).toEqual([
      expect.objectContaining({ kind: 'transition', transition: 'submit', from: 'draft', to: 'approval', changedFields: ['licencePlate', 'validFrom', 'reason'] }),
    ]);

    const app = transition(def, s2, { type: 'transition', name: 'approve' }, boss, now);
    if (!app.ok) throw new Error(JSON.stringify(app.error));
    expect(app.value.snapshot).toMatchObject({ state: 'issuing', deadlines: [], assignees: [{ kind: 'role', role: 'facility-manager' }] });

    const iss = transition(def, app.value.snapshot, { type: 'transition', name: 'issue', data: { permitNumber: 'P-2026-017' } }, facility, now);
    if (!iss.ok) throw new Error(JSON.stringify(iss.error));
    expect(iss.value.snapshot).toMatchObject({ state: 'issued', final: true, assignees: [], version: 4 });
    expect(iss.value.snapshot.documents).toEqual({ 'parking-permit': 'req-1/parking-permit@4' });
    expect(iss.value.effects).toContainEqual(expect.objectContaining({ type: 'generateDocument', template: 'parking-permit', documentKey: 'req-1/parking-permit@4' }));
    expect(checkSnapshot(def, iss.value.snapshot)).toEqual([]);
  });

  it('never modifies the snapshot it was given', () => {
    const s1 = started();
    const copy = structuredClone(s1);
    transition(def, s1, { type: 'transition', name: 'submit', data: filled }, jana, now);
    expect(s1).toEqual(copy);
  });

  it('shows each actor their buttons', () => {
    const s2 = submitted();
    expect(availableTransitions(def, s2, boss, now).map((a) => a.name)).toEqual(['approve', 'reject']);
    expect(availableTransitions(def, s2, jana, now).map((a) => a.name)).toEqual(['withdraw']);
    expect(availableTransitions(def, s2, otherBoss, now)).toEqual([]);
    expect(availableTransitions(def, s2, boss, now)[1]).toMatchObject({ commentRequired: true, style: 'danger', event: { type: 'transition', name: 'reject', expectedVersion: 2 } });
  });

  describe('rejections', () => {
    it('STALE when the version moved on', () => {
      const r = transition(def, submitted(), { type: 'transition', name: 'approve', expectedVersion: 1 }, boss, now);
      expect(!r.ok && r.error.code).toBe('STALE');
    });

    it('WRONG_STATE for a step of another state, an unknown step, or a closed request', () => {
      const s2 = submitted();
      const r1 = transition(def, s2, { type: 'transition', name: 'issue' }, facility, now);
      expect(!r1.ok && r1.error).toMatchObject({ code: 'WRONG_STATE', message: { cs: 'Krok „Vydat povolení“ nelze provést ve stavu „Ke schválení vedoucím“.' } });
      const r2 = transition(def, s2, { type: 'transition', name: 'teleport' }, facility, now);
      expect(!r2.ok && r2.error.code).toBe('WRONG_STATE');
      const done = transition(def, s2, { type: 'transition', name: 'withdraw' }, jana, now);
      const r3 = done.ok ? transition(def, done.value.snapshot, { type: 'transition', name: 'approve' }, boss, now) : done;
      expect(!r3.ok && r3.error.code).toBe('WRONG_STATE');
    });

    it('NOT_ALLOWED for a manager of another department and for the filer approving herself', () => {
      const r1 = transition(def, submitted(), { type: 'transition', name: 'approve' }, otherBoss, now);
      expect(!r1.ok && r1.error.code).toBe('NOT_ALLOWED');
      const selfFiled = transition(def, submitted(), { type: 'transition', name: 'approve' }, { ...jana, managerOf: ['OD'] }, now);
      expect(!selfFiled.ok && selfFiled.error.code).toBe('NOT_ALLOWED');
      const r2 = startRequest(def, request, { userId: 'jana', roles: [] }, now);
      expect(!r2.ok && r2.error.code).toBe('NOT_ALLOWED');
    });

    it('lets a deputy act on behalf of the manager', () => {
      const deputy: Actor = { userId: 'zastupce', roles: ['employee'], managerOf: ['OD'], onBehalfOf: 'petr' };
      const r = transition(def, submitted(), { type: 'transition', name: 'approve' }, deputy, now);
      expect(r.ok && r.value.history[0].actor).toEqual({ userId: 'zastupce', onBehalfOf: 'petr' });
    });

    it('INVALID_DATA with every field error, pointer and Czech message', () => {
      const r = transition(def, started(), { type: 'transition', name: 'submit', data: { licencePlate: '1l 23', validFrom: '2026-11-01' } }, jana, now);
      expect(!r.ok && r.error.code).toBe('INVALID_DATA');
      const errors = !r.ok ? r.error.fieldErrors ?? [] : [];
      expect(errors.map((e) => [e.pointer, e.keyword])).toEqual([
        ['/reason', 'required'],
        ['/licencePlate', 'pattern'],
        ['/validFrom', 'rule'],
      ]);
      expect(errors[0].message).toEqual({ cs: '„Odůvodnění“: je povinný údaj', en: '"Reason": is required' });
      expect(errors[2].message.cs).toBe('„Platnost od“: nesmí být v minulosti');
    });

    it('checks "not in the past" only when submitting the draft, not when approving later', () => {
      const later = new Date('2026-12-03T09:30:00Z'); // validFrom 1 Dec has passed meanwhile
      const r = transition(def, submitted(), { type: 'transition', name: 'approve' }, boss, later);
      expect(r.ok && r.value.snapshot.state).toBe('issuing');
    });

    it('INVALID_DATA for fields the step may not change, a missing comment, a missing required field', () => {
      const r1 = transition(def, submitted(), { type: 'transition', name: 'approve', data: { permitNumber: 'X' } }, boss, now);
      expect(!r1.ok && r1.error.fieldErrors?.[0]).toMatchObject({ pointer: '/permitNumber', keyword: 'readonly' });
      const r2 = transition(def, submitted(), { type: 'transition', name: 'reject', comment: '  ' }, boss, now);
      expect(!r2.ok && r2.error.fieldErrors).toEqual([expect.objectContaining({ pointer: '/$comment', keyword: 'commentRequired' })]);
      const issuing = transition(def, submitted(), { type: 'transition', name: 'approve' }, boss, now);
      const r3 = issuing.ok ? transition(def, issuing.value.snapshot, { type: 'transition', name: 'issue' }, facility, now) : issuing;
      expect(!r3.ok && r3.error.fieldErrors).toEqual([expect.objectContaining({ pointer: '/permitNumber', keyword: 'required' })]);
    });
  });

  describe('deadline timers', () => {
    it('reminds the assignees and escalates to the director, each once', () => {
      const s2 = submitted();
      const id = s2.deadlines[0].id;
      const early = transition(def, s2, { type: 'timer', deadlineId: id, timer: 'remind' }, SYSTEM_ACTOR, now);
      expect(!early.ok && early.error.code).toBe('GUARD_FAILED');
      const remind = transition(def, s2, { type: 'timer', deadlineId: id, timer: 'remind' }, SYSTEM_ACTOR, new Date('2026-12-03T07:00:00Z'));
      if (!remind.ok) throw new Error(JSON.stringify(remind.error));
      expect(remind.value.effects).toEqual([expect.objectContaining({ type: 'notify', template: 'deadline-reminder', recipients: [{ kind: 'departmentManager', departmentId: 'OD' }] })]);
      const again = transition(def, remind.value.snapshot, { type: 'timer', deadlineId: id, timer: 'remind' }, SYSTEM_ACTOR, new Date('2026-12-03T08:00:00Z'));
      expect(!again.ok && again.error.code).toBe('WRONG_STATE');
      const esc = transition(def, remind.value.snapshot, { type: 'timer', deadlineId: id, timer: 'escalate' }, SYSTEM_ACTOR, new Date('2026-12-05T00:00:00Z'));
      expect(esc.ok && esc.value.effects).toEqual([expect.objectContaining({ type: 'notify', recipients: [{ kind: 'role', role: 'director' }] })]);
      expect(esc.ok && esc.value.history[0].kind).toBe('escalation');
    });

    it('ignores timers of a state the request has left and timers sent by people', () => {
      const s2 = submitted();
      const id = s2.deadlines[0].id;
      const approved = transition(def, s2, { type: 'transition', name: 'approve' }, boss, now);
      const stale = approved.ok ? transition(def, approved.value.snapshot, { type: 'timer', deadlineId: id, timer: 'escalate' }, SYSTEM_ACTOR, new Date('2027-01-01T00:00:00Z')) : approved;
      expect(!stale.ok && stale.error.code).toBe('WRONG_STATE');
      const byHand = transition(def, s2, { type: 'timer', deadlineId: id, timer: 'escalate' }, boss, new Date('2027-01-01T00:00:00Z'));
      expect(!byHand.ok && byHand.error.code).toBe('NOT_ALLOWED');
    });
  });

  it('refuses a snapshot of another definition version', () => {
    expect(() => transition({ ...def, version: 2 }, started(), { type: 'transition', name: 'save' }, jana, now)).toThrow(/v1 given with definition parking-permit v2/);
  });
});
