import type { DataSource } from 'typeorm';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { createTestUser } from '../runtime-fixtures';
import type { DirectoryGap, WalkDirectory } from './directory';

/**
 * The walk directory read from the database: active people who can log in with a password,
 * their directory groups, officer grants (given to them, to one of their groups or roles) and the
 * departments they head. `usernames` limits it to those people (e.g. the demo accounts).
 */
export async function loadWalkDirectory(ds: DataSource, usernames?: readonly string[]): Promise<WalkDirectory> {
  const people: Array<{ id: string; username: string; display_name: string; department_id: string | null; roles: string[]; groups: string[] | null }> = await ds.query(
    `SELECT u.id, u.username, u.display_name, u.department_id, u.roles, (SELECT array_agg(lower(g)) FROM unnest(d.groups) g) AS groups
     FROM users u LEFT JOIN user_directory d ON d.user_id = u.id
     WHERE u.active AND u.password_hash IS NOT NULL AND ($1::text[] IS NULL OR u.username = ANY($1))
     ORDER BY u.username`,
    [usernames ?? null],
  );
  const grants: Array<{ subject_type: string; subject: string; agenda_code: string }> = await ds.query(`SELECT subject_type, lower(subject) AS subject, agenda_code FROM agenda_grants WHERE "grant" = 'officer'`);
  const departments: Array<{ id: string; code: string; head_user_id: string | null }> = await ds.query(`SELECT id, code, head_user_id FROM departments ORDER BY code`);
  return {
    departments: departments.map((d) => ({ id: d.id, code: d.code, headId: d.head_user_id })),
    people: people.map((p) => {
      const groups = p.groups ?? [];
      const officerOf = grants
        .filter((g) => (g.subject_type === 'user' && g.subject === p.id) || (g.subject_type === 'group' && groups.includes(g.subject)) || (g.subject_type === 'role' && p.roles.includes(g.subject)))
        .map((g) => g.agenda_code);
      return {
        id: p.id,
        username: p.username,
        displayName: p.display_name,
        departmentId: p.department_id,
        roles: p.roles,
        groups,
        officerOf: [...new Set(officerOf)],
        heads: departments.filter((d) => d.head_user_id === p.id).map((d) => d.id),
      };
    }),
  };
}

/**
 * Test-only stand-ins for the parties `directoryGaps` found nobody for, so that every agenda can be
 * walked to its end: a head for each department without one, an officer of every agenda, and a
 * holder of each missing agenda role (through the role's first directory group) or global role.
 * Returns the usernames it created (password "demo", like the demo accounts). Never for a real
 * directory: the gaps are what the report must name, and a real office fills them itself.
 */
export async function fillDirectoryGaps(ds: DataSource, gaps: readonly DirectoryGap[], definitions: readonly AgendaDefinition[]): Promise<string[]> {
  const created: string[] = [];
  const make = async (username: string, displayName: string, u: { department?: string; roles?: string[]; groups?: string[]; officerOf?: string[] }) => {
    const [exists]: Array<{ id: string }> = await ds.query(`SELECT id FROM users WHERE username = $1`, [username]);
    if (exists) return exists.id;
    created.push(username);
    return createTestUser(ds, { username, displayName, ...u });
  };
  for (const gap of gaps) {
    const head = /^head of department (.+)$/.exec(gap.party);
    if (head) {
      const code = head[1];
      const id = await make(`vedouci.${code.toLowerCase()}`, `Vedoucí ${code} (test)`, { department: code, roles: ['employee', 'manager'] });
      await ds.query(`UPDATE departments SET head_user_id = $1 WHERE code = $2 AND head_user_id IS NULL`, [id, code]);
      continue;
    }
    const role = /^role (.+)$/.exec(gap.party)?.[1];
    if (!role) continue;
    if (role === 'agenda-officer') {
      await make('referent.agend', 'Referent agend (test)', { officerOf: definitions.map((d) => d.code) });
      continue;
    }
    const declared = definitions.find((d) => d.code === gap.agenda)?.roles.find((r) => r.code === role);
    if (declared) await make(`drzitel.${role}`, `Držitel role ${role} (test)`, { groups: [declared.directoryGroups[0]] });
    else await make(`drzitel.${role}`, `Držitel role ${role} (test)`, { roles: ['employee', role] });
  }
  return created;
}
