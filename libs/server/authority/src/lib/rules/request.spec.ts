import type { Subject } from '../subject';
import { decideRequest, requestCapacities, type RequestRelation } from './request';

const person = (over: Partial<Subject> = {}): Subject => ({ userId: 'me', departmentId: null, roles: ['employee'], groups: [], grants: [], managerOf: [], principals: [], ...over });
const rel = (over: Partial<RequestRelation> = {}): RequestRelation => ({ filerId: 'filer', agendaCode: 'leave-request', assignee: false, actor: false, signer: false, participant: false, deputyPrincipals: [], ...over });
const decide = (s: Subject, r: RequestRelation, action: 'read' | 'work') => decideRequest({ capacities: requestCapacities(s, r) }, action);

describe('request rule', () => {
  it('hides a request from someone with no capacity, the system administrator included (ADR 0004)', () => {
    expect(decide(person(), rel(), 'read')).toBe('hide');
    expect(decide(person({ roles: ['employee', 'system-admin', 'manager', 'director'] }), rel(), 'read')).toBe('hide');
  });

  it('lets the filer, assignees, actors, signers and participants read and work', () => {
    expect(requestCapacities(person({ userId: 'filer' }), rel())).toEqual(['filer']);
    for (const r of [rel({ assignee: true }), rel({ actor: true }), rel({ signer: true }), rel({ participant: true })]) {
      expect(decide(person(), r, 'read')).toBe('allow');
      expect(decide(person(), r, 'work')).toBe('allow');
    }
  });

  it('counts a deputy only for work of the absent person, never on the absent person’s own request', () => {
    expect(requestCapacities(person(), rel({ deputyPrincipals: ['boss'] }))).toEqual(['deputy']);
    // The principal filed it (their own leave): standing in for them gives nothing.
    expect(decide(person(), rel({ filerId: 'boss', deputyPrincipals: ['boss'] }), 'read')).toBe('hide');
    expect(decide(person(), rel({ filerId: 'boss', deputyPrincipals: ['boss', 'other'] }), 'work')).toBe('allow');
  });

  it('lets auditors read everything of their agendas and change nothing (403, not 404)', () => {
    const auditor = person({ roles: ['employee', 'auditor'] });
    expect(decide(auditor, rel(), 'read')).toBe('allow');
    expect(decide(auditor, rel(), 'work')).toBe('forbid');
    const granted = person({ grants: [{ agendaCode: 'leave-request', grant: 'auditor' }] });
    expect(decide(granted, rel(), 'work')).toBe('forbid');
    expect(decide(granted, rel({ agendaCode: 'other' }), 'read')).toBe('hide');
    // An auditor who is also the filer works on their own request.
    expect(decide(person({ userId: 'filer', roles: ['auditor'] }), rel(), 'work')).toBe('allow');
  });

  it('lets officers and agenda administrators work on the agenda’s requests', () => {
    expect(decide(person({ grants: [{ agendaCode: 'leave-request', grant: 'officer' }] }), rel(), 'work')).toBe('allow');
    expect(decide(person({ grants: [{ agendaCode: 'leave-request', grant: 'admin' }] }), rel(), 'work')).toBe('allow');
    expect(decide(person({ roles: ['agenda-admin'] }), rel(), 'work')).toBe('allow');
    expect(decide(person({ grants: [{ agendaCode: 'other', grant: 'officer' }] }), rel(), 'read')).toBe('hide');
  });
});
