import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort } from '@agendy/server/testing';
import { builtDist, leftovers, NpmStart, Session } from './npm-start';
import { recordFault } from './report';
import { checkWrites, WriteLoad } from './write-load';

const USERS = ['jnovak', 'jdvorakova', 'triha', 'pstastny', 'lcerna', 'ohajek', 'mhorakova', 'kprochazka', 'ezemanova', 'vbenes'];

/**
 * `npm start` (the built tree, embedded PostgreSQL, its own redis-server) under a write load is
 * sent SIGTERM three ways — to npm, to start.mjs, to the whole process group — then SIGINT to the
 * group (Ctrl+C), and finally start.mjs is SIGKILLed (nothing it started may outlive it). The api must drain
 * (in-flight writes answered, new ones refused with 503, kept-alive connections closed), the
 * worker finish its jobs, and only then Redis and PostgreSQL stop; nothing may be left running.
 * Each test then starts the system again (the next test's system) and compares every answer the
 * clients got with the database.
 */
describe('fault: npm start is stopped under load', () => {
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'agendy-stop-')));
  let stack: NpmStart | undefined;
  let sessions: Session[] = [];

  beforeAll(async () => {
    const dist = builtDist();
    stack = new NpmStart(runDir, dist, { http: await freePort(), postgres: await freePort(), redis: await freePort() });
    await stack.start();
    const base = stack.base;
    sessions = USERS.map((u) => new Session(base, u));
    for (const s of sessions) await s.login();
  }, 900_000);

  afterAll(async () => {
    for (const s of sessions) s.close();
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  }, 90_000);

  const graceful = /api and worker stopped.*\n(.*\n)*.*\[agendy\] stopped/;
  const targets: Array<{ name: string; signal: NodeJS.Signals; pid: (s: NpmStart) => number; log: RegExp }> = [
    { name: 'the npm process', signal: 'SIGTERM', pid: (s) => s.npmPid, log: graceful },
    { name: 'start.mjs', signal: 'SIGTERM', pid: (s) => s.startPid, log: graceful },
    // What supervisors (systemd's default, Playwright's webServer) do.
    { name: 'the process group', signal: 'SIGTERM', pid: (s) => -s.npmPid, log: graceful },
    // Ctrl+C in the terminal.
    { name: 'the process group', signal: 'SIGINT', pid: (s) => -s.npmPid, log: graceful },
    // start.mjs dies without a word: the api and the worker see their IPC channel close, the watchdog stops the rest.
    { name: 'start.mjs', signal: 'SIGKILL', pid: (s) => s.startPid, log: /watchdog: start\.mjs went away.*\n(.*\n)*.*watchdog: stopping PostgreSQL/ },
  ];

  for (const target of targets) {
    it(`${target.signal} to ${target.name}: writes in flight finish, nothing acknowledged is lost or duplicated, no process is left`, async () => {
      const system = stack as NpmStart;
      const load = new WriteLoad(sessions, target.name);
      load.start();
      await eventually(async () => (load.acknowledged >= 20 ? true : undefined), 60_000, 'writes acknowledged under load');

      const outputAt = system.output.length;
      const signalledAt = Date.now();
      load.markSignal();
      process.kill(target.pid(system), target.signal);
      const exit = await system.exited;
      const stoppedMs = Date.now() - signalledAt;
      await load.systemDown();
      const left = await leftovers(runDir, system.ports);
      const goneMs = Date.now() - signalledAt;
      const shutdownLog = system.output.slice(outputAt);
      expect(left).toEqual([]);

      // The next run of the system, whose database is the judge.
      await system.start();
      for (const s of sessions) s.reconnect(system.base);
      const db = new Client({ connectionString: system.databaseUrl });
      await db.connect();
      let effects = { due: 0, processed: 0, later: 0, relayed: 0 };
      const check = await checkWrites(db, load.ops);
      try {
        // Nothing the worker was doing is lost: every effect of the load that is due has been
        // carried out after the restart; timers due later (deadlines) have been handed to the queue.
        const ids = [...new Set(load.ops.filter((o) => o.acknowledged && o.requestId).map((o) => o.requestId))];
        effects = await eventually(
          async () => {
            const { rows } = await db.query<typeof effects>(
              `SELECT count(*) FILTER (WHERE available_at <= now())::int AS due, count(processed_at) FILTER (WHERE available_at <= now())::int AS processed,
                      count(*) FILTER (WHERE available_at > now())::int AS later, count(relayed_at) FILTER (WHERE available_at > now())::int AS relayed
                 FROM outbox WHERE request_id = ANY($1)`,
              [ids],
            );
            return rows[0].due === rows[0].processed && rows[0].later === rows[0].relayed ? rows[0] : undefined;
          },
          90_000,
          'every effect of the load processed (or, if due later, queued) after the restart',
        );
      } finally {
        await db.end();
      }

      const serverErrors = [...load.answers].filter(([k]) => k.startsWith('5') && k !== '503 draining');
      recordFault(
        `npm start: ${target.signal} to ${target.name} under load`,
        `${sessions.length} users filing and submitting requests (keep-alive, Idempotency-Key, retry on 503 and network errors); writes in flight at the signal ${load.inFlightSummary()}; all answers: ${load.summary()}; npm exited (${exit.signal ?? exit.code}) ${(stoppedMs / 1000).toFixed(1)} s after the signal, the last process of the run ${(goneMs / 1000).toFixed(1)} s after it`,
        `after a restart: ${check.acknowledgedCreates} acknowledged creates and ${check.acknowledgedSubmits} submits, ${check.lost.length} lost, ${check.duplicated.length} duplicated (${check.unacknowledged} writes unanswered); ${effects.processed}/${effects.due} due effects processed, ${effects.relayed}/${effects.later} later timers queued; processes or ports left: ${left.length}`,
      );
      expect(check.lost).toEqual([]);
      expect(check.duplicated).toEqual([]);
      // PostgreSQL or Redis stopping before the api had drained showed as 500/503 answers.
      expect(serverErrors).toEqual([]);
      expect(shutdownLog).toMatch(target.log);
    }, 300_000);
  }
});
