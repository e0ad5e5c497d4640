import type { UserFacts } from '../user-facts';

/**
 * Global agenda administrators may create agendas and change any of them. Not system
 * administrators (ADR 0004): an agenda's definition decides who acts on its cases (roles mapped to
 * groups, named users) and the designer shows and migrates running requests — case access that
 * the system-admin role never implies.
 */
export function mayCreateAgendas(facts: UserFacts): boolean {
  return facts.roles.includes('agenda-admin');
}

/** Who may change one agenda: the global administrators above, or holders of the agenda's `admin` grant. */
export function mayAdministerAgenda(facts: UserFacts, code: string): boolean {
  return mayCreateAgendas(facts) || facts.grants.some((g) => g.agendaCode === code && g.grant === 'admin');
}

/** Agendas the user administers through a grant (global administrators administer all). */
export function grantedAdminAgendas(facts: UserFacts): string[] {
  return [...new Set(facts.grants.filter((g) => g.grant === 'admin').map((g) => g.agendaCode))];
}
