import { agendaDefinitions } from '@agendy/workflow/agendas';
import { agendaRolesOf, directoryGaps, managerOf, partyHolders, rolesNamedIn, stepTakers } from './directory';
import { smallDirectory } from './test-directory';

const definition = (code: string) => {
  const d = agendaDefinitions.find((x) => x.code === code);
  if (!d) throw new Error(code);
  return d;
};

describe('walk directory', () => {
  const dir = smallDirectory();
  const byName = (u: string) => {
    const found = dir.people.find((p) => p.username === u);
    if (!found) throw new Error(u);
    return found;
  };

  it('computes agenda roles like the server: groups give agenda roles, agenda-officer only by grant', () => {
    expect(agendaRolesOf(byName('lawyer'), definition('internal-regulation'))).toEqual(['employee', 'legal']);
    expect(agendaRolesOf(byName('tech'), definition('maintenance-request'))).toContain('technician');
    expect(agendaRolesOf(byName('officer'), definition('maintenance-request'))).toContain('agenda-officer');
    expect(agendaRolesOf(byName('officer'), definition('internal-regulation'))).not.toContain('agenda-officer');
    expect(agendaRolesOf({ ...byName('colleague'), roles: ['employee', 'agenda-officer'] }, definition('leave-request'))).not.toContain('agenda-officer');
  });

  it('finds who acts for a party: a user, a role, a department head', () => {
    const reg = definition('internal-regulation');
    expect(partyHolders(dir, reg, { kind: 'user', userId: 'id-colleague' }).map((p) => p.username)).toEqual(['colleague']);
    expect(partyHolders(dir, reg, { kind: 'role', role: 'director' }).map((p) => p.username)).toEqual(['director']);
    expect(partyHolders(dir, reg, { kind: 'departmentManager', departmentId: 'd-oinf' }).map((p) => p.username)).toEqual(['head']);
    expect(managerOf(dir, byName('filer'))?.username).toBe('head');
    expect(managerOf(dir, byName('lawyer'))).toBeNull();
  });

  it('names who may take a step out of a state: role holders, the filer, the filer\'s manager', () => {
    const names = (state: string, code = 'maintenance-request') => stepTakers(dir, definition(code), state, byName('filer')).map((p) => p.username).sort();
    expect(names('triage')).toEqual(['filer', 'officer', 'tech']);
    expect(names('approval', 'leave-request')).toEqual(['director', 'filer', 'head']); // the filer may cancel
    expect(names('closed')).toEqual([]);
  });

  it('lists every role a workflow names', () => {
    expect(rolesNamedIn(definition('internal-regulation'))).toEqual(['agenda-officer', 'director', 'employee', 'legal']);
  });

  it('reports parties nobody holds and departments without a head', () => {
    const gaps = directoryGaps(dir, [definition('internal-regulation'), definition('contract-order')]);
    expect(gaps).toContainEqual({ agenda: '*', party: 'head of department OLP', why: 'nobody approves as the manager of lawyer' });
    expect(gaps).toContainEqual({ agenda: 'internal-regulation', party: 'role agenda-officer', why: 'nobody holds it (an officer grant (agenda_grants))' });
    expect(gaps).toContainEqual({ agenda: 'contract-order', party: 'role budget-administrator', why: 'nobody holds it (directory groups KULK-OE-SpravciRozpoctu)' });
    expect(gaps.some((g) => g.party === 'role legal')).toBe(false);
  });
});
