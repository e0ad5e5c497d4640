import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AgendaGrant } from '@agendy/shared/contracts';
import type { Subject } from '@agendy/server/authority';
import type { Actor, AgendaDefinition, Party } from '@agendy/workflow/engine';

/**
 * What the runtime needs to know about a user to build engine actors, inbox keys and visibility:
 * global roles, directory groups, per-agenda grants, departments headed and active substitutions.
 * It is the authority library's `Subject` (the person every access rule is asked about), read from
 * the identity tables here in one place.
 */
export type UserFacts = Subject;

/** Global roles that see every request (matching the identity module's policy: not system-admin). */
const SEE_ALL_ROLES = ['auditor', 'agenda-admin'];

/** Engine role key of a party in an agenda: inbox rows store it, inbox queries look it up. */
export function partyKey(agendaCode: string, party: Party): string {
  switch (party.kind) {
    case 'user':
      return `user:${party.userId}`;
    case 'role':
      return `role:${agendaCode}:${party.role}`;
    case 'departmentManager':
      return `dept:${party.departmentId}`;
  }
}

@Injectable()
export class UserFactsLoader {
  constructor(private readonly ds: DataSource) {}

  /**
   * One statement per person (every authenticated request loads this): user row, directory groups,
   * departments headed, agenda grants (by user, role or group) and the people stood in for now.
   */
  async load(userId: string, em: EntityManager = this.ds.manager, withPrincipals = true): Promise<UserFacts | undefined> {
    const [u]: Array<{
      id: string;
      department_id: string | null;
      roles: string[];
      groups: string[] | null;
      manager_of: string[] | null;
      grants: Array<{ agendaCode: string; grant: AgendaGrant }>;
      principal_ids: string[] | null;
    }> = await em.query(
      `SELECT u.id, u.department_id, u.roles, gr.groups,
              (SELECT array_agg(dep.id::text) FROM departments dep WHERE dep.head_user_id = u.id) AS manager_of,
              (SELECT COALESCE(jsonb_agg(DISTINCT jsonb_build_object('agendaCode', a.agenda_code, 'grant', a."grant")), '[]'::jsonb)
                 FROM agenda_grants a
                WHERE (a.subject_type = 'user' AND a.subject = u.id::text) OR (a.subject_type = 'role' AND a.subject = ANY(u.roles))
                   OR (a.subject_type = 'group' AND lower(a.subject) = ANY(COALESCE(gr.groups, '{}')))) AS grants,
              CASE WHEN $2 THEN (SELECT array_agg(DISTINCT s.principal_user_id::text) FROM substitutions s
                                  WHERE s.deputy_user_id = u.id AND s.revoked_at IS NULL AND s.valid_from <= now() AND s.valid_to > now()) END AS principal_ids
       FROM users u
       LEFT JOIN LATERAL (SELECT array_agg(lower(g)) AS groups FROM user_directory d, unnest(d.groups) g WHERE d.user_id = u.id) gr ON true
       WHERE u.id = $1 AND u.active`,
      [userId, withPrincipals],
    );
    if (!u) return undefined;
    const principals: UserFacts[] = [];
    for (const principalId of u.principal_ids ?? []) {
      const p = await this.load(principalId, em, false);
      if (p) principals.push(p);
    }
    return {
      userId: u.id,
      departmentId: u.department_id,
      roles: u.roles,
      groups: u.groups ?? [],
      grants: u.grants,
      managerOf: u.manager_of ?? [],
      principals,
    };
  }
}

/** Roles held in one agenda: global roles, agenda roles through directory groups, agenda-officer through a grant. */
export function rolesIn(facts: UserFacts, definition: AgendaDefinition): string[] {
  const roles = new Set(facts.roles);
  for (const role of definition.roles) {
    if (role.directoryGroups.some((g) => facts.groups.includes(g.toLowerCase()))) roles.add(role.code);
  }
  // The built-in agenda-officer role means "officer of this agenda": only a grant for it counts.
  roles.delete('agenda-officer');
  if (facts.grants.some((g) => g.agendaCode === definition.code && g.grant === 'officer')) roles.add('agenda-officer');
  return [...roles];
}

/** The engine actor for the user acting in their own name. */
export function actorFor(facts: UserFacts, definition: AgendaDefinition): Actor {
  return {
    userId: facts.userId,
    roles: rolesIn(facts, definition),
    ...(facts.departmentId ? { departmentId: facts.departmentId } : {}),
    managerOf: facts.managerOf,
  };
}

/**
 * Every way the user may act in an agenda: first in their own name, then as deputy of each absent
 * person (with the union of both people's roles and departments, as the engine expects).
 */
export function actorsFor(facts: UserFacts, definition: AgendaDefinition): Actor[] {
  const own = actorFor(facts, definition);
  return [
    own,
    ...facts.principals.map((p) => {
      const theirs = actorFor(p, definition);
      return {
        ...own,
        onBehalfOf: p.userId,
        roles: [...new Set([...own.roles, ...theirs.roles])],
        managerOf: [...new Set([...(own.managerOf ?? []), ...(theirs.managerOf ?? [])])],
      };
    }),
  ];
}

/** Inbox keys of the user and of the people they stand in for, across the given agendas. */
export function partyKeysOf(facts: UserFacts, definitions: readonly AgendaDefinition[]): { own: string[]; substitution: string[] } {
  const keysOf = (f: UserFacts): string[] => {
    const keys = new Set<string>([`user:${f.userId}`, ...f.managerOf.map((d) => `dept:${d}`)]);
    for (const d of definitions) for (const r of rolesIn(f, d)) keys.add(`role:${d.code}:${r}`);
    return [...keys];
  };
  const own = keysOf(facts);
  const substitution = [...new Set(facts.principals.flatMap(keysOf))].filter((k) => !own.includes(k));
  return { own, substitution };
}

/** Agendas whose every request the user may see: officer, admin or auditor grants. */
export function grantedAgendas(facts: UserFacts): string[] {
  return [...new Set(facts.grants.map((g) => g.agendaCode))];
}

export function seesAllRequests(facts: UserFacts): boolean {
  return facts.roles.some((r) => SEE_ALL_ROLES.includes(r));
}

export function isAgendaAdmin(facts: UserFacts): boolean {
  return facts.roles.includes('agenda-admin') || facts.roles.includes('system-admin');
}
