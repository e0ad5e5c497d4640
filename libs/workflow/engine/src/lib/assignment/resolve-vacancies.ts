import type { AgendaDefinition } from '../definition.types';
import type { Fallback, FallbackLink, Party, RequestContext, Vacancy } from '../runtime.types';
import { partyKey } from '../parties';
import { holdersOf, isAgendaAdministrator, parentDepartments, type DirectoryUser, type OfficeDirectory } from './office-directory';

/** A party to check, and whether the four-eyes rule keeps the filer from acting for it. */
export interface PartyToResolve {
  party: Party;
  fourEyes: boolean;
}

export interface VacancyResolution {
  /** One entry per person standing in, for every vacant party the chain found someone for. */
  fallbacks: Fallback[];
  /** Vacant parties the whole chain found nobody for. */
  unassigned: Vacancy[];
}

/**
 * Who acts for parties no active person can act for (ADR 0004, "Assignment never routes to
 * nobody"). A party is vacant when nobody holds it, when all its holders are inactive, or when
 * its only active holder is the filer and the four-eyes rule applies. The chain, first non-empty
 * link wins: active deputies of a holder → the head of the filer's department → the head of the
 * nearest department above it that has one → the director → the agenda's administrators (global
 * agenda-admin role or the agenda's admin grant). The filer is never anyone's fallback in their own
 * request, and nobody stands in for the filer's own desk.
 */
export function resolveVacancies(
  definition: Pick<AgendaDefinition, 'code' | 'roles'>,
  request: Pick<RequestContext, 'filerId' | 'filerDepartmentId'>,
  parties: readonly PartyToResolve[],
  directory: OfficeDirectory,
): VacancyResolution {
  const fallbacks: Fallback[] = [];
  const unassigned: Vacancy[] = [];
  const done = new Set<string>();
  for (const { party, fourEyes } of parties) {
    const key = partyKey(party);
    if (done.has(key) || (party.kind === 'user' && party.userId === request.filerId)) continue;
    const vacancy = vacancyOf(definition, request, party, fourEyes, directory);
    if (!vacancy) continue;
    done.add(key);
    const found = fallbackChain(definition, request, party, directory);
    if (!found) unassigned.push(vacancy);
    else for (const user of found.users) fallbacks.push({ ...vacancy, userId: user.id, link: found.link });
  }
  return { fallbacks, unassigned };
}

/** Whether (and why) no active person can act for the party; undefined when someone can. */
export function vacancyOf(
  definition: Pick<AgendaDefinition, 'code' | 'roles'>,
  request: Pick<RequestContext, 'filerId'>,
  party: Party,
  fourEyes: boolean,
  directory: OfficeDirectory,
): Vacancy | undefined {
  const holders = holdersOf(directory, definition, party);
  const active = holders.filter((u) => u.active);
  if (active.some((u) => !fourEyes || u.id !== request.filerId)) return undefined;
  return { party, reason: holders.length === 0 ? 'nobody' : active.length === 0 ? 'inactive' : 'fourEyes' };
}

/** The first non-empty link of the chain for a vacant party, or undefined when every link is empty. */
export function fallbackChain(
  definition: Pick<AgendaDefinition, 'code' | 'roles'>,
  request: Pick<RequestContext, 'filerId' | 'filerDepartmentId'>,
  party: Party,
  directory: OfficeDirectory,
): { link: FallbackLink; users: DirectoryUser[] } | undefined {
  const byId = new Map(directory.users.map((u) => [u.id, u]));
  const eligible = (ids: Iterable<string | null | undefined>): DirectoryUser[] => {
    const out = new Map<string, DirectoryUser>();
    for (const id of ids) {
      const user = id ? byId.get(id) : undefined;
      if (user?.active && user.id !== request.filerId) out.set(user.id, user);
    }
    return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
  };
  const holders = holdersOf(directory, definition, party).filter((u) => u.id !== request.filerId);
  const links: Array<[FallbackLink, () => DirectoryUser[]]> = [
    ['deputy', () => eligible(directory.substitutions.filter((s) => holders.some((h) => h.id === s.principalId)).map((s) => s.deputyId))],
    ['filerDepartmentHead', () => eligible([directory.departments.find((d) => d.id === request.filerDepartmentId)?.headUserId])],
    [
      'parentDepartmentHead',
      () => {
        for (const parent of parentDepartments(directory, request.filerDepartmentId)) {
          const head = eligible([parent.headUserId]);
          if (head.length > 0) return head;
        }
        return [];
      },
    ],
    ['director', () => eligible(directory.users.filter((u) => u.roles.includes('director')).map((u) => u.id))],
    ['agendaAdmin', () => eligible(directory.users.filter((u) => isAgendaAdministrator(u, definition.code, directory.grants)).map((u) => u.id))],
  ];
  for (const [link, candidates] of links) {
    const users = candidates();
    if (users.length > 0) return { link, users };
  }
  return undefined;
}
