import { groupsNamed, type AgendaDefinition, type Scenario, type ScenarioPerson } from '@agendy/workflow/engine';

/** The department the simulated office consists of. */
export const SIM_DEPARTMENT = 'ODBOR';

/** Members simulated for each directory group the agenda votes or works by (`membersOfGroup`). */
export const SIM_GROUP_MEMBERS = 3;

/**
 * The people of a "Vyzkoušet" run: a filer, the head of the filer's department, the director,
 * one holder of each of the agenda's own roles (and the agenda officer), and three members of each
 * directory group the agenda names as `membersOfGroup` (so a "2 of 3" committee can be tried).
 */
export function simulationPeople(d: AgendaDefinition): Record<string, ScenarioPerson> {
  const people: Record<string, ScenarioPerson> = {
    zadatel: { name: 'Žadatel / Filer', department: SIM_DEPARTMENT },
    vedouci: { name: 'Vedoucí odboru / Head of department', department: SIM_DEPARTMENT, heads: [SIM_DEPARTMENT] },
    reditel: { name: 'Ředitel / Director', department: 'VEDENI', roles: ['director'] },
    referent: { name: 'Referent agendy / Agenda officer', department: 'AGENDA', roles: ['agenda-officer'] },
  };
  for (const r of d.roles) people[`role-${r.code}`] = { name: `${r.name.cs} / ${r.name.en}`, department: 'AGENDA', roles: [r.code] };
  for (const group of groupsNamed(d)) {
    for (let i = 1; i <= SIM_GROUP_MEMBERS; i++) people[`${group}-${i}`] = { name: `${group} ${i}`, department: 'AGENDA', groups: [group] };
  }
  return people;
}

export function simulationScenario(d: AgendaDefinition, filedAt: string, steps: Scenario['steps']): Scenario {
  return {
    title: 'Vyzkoušet',
    filer: { id: 'zadatel', department: SIM_DEPARTMENT },
    filedAt,
    departments: { [SIM_DEPARTMENT]: {} },
    // A run stopped half-way is what step-by-step trying looks like; it is not a failure.
    expectStuck: true,
    people: simulationPeople(d),
    steps,
  };
}
