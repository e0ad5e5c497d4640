import { agendasWhoseGrantsActorManages, GrantingActor, grantReachesActor, groupIncludesActor, mayManageAgendaGrants, mayNameDeputy } from './separation-of-duties';

const actor = (over: Partial<GrantingActor> = {}): GrantingActor => ({
  userId: '6f1c1a52-8d0e-4d4c-9a55-0a6e5b1f2c3d',
  roles: ['employee', 'agenda-admin'],
  groups: ['kulk-spravci', 'cn=kulk-spravci,ou=groups,dc=kraj,dc=cz'],
  agendaGrants: [],
  ...over,
});

describe('grantReachesActor: nobody grants themselves anything', () => {
  it('sees the actor behind their own id, any role they hold and any group they are in', () => {
    const a = actor();
    expect(grantReachesActor(a, { subjectType: 'user', subject: a.userId })).toBe(true);
    expect(grantReachesActor(a, { subjectType: 'user', subject: a.userId.toUpperCase() })).toBe(true);
    expect(grantReachesActor(a, { subjectType: 'role', subject: 'agenda-admin' })).toBe(true);
    expect(grantReachesActor(a, { subjectType: 'role', subject: 'employee' })).toBe(true);
    expect(grantReachesActor(a, { subjectType: 'group', subject: 'KULK-Spravci' })).toBe(true);
    expect(grantReachesActor(a, { subjectType: 'group', subject: ' CN=KULK-Spravci,OU=Groups,DC=kraj,DC=cz ' })).toBe(true);
  });

  it('lets grants to other people, roles and groups through', () => {
    const a = actor();
    expect(grantReachesActor(a, { subjectType: 'user', subject: '0b7c2f0e-0000-4000-8000-000000000001' })).toBe(false);
    expect(grantReachesActor(a, { subjectType: 'role', subject: 'auditor' })).toBe(false);
    expect(grantReachesActor(a, { subjectType: 'group', subject: 'KULK-Personalni' })).toBe(false);
    expect(groupIncludesActor(a, 'kulk-spravci-2')).toBe(false);
  });
});

describe('mayManageAgendaGrants: case access is given by agenda administrators only', () => {
  it('allows the global role and the agenda’s own admin grant, not the system-admin role', () => {
    expect(mayManageAgendaGrants(actor(), 'dotace')).toBe(true);
    const owner = actor({ roles: ['employee'], agendaGrants: [{ agendaCode: 'dotace', grant: 'admin' }, { agendaCode: 'vozy', grant: 'officer' }] });
    expect(mayManageAgendaGrants(owner, 'dotace')).toBe(true);
    expect(mayManageAgendaGrants(owner, 'vozy')).toBe(false);
    expect(mayManageAgendaGrants(actor({ roles: ['employee', 'system-admin'] }), 'dotace')).toBe(false);
    expect(mayManageAgendaGrants(actor({ roles: ['employee', 'auditor'], agendaGrants: [{ agendaCode: 'dotace', grant: 'auditor' }] }), 'dotace')).toBe(false);
  });

  it('scopes the list of grants the same way', () => {
    expect(agendasWhoseGrantsActorManages(actor())).toBeNull();
    expect(agendasWhoseGrantsActorManages(actor({ roles: ['employee'], agendaGrants: [{ agendaCode: 'vozy', grant: 'admin' }, { agendaCode: 'dotace', grant: 'admin' }, { agendaCode: 'x', grant: 'officer' }] }))).toEqual(['dotace', 'vozy']);
    expect(agendasWhoseGrantsActorManages(actor({ roles: ['employee', 'system-admin'] }))).toEqual([]);
  });
});

describe('mayNameDeputy: the absent person or their line manager, never oneself', () => {
  it('decides by who acts for whom', () => {
    expect(mayNameDeputy('me', 'me', 'colleague', false)).toEqual({ allowed: true, source: 'self' });
    expect(mayNameDeputy('boss', 'me', 'colleague', true)).toEqual({ allowed: true, source: 'manager' });
    expect(mayNameDeputy('admin', 'me', 'colleague', false)).toEqual({ allowed: false, reason: 'not-line-manager' });
    // Naming oneself the deputy is a self-grant, even for the line manager.
    expect(mayNameDeputy('admin', 'director', 'admin', false)).toEqual({ allowed: false, reason: 'self-grant' });
    expect(mayNameDeputy('boss', 'me', 'boss', true)).toEqual({ allowed: false, reason: 'self-grant' });
  });
});
