import type { AgendaDefinition } from '@agendy/workflow/engine';

/**
 * The people a walk can act as, and what the directory says about them. The walker never decides
 * permissions from this (the API's `availableTransitions` and `canSign` do); it uses it to ask the
 * likely people first, to turn fixture ids into real ones, and to say which parties nobody holds.
 */
export interface WalkPerson {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  /** Global roles (employee, manager, director, …). */
  roles: string[];
  /** Directory groups, lower-cased (agenda roles come from them). */
  groups: string[];
  /** Agendas this person is an officer of (agenda_grants). */
  officerOf: string[];
  /** Departments this person heads. */
  heads: string[];
}

export interface WalkDepartment {
  id: string;
  code: string;
  headId: string | null;
}

export interface WalkDirectory {
  people: WalkPerson[];
  departments: WalkDepartment[];
}

/** A party as the request detail names it (`assignees`, approval slots): see `PartyRef` in the contracts. */
export type PartyLike = { kind: 'user'; userId: string } | { kind: 'role'; role: string } | { kind: 'departmentManager'; departmentId: string };

/** The roles a person holds in one agenda, the way the server computes them (`rolesIn`). */
export function agendaRolesOf(person: WalkPerson, definition: AgendaDefinition): string[] {
  const roles = new Set(person.roles);
  for (const role of definition.roles) {
    if (role.directoryGroups.some((g) => person.groups.includes(g.toLowerCase()))) roles.add(role.code);
  }
  // The built-in agenda-officer role means "officer of this agenda": only a grant counts.
  roles.delete('agenda-officer');
  if (person.officerOf.includes(definition.code)) roles.add('agenda-officer');
  return [...roles];
}

export function roleHolders(directory: WalkDirectory, definition: AgendaDefinition, role: string): WalkPerson[] {
  return directory.people.filter((p) => agendaRolesOf(p, definition).includes(role));
}

/** Who may act for a party (without substitutions). */
export function partyHolders(directory: WalkDirectory, definition: AgendaDefinition, party: PartyLike): WalkPerson[] {
  switch (party.kind) {
    case 'user':
      return directory.people.filter((p) => p.id === party.userId);
    case 'role':
      return roleHolders(directory, definition, party.role);
    case 'departmentManager':
      return directory.people.filter((p) => p.heads.includes(party.departmentId));
  }
}

/** Whom the head of the person's department is (managerOfFiler); null when the department has no head. */
export function managerOf(directory: WalkDirectory, person: WalkPerson): WalkPerson | null {
  const dept = directory.departments.find((d) => d.id === person.departmentId);
  return (dept?.headId && directory.people.find((p) => p.id === dept.headId)) || null;
}

/**
 * People the definition lets take a step out of `state` (by role, as the filer, as the filer's
 * manager, by name) — without asking the server, so only a hint of whom to ask.
 */
export function stepTakers(directory: WalkDirectory, definition: AgendaDefinition, state: string, filer: WalkPerson): WalkPerson[] {
  const out: WalkPerson[] = [];
  for (const t of definition.workflow.transitions) {
    const from = Array.isArray(t.from) ? t.from : [t.from];
    if (!from.includes(state)) continue;
    for (const rule of t.who) {
      if ('role' in rule && rule.role !== 'employee') out.push(...roleHolders(directory, definition, rule.role));
      else if ('filer' in rule) out.push(filer);
      else if ('managerOfFiler' in rule) {
        const manager = managerOf(directory, filer);
        if (manager) out.push(manager);
      } else if ('user' in rule) out.push(...directory.people.filter((p) => p.id === rule.user || p.username === rule.user));
    }
  }
  return [...new Set(out)];
}

/** Every role an agenda's workflow names anywhere (who, assignTo, approvals, deadlines, signers). */
export function rolesNamedIn(definition: AgendaDefinition): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const entries = Object.entries(node as Record<string, unknown>);
    // An actor or party rule is an object with a single `role` member.
    if (entries.length === 1 && entries[0][0] === 'role' && typeof entries[0][1] === 'string') found.add(entries[0][1]);
    entries.forEach(([, v]) => visit(v));
  };
  visit(definition.workflow);
  return [...found].sort();
}

export interface DirectoryGap {
  /** An agenda code, or `*` for gaps every agenda shares (departments without a head). */
  agenda: string;
  party: string;
  why: string;
}

/**
 * Parties nobody in the directory can act for: roles an agenda names that no person holds, and
 * departments without a head (their members' requests wait for "the manager of the filer" for ever,
 * and a department chosen for a comment round never answers).
 */
export function directoryGaps(directory: WalkDirectory, definitions: readonly AgendaDefinition[]): DirectoryGap[] {
  const gaps: DirectoryGap[] = [];
  for (const d of directory.departments) {
    if (d.headId && directory.people.some((p) => p.id === d.headId)) continue;
    const members = directory.people.filter((p) => p.departmentId === d.id).map((p) => p.username);
    gaps.push({ agenda: '*', party: `head of department ${d.code}`, why: members.length ? `nobody approves as the manager of ${members.join(', ')}` : 'no head (and no members)' });
  }
  for (const definition of definitions) {
    for (const role of rolesNamedIn(definition)) {
      if (roleHolders(directory, definition, role).length === 0) {
        const declared = definition.roles.find((r) => r.code === role);
        const source = declared ? `directory groups ${declared.directoryGroups.join(', ')}` : role === 'agenda-officer' ? 'an officer grant (agenda_grants)' : 'the global role';
        gaps.push({ agenda: definition.code, party: `role ${role}`, why: `nobody holds it (${source})` });
      }
    }
  }
  return gaps;
}
