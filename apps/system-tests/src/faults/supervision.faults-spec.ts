import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort } from '@agendy/server/testing';
import { builtDist, NpmStart, pidOf, Session } from './npm-start';
import { recordFault } from './report';
import { checkWrites, WriteLoad } from './write-load';

const USERS = ['jnovak', 'jdvorakova', 'triha', 'pstastny'];
/** What issue 18 asks: each part is back by itself within this. */
const BACK_WITHIN_S = 10;

/** `<name> is back (pid N), S s after it went down` — start.mjs's line once the restarted process serves. */
function backAfter(line: string): { pid: number; seconds: number } {
  const m = /is back \(pid (\d+)\), ([\d.]+) s after/.exec(line);
  if (!m) throw new Error(`not a restart line: ${line}`);
  return { pid: Number(m[1]), seconds: Number(m[2]) };
}

/**
 * Parts of a running `npm start` are SIGKILLed while users write: the worker, the api, the
 * embedded PostgreSQL's postmaster. start.mjs must notice and start each again by itself (backoff
 * from 1 s), and the system must serve again: the api answers, the worker relays new effects,
 * writes go through. Clients retry on network errors and 503 with Idempotency-Key.
 */
describe('fault: parts of npm start are SIGKILLed under load', () => {
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'agendy-supervise-')));
  let stack: NpmStart;
  let sessions: Session[] = [];
  let load: WriteLoad;
  let db: Client;

  /** A write through the api by a user of the load, checked in the database. */
  async function writeGoesThrough(): Promise<string> {
    const s = sessions[0];
    const answer = await eventually(
      async () => {
        const a = await s
          .send('POST', '/api/v1/requests', { agenda: 'maintenance-request', data: { category: 'uklid', building: 'B', room: 'B2.10', description: 'Po restartu: úklid chodby ve 2. patře', priority: 'nizka' } })
          .catch(() => undefined);
        return a?.status === 201 ? a : undefined;
      },
      60_000,
      'a request filed through the api',
    );
    const id = (JSON.parse(answer.body) as { id: string }).id;
    const submitted = await s.send('POST', `/api/v1/requests/${id}/transitions`, { transition: 'submit', expectedVersion: 1 });
    expect(submitted.status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    const dist = builtDist();
    stack = new NpmStart(runDir, dist, { http: await freePort(), postgres: await freePort(), redis: await freePort() });
    await stack.start();
    sessions = USERS.map((u) => new Session(stack.base, u));
    for (const s of sessions) await s.login();
    db = new Client({ connectionString: stack.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    load = new WriteLoad(sessions, 'kill');
    load.start();
    await eventually(async () => (load.acknowledged >= 10 ? true : undefined), 60_000, 'writes acknowledged under load');
  }, 900_000);

  afterAll(async () => {
    await load?.stop();
    for (const s of sessions) s.close();
    await db?.end().catch(() => undefined);
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  }, 120_000);

  it('the worker, SIGKILLed, is back by itself within 10 s and relays new effects', async () => {
    const pid = pidOf(runDir, 'apps/worker/main.js');
    expect(pid).toBeDefined();
    const from = stack.output.length;
    process.kill(pid as number, 'SIGKILL');
    const back = backAfter(await stack.waitForLog(/worker is back .*/, 120_000, 'the worker restarted', from));
    expect(back.pid).not.toBe(pid);

    // Only the worker relays the outbox to Redis: a new submit's deadline timer gets queued.
    const id = await writeGoesThrough();
    await eventually(
      async () => {
        const { rows } = await db.query<{ pending: number }>(`SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS pending, count(*)::int AS n FROM outbox WHERE request_id = $1`, [id]);
        return rows[0].pending === 0 ? true : undefined;
      },
      60_000,
      'the new effects relayed by the restarted worker',
    );
    recordFault(
      'npm start: worker SIGKILLed under load',
      `${sessions.length} users writing; the worker process killed (SIGKILL)`,
      `start.mjs restarted it by itself; serving again ${back.seconds} s after the kill (limit ${BACK_WITHIN_S} s); new effects relayed`,
    );
    expect(back.seconds).toBeLessThan(BACK_WITHIN_S);
  }, 180_000);

  it('the api, SIGKILLed, is back by itself within 10 s and takes writes again', async () => {
    const pid = pidOf(runDir, 'apps/api/main.js');
    expect(pid).toBeDefined();
    const before = load.acknowledged;
    const from = stack.output.length;
    process.kill(pid as number, 'SIGKILL');
    const back = backAfter(await stack.waitForLog(/api is back .*/, 120_000, 'the api restarted', from));
    expect(back.pid).not.toBe(pid);
    await writeGoesThrough();
    await eventually(async () => (load.acknowledged > before + 5 ? true : undefined), 60_000, 'the users’ writes acknowledged again');
    recordFault(
      'npm start: api SIGKILLed under load',
      `${sessions.length} users writing (keep-alive; retry on network errors and 503 with Idempotency-Key); the api process killed (SIGKILL)`,
      `start.mjs restarted it by itself; serving again ${back.seconds} s after the kill (limit ${BACK_WITHIN_S} s); the users' writes went on`,
    );
    expect(back.seconds).toBeLessThan(BACK_WITHIN_S);
  }, 180_000);

  it('the embedded PostgreSQL, SIGKILLed, is back by itself; the api answers and nothing acknowledged is lost', async () => {
    const pidFile = join(stack.dataDir, 'pg', 'postmaster.pid');
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const from = stack.output.length;
    const killedAt = Date.now();
    process.kill(postmaster, 'SIGKILL');
    const back = backAfter(await stack.waitForLog(/PostgreSQL is back .*/, 120_000, 'PostgreSQL restarted', from));
    expect(back.pid).not.toBe(postmaster);
    // The killed postmaster's lock file named a pid that is no PostgreSQL of this data dir any more.
    expect(stack.output.slice(from)).toMatch(new RegExp(`removed a stale postmaster\\.pid \\(pid ${postmaster} `));
    const health = await eventually(
      async () => {
        const h = await sessions[0].send('GET', '/api/health').catch(() => undefined);
        return h?.status === 200 ? (JSON.parse(h.body) as { checks: { database: { status: string } } }) : undefined;
      },
      60_000,
      'the api healthy again',
    );
    expect(health.checks.database.status).toBe('up');
    await writeGoesThrough();
    const answeringAfter = (Date.now() - killedAt) / 1000;

    // No write the users were told about went missing in the crash (PostgreSQL recovers from its WAL).
    await load.stop();
    await db.end().catch(() => undefined);
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const check = await checkWrites(db, load.ops);
    recordFault(
      'npm start: embedded PostgreSQL SIGKILLed under load',
      `${sessions.length} users writing; the postmaster killed (SIGKILL), its backends left behind`,
      `start.mjs waited for the backends to go, cleared the stale postmaster.pid and restarted it: up ${back.seconds} s after the kill, the api answering and taking writes ${answeringAfter.toFixed(1)} s after; over all three kills ${check.acknowledgedCreates} acknowledged creates and ${check.acknowledgedSubmits} submits, ${check.lost.length} lost, ${check.duplicated.length} duplicated`,
    );
    expect(check.lost).toEqual([]);
    expect(check.duplicated).toEqual([]);
  }, 240_000);
});
