import type { AgendaDefinition, Scenario, ScenarioPerson } from '@agendy/workflow/engine';

/** The department the simulated office consists of. */
export const SIM_DEPARTMENT = 'ODBOR';

/**
 * The people of a "Vyzkoušet" run: a filer, the head of the filer's department, the director and
 * one holder of each of the agenda's own roles (and the agenda officer).
 */
export function simulationPeople(d: AgendaDefinition): Record<string, ScenarioPerson> {
  const people: Record<string, ScenarioPerson> = {
    zadatel: { name: 'Žadatel / Filer', department: SIM_DEPARTMENT },
    vedouci: { name: 'Vedoucí odboru / Head of department', department: SIM_DEPARTMENT, heads: [SIM_DEPARTMENT] },
    reditel: { name: 'Ředitel / Director', department: 'VEDENI', roles: ['director'] },
    referent: { name: 'Referent agendy / Agenda officer', department: 'AGENDA', roles: ['agenda-officer'] },
  };
  for (const r of d.roles) people[`role-${r.code}`] = { name: `${r.name.cs} / ${r.name.en}`, department: 'AGENDA', roles: [r.code] };
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
