import { DataSource } from 'typeorm';
import { createDataSource } from '@agendy/server/db';
import { AgendaRegistry, loadOfficeDirectory } from '@agendy/server/feature-agendas';
import { loadShippedAgendas, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import {
  actingParties,
  availableTransitions,
  checkAgainstDirectory,
  directoryActor,
  enginePartyKey,
  grantNames,
  holdersOf,
  probeState,
  SYSTEM_ACTOR,
  type AgendaDefinition,
  type DirectoryUser,
  type FormData,
  type OfficeDirectory,
  type Party,
  type PartyRule,
  type RequestContext,
  type WorkflowSnapshot,
} from '@agendy/workflow/engine';

/**
 * Issue 19's "Done when", generated from the definitions (no hand-kept lists): for every shipped
 * agenda and every non-final state, with the seeded demo directory, at least one real user can act
 * — with every demo user as the filer, and with the filer as the only holder of each role the
 * state waits on. "Can act" is the engine's own answer (`availableTransitions`) for a user who holds
 * the party or is the fallback the resolution chain recorded for it.
 */
describe('every state of every shipped agenda has someone to act, in the demo directory (issue 19)', () => {
  let ds: DataSource;
  let directory: OfficeDirectory;
  /** The shipped agendas as `cli setup` publishes them. */
  let agendaDefinitions: AgendaDefinition[];
  const now = new Date('2030-03-04T09:00:00.000Z');

  beforeAll(async () => {
    ds = createDataSource(process.env['DATABASE_URL'] as string, 2, 'agendy-assignment-coverage');
    await ds.initialize();
    await truncateAll(ds);
    await seedDemoOffice(ds);
    await loadShippedAgendas(ds);
    directory = await loadOfficeDirectory(ds);
    agendaDefinitions = (await new AgendaRegistry(ds).listPublished()).map((p) => p.definition);
  });
  afterAll(() => ds.destroy());

  it('the demo directory leaves no party of any shipped agenda to nobody (the static check agrees)', () => {
    const published = agendaDefinitions.map((d) => d.code).sort();
    expect(published.length).toBeGreaterThan(10);
    const errors = agendaDefinitions.flatMap((d) => checkAgainstDirectory(d, directory).filter((f) => f.severity === 'error').map((f) => `${d.code} ${f.state} ${f.path}: ${f.message.en}`));
    expect(errors).toEqual([]);
  });

  it('someone can act in every non-final state, whoever files', () => {
    const failures: string[] = [];
    const filers = directory.users.filter((u) => u.active);
    for (const definition of agendaDefinitions) {
      for (const state of definition.workflow.states.filter((s) => !s.final)) {
        for (const filer of filers) failures.push(...check(definition, state.id, filer, directory));
      }
    }
    expect(failures).toEqual([]);
  });

  it('someone can act when the filer is the only holder of the role the state waits on', () => {
    const failures: string[] = [];
    let variants = 0;
    for (const definition of agendaDefinitions) {
      for (const state of definition.workflow.states.filter((s) => !s.final)) {
        const probe = probeState(definition, requestOf(definition, someone(directory), directory), state.id, dataFor(definition, someone(directory), directory), now, directory);
        for (const { party } of actingParties(definition, probe)) {
          if (party.kind !== 'role') continue;
          const [holder] = holdersOf(directory, definition, party).filter((u) => u.active);
          if (!holder) continue;
          variants++;
          failures.push(...check(definition, state.id, holder, onlyHolder(directory, definition, party.role, holder)));
        }
      }
    }
    expect(variants).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  /** What is wrong with state `stateId` when `filer` files (empty: someone can act for every party). */
  function check(definition: AgendaDefinition, stateId: string, filer: DirectoryUser, dir: OfficeDirectory): string[] {
    const where = `${definition.code}/${stateId} filed by ${filer.username}`;
    let snap: WorkflowSnapshot;
    try {
      snap = probeState(definition, requestOf(definition, filer, dir), stateId, dataFor(definition, filer, dir), now, dir);
    } catch (e) {
      return [`${where}: ${(e as Error).message}`];
    }
    const problems = (snap.unassigned ?? []).map((v) => `${where}: nobody acts for ${enginePartyKey(v.party)} (${v.reason})`);
    const active = dir.users.filter((u) => u.active);
    const actionsOf = (userId: string) => availableTransitions(definition, snap, directoryActor(dir, definition, userId), now);
    const parties = actingParties(definition, snap);
    // A state waiting for signatures: its parties act at the signing desk, the system takes the step after the last one.
    const systemMovesOn = availableTransitions(definition, snap, SYSTEM_ACTOR, now).length > 0;
    for (const acting of parties) {
      const key = enginePartyKey(acting.party);
      const standIns = (snap.fallbacks ?? []).filter((f) => enginePartyKey(f.party) === key).map((f) => f.userId);
      const people = active.filter((u) => standIns.includes(u.id) || (holdersOf(dir, definition, acting.party).includes(u) && !(acting.fourEyes && u.id === filer.id)));
      const acts = people.some((u) => actionsOf(u.id).some((a) => a.enabled && (acting.as === 'vote' ? a.kind === 'vote' : a.kind === 'transition')));
      if (!acts && !(systemMovesOn && people.length > 0)) problems.push(`${where}: nobody can act for ${key} (${acting.as}); people: ${people.map((u) => u.username).join(', ') || 'none'}`);
    }
    if (parties.length === 0) {
      // A state on nobody's desk (the filer's, or waiting for signatures): the filer, someone or the system moves it on.
      const anyone = [...active.map((u) => actionsOf(u.id)), availableTransitions(definition, snap, SYSTEM_ACTOR, now)].some((actions) => actions.length > 0);
      if (!anyone) problems.push(`${where}: nobody at all can act`);
    }
    return problems;
  }

  function requestOf(definition: AgendaDefinition, filer: DirectoryUser, dir: OfficeDirectory): RequestContext {
    return {
      id: '00000000-0000-4000-8000-000000000019',
      agendaCode: definition.code,
      filerId: filer.id,
      filerDepartmentId: filer.departmentId ?? '',
      createdAt: now.toISOString(),
      filerManagerOf: dir.departments.filter((d) => d.headUserId === filer.id).map((d) => d.id),
    };
  }

  /** Fills the fields parties are read from (people, departments) with real ids; everything else stays empty. */
  function dataFor(definition: AgendaDefinition, filer: DirectoryUser, dir: OfficeDirectory): FormData {
    const others = dir.users.filter((u) => u.active && u.id !== filer.id).map((u) => u.id);
    const data: FormData = {};
    for (const rule of partyRules(definition)) {
      const field = 'userFromField' in rule ? rule.userFromField : 'departmentManagersFromField' in rule ? rule.departmentManagersFromField : undefined;
      if (!field) continue;
      const many = (definition.form.schema['properties'] as Record<string, { type?: string }>)[field]?.type === 'array';
      const ids = 'userFromField' in rule ? others : dir.departments.map((d) => d.id);
      data[field] = many ? ids : ids[0];
    }
    return data;
  }

  function someone(dir: OfficeDirectory): DirectoryUser {
    return dir.users.find((u) => u.active && u.roles.length === 1) ?? dir.users[0];
  }
});

/** Every party rule of a definition, wherever it is written. */
function partyRules(definition: AgendaDefinition): PartyRule[] {
  const rules: PartyRule[] = [];
  const walk = (node: unknown, key?: string) => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, key));
    else if (node && typeof node === 'object') {
      if (key && ['assignTo', 'participants', 'escalateTo', 'remindTo', 'to', 'who'].includes(key) && ('userFromField' in node || 'departmentManagersFromField' in node)) rules.push(node as PartyRule);
      for (const [k, v] of Object.entries(node)) walk(v, k);
    }
  };
  walk(definition.workflow);
  return rules;
}

/** The directory with `holder` as the only holder of `role` in the agenda (the others lose its groups, global role and grants). */
function onlyHolder(dir: OfficeDirectory, definition: AgendaDefinition, role: string, holder: DirectoryUser): OfficeDirectory {
  const groups = (definition.roles.find((r) => r.code === role)?.directoryGroups ?? []).map((g) => g.toLowerCase());
  const others = (u: DirectoryUser) => u.id !== holder.id;
  return {
    ...dir,
    users: dir.users.map((u) => (others(u) ? { ...u, roles: u.roles.filter((r) => r !== role), groups: u.groups.filter((g) => !groups.includes(g)) } : u)),
    grants:
      role === 'agenda-officer'
        ? dir.grants.filter((g) => !(g.agendaCode === definition.code && g.grant === 'officer' && dir.users.some((u) => others(u) && grantNames(g, u))))
        : dir.grants,
  };
}

export type { Party };
