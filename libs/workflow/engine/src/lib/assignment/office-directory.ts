import { assertNever } from '@agendy/shared/util';
import type { AgendaDefinition, EffectDefinition, PartyRule } from '../definition.types';
import type { DirectoryFacts, Party } from '../runtime.types';

/**
 * The office directory as plain data: what the resolution chain (issue 19) and the static
 * assignment check need to know about people and departments. The runtime reads the part it needs
 * inside the transition's transaction, `agenda:check --directory` and the designer read all of it,
 * scenarios build it from their people; the rules below never do I/O.
 */
export interface DirectoryUser {
  id: string;
  active: boolean;
  departmentId: string | null;
  /** Global roles (employee, manager, director, agenda-admin, …). */
  roles: readonly string[];
  /** Directory groups, lower-cased: agenda roles are held through them. */
  groups: readonly string[];
  /** For messages: "Petr Šťastný". */
  displayName?: string;
  username?: string;
}

export interface DirectoryDepartment {
  id: string;
  parentId: string | null;
  headUserId: string | null;
  /** For messages: the department's code (OD, OINF). */
  code?: string;
}

export interface DirectoryGrant {
  agendaCode: string;
  grant: 'officer' | 'admin' | 'auditor';
  subjectType: 'user' | 'role' | 'group';
  subject: string;
}

/** A substitution valid now: the deputy acts for the absent principal. */
export interface DirectorySubstitution {
  principalId: string;
  deputyId: string;
}

export interface OfficeDirectory {
  users: readonly DirectoryUser[];
  departments: readonly DirectoryDepartment[];
  grants: readonly DirectoryGrant[];
  substitutions: readonly DirectorySubstitution[];
}

/** Whether a grant of the agenda names this user (directly, through a global role or a group). */
export function grantNames(grant: DirectoryGrant, user: DirectoryUser): boolean {
  switch (grant.subjectType) {
    case 'user':
      return grant.subject === user.id;
    case 'role':
      return user.roles.includes(grant.subject);
    case 'group':
      return user.groups.includes(grant.subject.toLowerCase());
    default:
      return assertNever(grant.subjectType, 'grant subject');
  }
}

/**
 * Roles a user holds in one agenda, the way the server's `rolesIn` computes them: global roles,
 * agenda roles through their directory groups, and `agenda-officer` only through an officer grant
 * of this agenda (the built-in role means "officer of this agenda").
 */
export function agendaRolesOf(user: DirectoryUser, definition: Pick<AgendaDefinition, 'code' | 'roles'>, grants: readonly DirectoryGrant[]): string[] {
  const roles = new Set(user.roles);
  for (const role of definition.roles) {
    if (role.directoryGroups.some((g) => user.groups.includes(g.toLowerCase()))) roles.add(role.code);
  }
  roles.delete('agenda-officer');
  if (grants.some((g) => g.agendaCode === definition.code && g.grant === 'officer' && grantNames(g, user))) roles.add('agenda-officer');
  return [...roles];
}

/** Global agenda administrators and holders of the agenda's `admin` grant (never system-admin: ADR 0004). */
export function isAgendaAdministrator(user: DirectoryUser, agendaCode: string, grants: readonly DirectoryGrant[]): boolean {
  return user.roles.includes('agenda-admin') || grants.some((g) => g.agendaCode === agendaCode && g.grant === 'admin' && grantNames(g, user));
}

/** Everyone the directory says holds the party, active or not. */
export function holdersOf(directory: OfficeDirectory, definition: Pick<AgendaDefinition, 'code' | 'roles'>, party: Party): DirectoryUser[] {
  switch (party.kind) {
    case 'user':
      return directory.users.filter((u) => u.id === party.userId);
    case 'role':
      return directory.users.filter((u) => agendaRolesOf(u, definition, directory.grants).includes(party.role));
    case 'departmentManager': {
      const head = directory.departments.find((d) => d.id === party.departmentId)?.headUserId;
      return head ? directory.users.filter((u) => u.id === head) : [];
    }
    default:
      return assertNever(party, 'party');
  }
}

/** The departments above one, nearest first (cycles cut). */
export function parentDepartments(directory: OfficeDirectory, departmentId: string | null | undefined): DirectoryDepartment[] {
  const chain: DirectoryDepartment[] = [];
  let current = directory.departments.find((d) => d.id === departmentId);
  while (current?.parentId) {
    const parent = directory.departments.find((d) => d.id === current?.parentId);
    if (!parent || parent.id === departmentId || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/**
 * The directory groups a definition addresses as `membersOfGroup` (lower case): what the runtime
 * must read before handing an event to the engine.
 */
export function groupsNamed(definition: AgendaDefinition): string[] {
  const groups = new Set<string>();
  const rules = (list: readonly PartyRule[] | undefined) => list?.forEach((r) => 'membersOfGroup' in r && groups.add(r.membersOfGroup.toLowerCase()));
  const effects = (list: readonly EffectDefinition[] | undefined) =>
    list?.forEach((e) => {
      if (e.type === 'assign' || e.type === 'notify') rules(e.to);
      if (e.type === 'requestSignatures') e.signers.forEach((s) => s.who && rules([s.who]));
    });
  for (const s of definition.workflow.states) {
    rules(s.assignTo);
    rules(s.deadline?.remindTo);
    rules(s.deadline?.escalateTo);
    effects(s.onEnter);
    if (s.approval) {
      rules(s.approval.participants);
      effects(s.approval.onVote);
      effects(s.approval.onApproved.effects);
      effects(s.approval.onRejected.effects);
    }
  }
  for (const t of definition.workflow.transitions) effects(t.effects);
  return [...groups].sort();
}

/** The members of every group the definition names, from the directory as data (inactive members too: the chain stands in for them). */
export function directoryFacts(definition: AgendaDefinition, directory: OfficeDirectory): DirectoryFacts {
  const groups = groupsNamed(definition);
  if (groups.length === 0) return {};
  const groupMembers: Record<string, string[]> = {};
  for (const g of groups) groupMembers[g] = directory.users.filter((u) => u.groups.includes(g)).map((u) => u.id).sort();
  return { groupMembers };
}
