import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { groupsNamed, type AgendaDefinition, type DirectoryFacts, type Party } from '@agendy/workflow/engine';
import type { Queryable } from './office-directory';

export interface Recipient {
  userId: string;
  email: string | null;
  displayName: string;
}

/**
 * Resolves engine parties to people: a user, everyone holding a role in the agenda (global role,
 * directory group of the agenda role, or a grant for agenda-officer), the head of a department.
 */
@Injectable()
export class PartyDirectory {
  async resolve(em: EntityManager, definition: AgendaDefinition, parties: readonly Party[]): Promise<Recipient[]> {
    const found = new Map<string, Recipient>();
    for (const party of parties) {
      let rows: Array<{ id: string; email: string | null; display_name: string }> = [];
      if (party.kind === 'user') {
        rows = await em.query(`SELECT id, email, display_name FROM users WHERE id::text = $1 AND active`, [party.userId]);
      } else if (party.kind === 'departmentManager') {
        rows = await em.query(`SELECT u.id, u.email, u.display_name FROM departments d JOIN users u ON u.id = d.head_user_id WHERE d.id::text = $1 AND u.active`, [party.departmentId]);
      } else if (party.role === 'agenda-officer') {
        rows = await em.query(
          `SELECT DISTINCT u.id, u.email, u.display_name FROM agenda_grants g
           JOIN users u ON u.active AND ((g.subject_type = 'user' AND u.id::text = g.subject) OR (g.subject_type = 'role' AND g.subject = ANY(u.roles))
             OR (g.subject_type = 'group' AND EXISTS (SELECT 1 FROM user_directory d, unnest(d.groups) x WHERE d.user_id = u.id AND lower(x) = lower(g.subject))))
           WHERE g.agenda_code = $1 AND g."grant" = 'officer'`,
          [definition.code],
        );
      } else {
        const groups = (definition.roles.find((r) => r.code === party.role)?.directoryGroups ?? []).map((g) => g.toLowerCase());
        rows = await em.query(
          `SELECT u.id, u.email, u.display_name FROM users u
           WHERE u.active AND ($1 = ANY(u.roles) OR EXISTS (SELECT 1 FROM user_directory d, unnest(d.groups) x WHERE d.user_id = u.id AND lower(x) = ANY($2)))`,
          [party.role, groups],
        );
      }
      for (const r of rows) found.set(r.id, { userId: r.id, email: r.email, displayName: r.display_name });
    }
    return [...found.values()];
  }
}

/**
 * The members of every directory group the definition addresses as `membersOfGroup` (issue 20), as
 * the engine takes them: user ids per lower-cased group name, sorted so that slots keep their order.
 * Inactive members are included — their vote is not lost: the resolution chain stands in for them.
 * Read with the transition's own manager; no query at all for an agenda that names no group.
 */
export async function loadGroupMembers(q: Queryable, definition: AgendaDefinition): Promise<DirectoryFacts> {
  const groups = groupsNamed(definition);
  if (groups.length === 0) return {};
  const rows = (await q.query(
    `SELECT DISTINCT lower(g) AS grp, d.user_id::text AS user_id
     FROM user_directory d CROSS JOIN LATERAL unnest(d.groups) AS g
     WHERE lower(g) = ANY($1::text[]) ORDER BY 1, 2`,
    [groups],
  )) as Array<{ grp: string; user_id: string }>;
  const groupMembers: Record<string, string[]> = Object.fromEntries(groups.map((g) => [g, []]));
  for (const r of rows) groupMembers[r.grp]?.push(r.user_id);
  return { groupMembers };
}
