import type { AgendaGrant, GrantSubjectType } from '@agendy/shared/contracts';
import { grantedAdminAgendas, mayAdministerAgenda, mayCreateAgendas } from '@agendy/server/authority';

/**
 * Separation of duties (ADR 0004), as pure rules over facts: nobody grants themselves anything,
 * case access is granted by agenda administrators, substitutions are named by the absent person or
 * their line manager. SeparationOfDuties (the service beside this file) loads the facts and audits
 * refusals; every endpoint that creates a grant, a role mapping or a substitution asks it.
 */

/** The person who wants to grant something, with what a grant could reach them through. */
export interface GrantingActor {
  userId: string;
  roles: readonly string[];
  /** Directory groups, lower-cased: names and DNs as the directory sync stores them. */
  groups: readonly string[];
  agendaGrants: ReadonlyArray<{ agendaCode: string; grant: AgendaGrant }>;
}

export interface GrantSubject {
  subjectType: GrantSubjectType;
  subject: string;
}

/**
 * Would a grant to this subject reach the actor? A grant to the actor's own id, to a role they
 * hold (even `employee`: that includes them) or to a directory group they are in (matched like
 * the policy matches grants: case-insensitively, by name or DN).
 */
export function grantReachesActor(actor: GrantingActor, s: GrantSubject): boolean {
  switch (s.subjectType) {
    case 'user':
      return s.subject.toLowerCase() === actor.userId.toLowerCase();
    case 'role':
      return actor.roles.includes(s.subject);
    case 'group':
      return groupIncludesActor(actor, s.subject);
  }
}

/** A role mapping of a group the actor is in would change their own roles at the next re-check. */
export function groupIncludesActor(actor: Pick<GrantingActor, 'groups'>, group: string): boolean {
  return actor.groups.includes(group.trim().toLowerCase());
}

/**
 * Case-access grants (officer, admin, auditor of an agenda) are managed by agenda administrators
 * only: the global `agenda-admin` role or the agenda's own `admin` grant. Not by system
 * administrators: their role runs the system and grants no case access.
 */
export function mayManageAgendaGrants(actor: Pick<GrantingActor, 'roles' | 'agendaGrants'>, agendaCode: string): boolean {
  // The authority's rule for administering an agenda (rules/agenda.ts).
  return mayAdministerAgenda({ roles: actor.roles, grants: actor.agendaGrants }, agendaCode);
}

/** Agendas whose grants the actor may list: all for the global role (null), else those they administer. */
export function agendasWhoseGrantsActorManages(actor: Pick<GrantingActor, 'roles' | 'agendaGrants'>): string[] | null {
  if (mayCreateAgendas(actor)) return null;
  return grantedAdminAgendas({ grants: actor.agendaGrants }).sort();
}

/** Who is naming a deputy for whom, and in what capacity they may. */
export type DeputyNaming = { allowed: true; source: 'self' | 'manager' } | { allowed: false; reason: 'self-grant' | 'not-line-manager' };

/**
 * Substitutions (ADR 0004): named by the absent person themselves, or by their line manager. The
 * actor may never name themselves someone's deputy — that would hand them the principal's tasks.
 * `isLineManager` comes from the org structure (SeparationOfDuties.isLineManagerOf).
 */
export function mayNameDeputy(actorId: string, principalId: string, deputyId: string, isLineManager: boolean): DeputyNaming {
  if (deputyId === actorId && principalId !== actorId) return { allowed: false, reason: 'self-grant' };
  if (principalId === actorId) return { allowed: true, source: 'self' };
  return isLineManager ? { allowed: true, source: 'manager' } : { allowed: false, reason: 'not-line-manager' };
}
