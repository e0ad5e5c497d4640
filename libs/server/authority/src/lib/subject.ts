import type { AgendaGrant } from '@agendy/shared/contracts';

/**
 * The person asking, with the facts every rule may need. Loaded once per HTTP request by the agenda
 * module (UserFactsLoader; `UserFacts` is this type) and handed to every rule: roles, directory
 * groups, per-agenda grants, departments headed and the absent people stood in for right now.
 */
export interface Subject {
  userId: string;
  departmentId: string | null;
  roles: readonly string[];
  /** Directory groups, lower-cased. */
  groups: readonly string[];
  grants: ReadonlyArray<{ agendaCode: string; grant: AgendaGrant }>;
  /** Departments this person heads (their own headship, never a principal's). */
  managerOf: readonly string[];
  /** Absent people this person stands in for right now (one level: a deputy's deputy is not one). */
  principals: readonly Subject[];
}

export function holdsRole(subject: Pick<Subject, 'roles'>, ...roles: readonly string[]): boolean {
  return roles.some((r) => subject.roles.includes(r));
}

export function holdsGrant(subject: Pick<Subject, 'grants'>, agendaCode: string, ...grants: readonly AgendaGrant[]): boolean {
  return subject.grants.some((g) => g.agendaCode === agendaCode && grants.includes(g.grant));
}

/** Agendas with one of these grants. */
export function grantedAgendas(subject: Pick<Subject, 'grants'>, ...grants: readonly AgendaGrant[]): string[] {
  return [...new Set(subject.grants.filter((g) => grants.includes(g.grant)).map((g) => g.agendaCode))];
}
