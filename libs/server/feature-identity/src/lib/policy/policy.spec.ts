import { ActorContext, canActOnTask, canAdminister, canSeeRequest, requestVisibilityScope } from './policy';

const actor = (over: Partial<ActorContext> = {}): ActorContext => ({ userId: 'me', roles: ['employee'], agendaGrants: [], deputyFor: [], ...over });
const request = { filerId: 'filer', assigneeIds: ['boss', 'former'], agendaCode: 'leave' };

describe('canSeeRequest', () => {
  it('shows a request to its filer and to current and past assignees', () => {
    expect(canSeeRequest(actor({ userId: 'filer' }), request)).toEqual({ allowed: true, reason: 'filer', onBehalfOf: null });
    expect(canSeeRequest(actor({ userId: 'boss' }), request).reason).toBe('assignee');
    expect(canSeeRequest(actor({ userId: 'former' }), request).reason).toBe('assignee');
  });

  it('shows it to an active deputy of an assignee, naming the absent person', () => {
    expect(canSeeRequest(actor({ deputyFor: [{ principalId: 'boss', substitutionId: 's1' }] }), request)).toEqual({
      allowed: true,
      reason: 'deputy',
      onBehalfOf: { principalId: 'boss', substitutionId: 's1' },
    });
  });

  it("does not show it to the filer's deputy, a colleague, a manager or a system admin", () => {
    expect(canSeeRequest(actor({ deputyFor: [{ principalId: 'filer', substitutionId: 's2' }] }), request).allowed).toBe(false);
    expect(canSeeRequest(actor(), request)).toEqual({ allowed: false, reason: null, onBehalfOf: null });
    expect(canSeeRequest(actor({ roles: ['employee', 'manager', 'director'] }), request).allowed).toBe(false);
    expect(canSeeRequest(actor({ roles: ['employee', 'system-admin', 'agenda-officer'] }), request).allowed).toBe(false);
  });

  it("shows it to the agenda's officers and admins, but not to those of another agenda", () => {
    expect(canSeeRequest(actor({ agendaGrants: [{ agendaCode: 'leave', grant: 'officer' }] }), request).reason).toBe('agenda-officer');
    expect(canSeeRequest(actor({ agendaGrants: [{ agendaCode: 'leave', grant: 'admin' }] }), request).reason).toBe('agenda-admin');
    expect(canSeeRequest(actor({ agendaGrants: [{ agendaCode: 'grants', grant: 'officer' }] }), request).allowed).toBe(false);
    expect(canSeeRequest(actor({ roles: ['employee', 'agenda-admin'] }), request).reason).toBe('agenda-admin');
  });

  it('shows it to auditors, globally or per agenda', () => {
    expect(canSeeRequest(actor({ roles: ['auditor'] }), request).reason).toBe('auditor');
    expect(canSeeRequest(actor({ agendaGrants: [{ agendaCode: 'leave', grant: 'auditor' }] }), request).reason).toBe('auditor');
    expect(canSeeRequest(actor({ agendaGrants: [{ agendaCode: 'cars', grant: 'auditor' }] }), request).allowed).toBe(false);
  });
});

describe('canActOnTask', () => {
  const task = { assigneeIds: ['boss'], agendaCode: 'leave' };

  it('lets the assignee act in their own name', () => {
    expect(canActOnTask(actor({ userId: 'boss' }), task)).toEqual({ allowed: true, reason: 'assignee', onBehalfOf: null });
  });

  it('lets a deputy act on behalf of the absent assignee', () => {
    const decision = canActOnTask(actor({ deputyFor: [{ principalId: 'boss', substitutionId: 's1' }] }), task);
    expect(decision).toEqual({ allowed: true, reason: 'deputy', onBehalfOf: { principalId: 'boss', substitutionId: 's1' } });
  });

  it('refuses officers, auditors and admins who are not assigned', () => {
    for (const a of [actor({ roles: ['auditor'] }), actor({ roles: ['agenda-admin', 'system-admin'] }), actor({ agendaGrants: [{ agendaCode: 'leave', grant: 'officer' }] })]) {
      expect(canActOnTask(a, task).allowed).toBe(false);
    }
  });
});

describe('requestVisibilityScope', () => {
  it('lists the actor and their principals as assignees, and granted agendas', () => {
    expect(requestVisibilityScope(actor({ deputyFor: [{ principalId: 'boss', substitutionId: 's1' }], agendaGrants: [{ agendaCode: 'leave', grant: 'officer' }] }))).toEqual({
      all: false,
      agendaCodes: ['leave'],
      filerId: 'me',
      assigneeIds: ['me', 'boss'],
    });
    expect(requestVisibilityScope(actor({ roles: ['auditor'] })).all).toBe(true);
  });
});

describe('administration', () => {
  it('keeps each admin area to its roles', () => {
    expect(canAdminister({ roles: ['system-admin'] }, 'departments')).toBe(true);
    expect(canAdminister({ roles: ['agenda-admin'] }, 'departments')).toBe(false);
    expect(canAdminister({ roles: ['agenda-admin'] }, 'agenda-grants')).toBe(true);
    expect(canAdminister({ roles: ['manager', 'director'] }, 'substitutions')).toBe(false);
  });

  it('never lets the system-admin role grant case access (ADR 0004)', () => {
    expect(canAdminister({ roles: ['system-admin'] }, 'agenda-grants')).toBe(false);
  });
});
