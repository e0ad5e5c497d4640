import type { AgendaDefinition, OfficeDirectory, Party } from '@agendy/workflow/engine';

/** Anything that runs SQL: a transaction's EntityManager, a DataSource, a pg client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Global roles the resolution chain may reach for (directors; agenda administrators; system administrators are told when it reaches nobody). */
const CHAIN_ROLES = ['director', 'agenda-admin', 'system-admin'];

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  active: boolean;
  department_id: string | null;
  roles: string[];
  groups: string[];
}

/**
 * The whole directory as data, for the static checks (designer publish, `agenda:check
 * --directory`, the generated assignment test): every user (inactive ones too — a role held only
 * by inactive people is reported as such), departments, grants and the substitutions valid now.
 */
export async function loadOfficeDirectory(q: Queryable): Promise<OfficeDirectory> {
  return readDirectory(q, { agendaCode: null, users: null });
}

/**
 * The part of the directory the resolution chain may need for these parties of one request, read
 * with the transition's own manager (inside its transaction): holders of the parties, every
 * department head, the filer, people in substitutions, directors and administrators.
 */
export async function loadDirectorySlice(
  q: Queryable,
  definition: Pick<AgendaDefinition, 'code' | 'roles'>,
  filerId: string,
  parties: readonly Party[],
): Promise<OfficeDirectory> {
  const roles = new Set(CHAIN_ROLES);
  const groups = new Set<string>();
  const ids = new Set<string>([filerId]);
  for (const p of parties) {
    if (p.kind === 'user') ids.add(p.userId);
    if (p.kind === 'role') {
      roles.add(p.role);
      for (const g of definition.roles.find((r) => r.code === p.role)?.directoryGroups ?? []) groups.add(g.toLowerCase());
    }
  }
  return readDirectory(q, { agendaCode: definition.code, users: { ids, roles, groups } });
}

async function readDirectory(
  q: Queryable,
  filter: { agendaCode: string | null; users: { ids: Set<string>; roles: Set<string>; groups: Set<string> } | null },
): Promise<OfficeDirectory> {
  const departments = (await q.query(`SELECT id::text, code, parent_id::text AS parent_id, head_user_id::text AS head_user_id FROM departments`)) as Array<{
    id: string;
    code: string;
    parent_id: string | null;
    head_user_id: string | null;
  }>;
  const grants = (await q.query(`SELECT agenda_code, "grant", subject_type, subject FROM agenda_grants WHERE $1::text IS NULL OR agenda_code = $1`, [filter.agendaCode])) as Array<{
    agenda_code: string;
    grant: 'officer' | 'admin' | 'auditor';
    subject_type: 'user' | 'role' | 'group';
    subject: string;
  }>;
  const substitutions = (await q.query(
    `SELECT principal_user_id::text AS principal_id, deputy_user_id::text AS deputy_id FROM substitutions
     WHERE revoked_at IS NULL AND valid_from <= now() AND valid_to > now()`,
  )) as Array<{ principal_id: string; deputy_id: string }>;
  let users: UserRow[];
  if (filter.users === null) {
    users = (await q.query(`${USERS} ORDER BY u.username`)) as UserRow[];
  } else {
    const { ids, roles, groups } = filter.users;
    for (const d of departments) if (d.head_user_id) ids.add(d.head_user_id);
    for (const s of substitutions) ids.add(s.principal_id).add(s.deputy_id);
    for (const g of grants) {
      if (g.subject_type === 'user') ids.add(g.subject);
      else if (g.subject_type === 'role') roles.add(g.subject);
      else groups.add(g.subject.toLowerCase());
    }
    // Candidates first (ids, global roles, group members), then the groups of those only.
    users = (await q.query(
      `WITH cand AS (
         SELECT id FROM users WHERE id = ANY($1::uuid[]) OR roles && $2::text[]
         UNION SELECT d.user_id FROM user_directory d WHERE EXISTS (SELECT 1 FROM unnest(d.groups) g WHERE lower(g) = ANY($3::text[])))
       ${USERS} WHERE u.id IN (SELECT id FROM cand) ORDER BY u.username`,
      [[...ids].filter((id) => UUID.test(id)), [...roles], [...groups]],
    )) as UserRow[];
  }
  return {
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      active: u.active,
      departmentId: u.department_id,
      roles: u.roles,
      groups: u.groups,
    })),
    departments: departments.map((d) => ({ id: d.id, code: d.code, parentId: d.parent_id, headUserId: d.head_user_id })),
    grants: grants.map((g) => ({ agendaCode: g.agenda_code, grant: g.grant, subjectType: g.subject_type, subject: g.subject })),
    substitutions: substitutions.map((s) => ({ principalId: s.principal_id, deputyId: s.deputy_id })),
  };
}

/** Party ids may come from form fields: only well-formed ids can name a user. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const USERS = `SELECT u.id::text, u.username, u.display_name, u.active, u.department_id::text AS department_id, u.roles, COALESCE(gr.groups, '{}') AS groups
  FROM users u
  LEFT JOIN LATERAL (SELECT array_agg(lower(g)) AS groups FROM user_directory d, unnest(d.groups) g WHERE d.user_id = u.id) gr ON true`;
