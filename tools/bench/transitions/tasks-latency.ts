// GET /api/v1/tasks with 1 000 000 requests in the database: the SQL seed, the plan, the timings.
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { log, pool, Session, stats, type LatencyStats } from './lib';

export const USER_TASKS = 200;
const SEED_USERS = 1000;

export interface TasksRun {
  name: string;
  latencyMs: LatencyStats;
  perSecond: number;
  errors: number;
}

export interface TasksResult {
  user: string;
  userTasks: number;
  requestsInDb: number;
  tasksInDb: number;
  seedSeconds: number;
  runs: TasksRun[];
  planSummary: string;
  plan: string;
}

/**
 * Seeds `total` leave requests (the 200 of `triha` included) straight into the runtime tables with
 * generate_series, consistent with what the runtime itself writes:
 *  - 1000 colleagues `bench.u0001…` (local accounts without a password) in the demo departments;
 *  - 95 % of the requests were filed and cancelled by their filer (version 2, final, outcome
 *    `cancelled`; history `created` + `cancel`; the filer's draft task closed at the cancel), 5 % are
 *    open drafts (version 1, history `created`, an open `work` task `user:<filer>`): ~50 open tasks
 *    per colleague, so the inbox index has to pick one user's rows out of ~1 000 000;
 *  - `triha` has exactly 200 open drafts (his inbox: 200 tasks);
 *  - references NEP/<year>/<n> (at most 99 999 a year) in years 2000-2010 with matching created_at and reference_counters.
 * Not seeded: audit rows (they are hash-chained; the chain stays valid without them) and outbox rows
 * (a cancel of a draft has no effects).
 */
export async function seedMillion(db: Client, total: number): Promise<number> {
  const t0 = performance.now();
  log(`seeding ${total} requests (history, tasks) by SQL …`);
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(`SET work_mem = '64MB'`);
  await db.query(`BEGIN`);
  await db.query(
    `INSERT INTO users (username, display_name, email, department_id, auth_source, roles)
     SELECT 'bench.u' || lpad(g::text, 4, '0'), 'Kolega ' || g, 'bench.u' || g || '@demo.kraj-lbc.cz',
            (SELECT id FROM departments ORDER BY code OFFSET (g % (SELECT count(*) FROM departments)) LIMIT 1), 'local', '{employee}'
     FROM generate_series(1, $1::int) g`,
    [SEED_USERS],
  );
  await db.query(
    `CREATE TEMP TABLE seed_users ON COMMIT DROP AS
     SELECT row_number() OVER (ORDER BY username) - 1 AS idx, id, department_id FROM users WHERE username LIKE 'bench.u%'`,
  );
  await db.query(`CREATE UNIQUE INDEX ON seed_users (idx)`);
  const [{ id: trihaId, department_id: trihaDept }] = (await db.query(`SELECT id, department_id FROM users WHERE username = 'triha'`)).rows as Array<{ id: string; department_id: string }>;
  // g = 1..total; the last USER_TASKS rows are triha's open drafts.
  await db.query(
    `CREATE TEMP TABLE seed ON COMMIT DROP AS
     SELECT g,
            md5('agendy-seed-' || g)::uuid AS id,
            CASE WHEN g > $1::int - $2::int THEN $3::uuid ELSE u.id END AS filer,
            CASE WHEN g > $1::int - $2::int THEN $4::uuid ELSE u.department_id END AS dept,
            CASE WHEN g > $1::int - $2::int OR g % 20 = 0 THEN 'draft' ELSE 'cancelled' END AS state,
            'NEP/' || (2000 + (g - 1) / 99999) || '/' || lpad(((g - 1) % 99999 + 1)::text, 5, '0') AS reference,
            (timestamptz '2000-01-01 08:00:00+00' + make_interval(years => (g - 1) / 99999, mins => ((g - 1) % 99999) * 5)) AS created
     FROM generate_series(1, $1::int) g
     JOIN seed_users u ON u.idx = g % $5::int`,
    [total, USER_TASKS, trihaId, trihaDept, SEED_USERS],
  );
  // The shipped leave agenda's version changes as the agenda evolves; requests must reference the published one.
  const [{ published_version: leaveVersion }] = (await db.query(`SELECT published_version FROM agendas WHERE code = 'leave-request'`)).rows as Array<{ published_version: number }>;
  const iso = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await db.query(
    `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, outcome, version, snapshot, created_at, updated_at)
     SELECT s.id, s.reference, 'leave-request', ${Number(leaveVersion)}, s.filer, s.dept, s.state, s.state = 'cancelled', CASE WHEN s.state = 'cancelled' THEN 'cancelled' END,
            CASE WHEN s.state = 'cancelled' THEN 2 ELSE 1 END,
            jsonb_build_object(
              'data', jsonb_build_object('type', 'dovolena', 'dateFrom', to_char(s.created + interval '30 days', 'YYYY-MM-DD'), 'dateTo', to_char(s.created + interval '34 days', 'YYYY-MM-DD')),
              'final', s.state = 'cancelled',
              'state', s.state,
              'request', jsonb_build_object('id', s.id, 'filerId', s.filer, 'createdAt', ${iso('s.created')}, 'reference', s.reference, 'agendaCode', 'leave-request', 'filerDepartmentId', s.dept),
              'version', CASE WHEN s.state = 'cancelled' THEN 2 ELSE 1 END,
              'approval', NULL,
              'bookings', '[]'::jsonb,
              'assignees', CASE WHEN s.state = 'draft' THEN jsonb_build_array(jsonb_build_object('kind', 'user', 'userId', s.filer)) ELSE '[]'::jsonb END,
              'deadlines', '[]'::jsonb,
              'documents', '{}'::jsonb,
              'updatedAt', ${iso("s.created + CASE WHEN s.state = 'cancelled' THEN interval '2 hours' ELSE interval '0' END")},
              'definition', jsonb_build_object('code', 'leave-request', 'version', ${Number(leaveVersion)}),
              'stateEnteredAt', ${iso("s.created + CASE WHEN s.state = 'cancelled' THEN interval '2 hours' ELSE interval '0' END")}
            ),
            s.created, s.created + CASE WHEN s.state = 'cancelled' THEN interval '2 hours' ELSE interval '0' END
     FROM seed s`,
  );
  log(`  requests done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  await db.query(
    `INSERT INTO request_history (id, request_id, version, at, kind, transition, from_state, to_state, actor_id, changed_fields)
     SELECT s.id || '/1/h0', s.id, 1, s.created, 'created', NULL, NULL, 'draft', s.filer::text, '{}'::text[] FROM seed s
     UNION ALL
     SELECT s.id || '/2/h0', s.id, 2, s.created + interval '2 hours', 'transition', 'cancel', 'draft', 'cancelled', s.filer::text, '{}'::text[] FROM seed s WHERE s.state = 'cancelled'`,
  );
  log(`  history done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  await db.query(
    `INSERT INTO tasks (id, request_id, agenda_code, kind, party_key, state, opened_version, created_at, closed_at)
     SELECT md5('agendy-seed-task-' || s.g)::uuid, s.id, 'leave-request', 'work', 'user:' || s.filer, 'draft', 1, s.created,
            CASE WHEN s.state = 'cancelled' THEN s.created + interval '2 hours' END
     FROM seed s`,
  );
  await db.query(
    `INSERT INTO reference_counters (agenda_code, year, last_number)
     SELECT 'leave-request', 2000 + (g - 1) / 99999, max((g - 1) % 99999 + 1) FROM generate_series(1, $1::int) g GROUP BY 1, 2
     ON CONFLICT (agenda_code, year) DO UPDATE SET last_number = GREATEST(reference_counters.last_number, EXCLUDED.last_number)`,
    [total],
  );
  await db.query(`COMMIT`);
  log(`  tasks done, committed (${((performance.now() - t0) / 1000).toFixed(0)} s); ANALYZE …`);
  await db.query(`ANALYZE users, requests, request_history, tasks`);
  await db.query(`SET synchronous_commit = on`);
  const seconds = (performance.now() - t0) / 1000;
  log(`  seeded in ${seconds.toFixed(0)} s`);
  return seconds;
}

/** The inbox query of TasksService.inbox with the party keys the service computes for `username`. */
export async function inboxKeys(db: Client, username: string): Promise<{ userId: string; keys: string[] }> {
  const [{ id }] = (await db.query(`SELECT id FROM users WHERE username = $1`, [username])).rows as Array<{ id: string }>;
  // A plain employee without directory groups or grants: own key + role:<agenda>:employee per agenda.
  const agendas = (await db.query(`SELECT code FROM agendas WHERE published_version IS NOT NULL ORDER BY code`)).rows as Array<{ code: string }>;
  return { userId: id, keys: [`user:${id}`, ...agendas.map((a) => `role:${a.code}:employee`)] };
}

export const INBOX_SQL = `SELECT t.id, t.kind, t.party_key, t.created_at, t.claimed_by, cu.username AS claimer_username, cu.display_name AS claimer_name,
       r.id AS request_id, r.reference, r.agenda_code, r.agenda_version, r.state, r.version,
       r.snapshot #>> '{deadlines,0,dueAt}' AS due_at, r.filer_id, fu.username AS filer_username, fu.display_name AS filer_name
FROM tasks t
JOIN requests r ON r.id = t.request_id
JOIN users fu ON fu.id = r.filer_id
LEFT JOIN users cu ON cu.id = t.claimed_by
WHERE t.closed_at IS NULL AND t.party_key = ANY($1) AND (t.claimed_by IS NULL OR t.claimed_by = $2 OR t.party_key NOT LIKE 'role:%')
ORDER BY t.created_at, t.id LIMIT 51`;

export async function explainInbox(db: Client, username: string): Promise<string> {
  const { userId, keys } = await inboxKeys(db, username);
  await db.query(INBOX_SQL, [keys, userId]); // warm
  const rows = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${INBOX_SQL}`, [keys, userId])).rows as Array<{ 'QUERY PLAN': string }>;
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function timed(name: string, sessions: Session[], perSession: number, path: string): Promise<TasksRun> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s) => {
      for (let i = 0; i < perSession; i++) {
        const t = performance.now();
        const res = await s.request('GET', path);
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { name, latencyMs: stats(latencies), perSecond: Math.round((latencies.length / seconds) * 10) / 10, errors };
}

export async function measureTasks(base: string, db: Client, username: string, plan: string, seedSeconds: number): Promise<TasksResult> {
  const session = await Session.login(base, username);
  const check = await session.request('GET', '/api/v1/tasks?limit=200');
  const items = (check.body as { items?: unknown[] }).items ?? [];
  if (check.status !== 200 || items.length !== USER_TASKS) throw new Error(`${username}'s inbox: ${check.status}, ${items.length} items (expected ${USER_TASKS})`);
  for (let i = 0; i < 20; i++) await session.request('GET', '/api/v1/tasks'); // warm-up
  const runs: TasksRun[] = [];
  log(`GET /api/v1/tasks as ${username}: 200 sequential (default page of 50) …`);
  runs.push(await timed('sequential, limit 50 (default)', [session], 200, '/api/v1/tasks'));
  log(`GET /api/v1/tasks?limit=200: 100 sequential …`);
  runs.push(await timed('sequential, limit 200 (all)', [session], 100, '/api/v1/tasks?limit=200'));
  const sessions = await pool(8, 8, () => Session.login(base, username));
  log(`GET /api/v1/tasks: 8 concurrent clients x 50 …`);
  runs.push(await timed('8 concurrent, limit 50', sessions, 50, '/api/v1/tasks'));
  const counts = (await db.query(`SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM tasks)::int AS tasks`)).rows[0] as { requests: number; tasks: number };
  const summary = plan
    .split('\n')
    .filter((l) => /Scan|Execution Time|Sort Method/.test(l))
    .map((l) => l.trim().replace(/\s+\(cost=.*?\)/, ''))
    .join(' | ');
  return { user: username, userTasks: items.length, requestsInDb: counts.requests, tasksInDb: counts.tasks, seedSeconds, runs, planSummary: summary, plan };
}
