import { derivePrefix } from './reference-prefix';
import { rolesIn, partyKeysOf, type UserFacts } from './user-facts';
import { findAgendaDefinition } from '@agendy/workflow/agendas';

describe('derivePrefix', () => {
  it('uses the office prefix of a shipped agenda and initials otherwise, unique', () => {
    expect(derivePrefix('grant-application', new Set())).toBe('DOT');
    expect(derivePrefix('parking-permit', new Set())).toBe('PP');
    expect(derivePrefix('parking-permit', new Set(['PP', 'PP2']))).toBe('PP3');
  });
});

describe('roles in an agenda', () => {
  const grant = findAgendaDefinition('grant-application');
  const facts: UserFacts = {
    userId: 'u1',
    departmentId: 'd1',
    roles: ['employee', 'agenda-officer'],
    groups: ['kulk-dotace-hodnotitele'],
    grants: [{ agendaCode: 'leave-request', grant: 'officer' }],
    managerOf: ['d9'],
    principals: [],
  };

  it('maps directory groups to agenda roles and counts agenda-officer only through a grant', () => {
    if (!grant) throw new Error('grant-application missing');
    expect(rolesIn(facts, grant).sort()).toEqual(['employee', 'grants-committee']);
    const leave = findAgendaDefinition('leave-request');
    if (!leave) throw new Error('leave-request missing');
    expect(rolesIn(facts, leave).sort()).toEqual(['agenda-officer', 'employee']);
  });

  it("offers a principal's inbox keys as substitution keys", () => {
    if (!grant) throw new Error('grant-application missing');
    const boss: UserFacts = { ...facts, userId: 'boss', groups: [], grants: [], managerOf: ['d1'], principals: [] };
    const keys = partyKeysOf({ ...facts, principals: [boss] }, [grant]);
    expect(keys.own).toEqual(expect.arrayContaining(['user:u1', 'dept:d9', 'role:grant-application:employee', 'role:grant-application:grants-committee']));
    expect(keys.substitution.sort()).toEqual(['dept:d1', 'user:boss']);
  });
});
