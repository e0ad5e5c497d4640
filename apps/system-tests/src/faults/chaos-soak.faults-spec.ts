import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@agendy/server/db';
import { verifyAuditChain } from '@agendy/server/feature-audit';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { pkcs12Provider, signPdf, type KeyProvider } from '@agendy/signing/pades';
import type { AgendaDefinition, FormData } from '@agendy/workflow/engine';
import {
  AgendaWalker,
  directoryGaps,
  fillDirectoryGaps,
  freePort,
  loadShippedAgendas,
  loadWalkDirectory,
  seedDemoOffice,
  seededRng,
  SessionPool,
  startTestSmtp,
  truncateAll,
  type DirectoryGap,
  type WalkDirectory,
  type WalkFixtureLike,
  type WalkPerson,
  type WalkResult,
} from '@agendy/server/testing';
/* eslint-disable @nx/enforce-module-boundaries -- the pades library's test PKI: qualified signers and the PKCS#12 seal */
import { createTestPki, extractSignatures, type TestPki } from '../../../../libs/signing/pades/src/testing/test-pki';
/* eslint-enable @nx/enforce-module-boundaries */
import { recordFault, recordSection } from './report';
import { ActivitySampler, HttpLog } from './soak-observers';
import { AppProcess, snapshotBuild } from './soak-processes';

/**
 * Issue 18's chaos soak: every shipped agenda random-walked over HTTP by 20 concurrent virtual
 * users (each with a session of every person) for SOAK_SECONDS (default 300) against the api and
 * the worker as separate processes with DATABASE_POOL_SIZE=3 and the transaction guard throwing,
 * a real SMTP server, signatures (advanced in Agendy, qualified made outside with a test PKI) and
 * the office seal: the generated demo seal for the first half, a PKCS#12 seal after restarting the
 * worker for the second. Watched meanwhile: every HTTP answer (< 5 s, no 5xx) and, every 200 ms
 * from a connection of its own, PostgreSQL (no Agendy session idle in transaction for 5 s or more).
 * Afterwards: no guard violation in either process's log, the audit chain verifies, every due
 * outbox row was processed exactly once, no e-mail was sent twice, both seals sealed documents.
 *
 * Knobs: SOAK_SECONDS, SOAK_USERS (20), SOAK_SEED (reproduce the walks' choices), SOAK_KEEP=1 (keep
 * logs and walks.json of a passing run), FAULTS_DIST_DIR (a build made earlier instead of building
 * api and worker now), SOAK_FROM_SOURCE=1 (ts-node from the sources: beware, a restarted worker then
 * runs whatever the working tree holds by then). The figures go to docs/reliability.md ("Chaos soak").
 */
const SOAK_SECONDS = Number(process.env['SOAK_SECONDS'] ?? 300);
const USERS = Number(process.env['SOAK_USERS'] ?? 20);
const SEED = Number(process.env['SOAK_SEED'] ?? Math.floor(Math.random() * 1e9));
const POOL_SIZE = 3;
/** The product's promise: no answer and no held transaction takes this long. */
const LIMIT_MS = 5000;
/** How long a phase may run over its half while waiting for its first seal. */
const SEAL_GRACE_MS = 120_000;
/** How long the effects may take to drain once the users stop. */
const DRAIN_MS = 120_000;
const OFFICE_NAME = 'Krajský úřad Libereckého kraje';
const DEMO_SEAL_CN = `Elektronická pečeť – ${OFFICE_NAME}`;
const P12_SEAL_CN = 'Pečeť úřadu PKCS#12 (zátěžový test)';
const VIOLATION = /TransactionDisciplineError|Transaction discipline violated|second pool connection was requested|new transaction was opened inside another|inside a database transaction: do it/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

type Phase = 'demo seal' | 'PKCS#12 seal';

/**
 * A regulation number is issued once (it is the register's key): each walk approves its regulation
 * under a number of its own, as a director would. (The fixture's single number, reused, is a bug
 * of its own — see docs/reliability.md, "Chaos soak".)
 */
function uniqueRegulationNumbers(agenda: string, data: FormData, serial: number): FormData {
  if (agenda !== 'internal-regulation') return data;
  const n = (serial % 999) + 1;
  const year = 2030 + Math.floor(serial / 999);
  return { ...data, ...('number' in data ? { number: `SM/${n}/${year}` } : {}), ...('repealedBy' in data ? { repealedBy: `PR/${n}/${year}` } : {}) };
}

interface SoakWalk extends WalkResult {
  vu: number;
  phase: Phase;
}

describe('chaos soak: every agenda random-walked by 20 users with a pool of 3 (issue 18)', () => {
  const databaseUrl = process.env['DATABASE_URL'] as string;
  const workDir = mkdtempSync(join(tmpdir(), 'agendy-soak-'));
  /** Logs, attachments and the walks stay for inspection unless the soak passed. */
  let keepWorkDir = true;
  const queuePrefix = `agendy-soak-${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  let dist: string | null = null;
  let api: AppProcess;
  let worker: AppProcess;
  let ds: DataSource;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let pki: TestPki;
  let base = '';
  let env: Record<string, string> = {};
  let p12: { file: string; password: string };
  let demoGaps: DirectoryGap[] = [];
  let extraPeople: string[] = [];
  let leftGaps: DirectoryGap[] = [];
  let directory: WalkDirectory;
  // Imported lazily, like the other system tests do (Nx forbids mixing static and lazy imports of one library).
  let agendaDefinitions: readonly AgendaDefinition[] = [];
  let walkFixtures: Record<string, WalkFixtureLike> = {};
  const qualifiedKeys = new Map<string, KeyProvider>();

  beforeAll(async () => {
    dist = snapshotBuild();
    api = new AppProcess('api', workDir, dist);
    worker = new AppProcess('worker', workDir, dist);
    ({ agendaDefinitions } = await import('@agendy/workflow/agendas'));
    ({ walkFixtures } = await import('@agendy/workflow/agendas/testing'));
    ds = createDataSource(databaseUrl, 2, 'soak-test');
    await ds.initialize();
    await truncateAll(ds);
    await seedDemoOffice(ds);
    await seedDemoResources(ds);
    await loadShippedAgendas(ds);
    // Who the demo directory lacks, before the soak adds stand-ins for them.
    demoGaps = directoryGaps(await loadWalkDirectory(ds), agendaDefinitions);
    extraPeople = await fillDirectoryGaps(ds, demoGaps, agendaDefinitions);
    directory = await loadWalkDirectory(ds);
    // Whatever the stand-ins could not fill (a head who is there but inactive, say) shows as stuck walks.
    leftGaps = directoryGaps(directory, agendaDefinitions);

    smtp = await startTestSmtp();
    pki = createTestPki('agendy-soak-pki-');
    const seal = pki.signer(P12_SEAL_CN);
    p12 = { file: seal.p12Path, password: seal.p12Password };
    // Qualified signatures are made outside Agendy: one certificate of the test CA per person, made
    // now (openssl key generation would stall the virtual users' event loop mid-soak).
    for (const person of directory.people) {
      const s = pki.signer(person.displayName);
      qualifiedKeys.set(person.id, pkcs12Provider(readFileSync(s.p12Path), s.p12Password));
    }

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      NODE_ENV: 'test',
      DB_TRANSACTION_GUARD: 'throw',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '200',
      LOG_LEVEL: 'warn',
      COOKIE_SECURE: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      ATTACHMENTS_DIR: join(workDir, 'attachments'),
      REGISTERS_OPEN_DATA_DIR: join(workDir, 'open-data'),
      SIGNING_OFFICE_NAME: OFFICE_NAME,
      // Qualified signatures of the test CA are accepted like those of a qualified provider.
      SIGNING_TRUST_ANCHORS_FILE: pki.caPath,
    };
    const started = Date.now();
    api.start(env);
    worker.start(env);
    await api.ready(180_000, async () => (await fetch(`${base}/api/health`)).status > 0);
    await worker.ready(180_000, () => workerConnected(started));
  }, 420_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
    redis.disconnect();
    await smtp?.close();
    pki?.cleanup();
    await ds?.destroy();
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** The worker has connected to the database since `since` (the fallback when it sends no ready message). */
  async function workerConnected(since: number): Promise<boolean> {
    const [row]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'agendy-worker' AND backend_start > to_timestamp($1 / 1000.0)`, [since]);
    return row.n > 0;
  }

  async function sealsSince(at: number): Promise<number> {
    const [row]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'document.seal' AND at >= to_timestamp($1 / 1000.0)`, [at]);
    return row.n;
  }

  /** Waits (the users keep walking) until the phase has sealed at least one document, at most SEAL_GRACE_MS. */
  async function awaitSeal(since: number): Promise<number> {
    const until = Date.now() + SEAL_GRACE_MS;
    while ((await sealsSince(since)) === 0 && Date.now() < until) await sleep(1000);
    return sealsSince(since);
  }

  it(
    'never freezes, answers every request within 5 s, loses and duplicates nothing',
    async () => {
      const http = new HttpLog();
      const sampler = new ActivitySampler(databaseUrl, LIMIT_MS);
      const walks: SoakWalk[] = [];
      let stopping = false;
      let phase: Phase = 'demo seal';
      let serial = 0;
      const agendas = agendaDefinitions.map((d) => d.code);
      const walker = new AgendaWalker({
        base,
        directory,
        definitions: Object.fromEntries(agendaDefinitions.map((d) => [d.code, d])),
        fixtures: walkFixtures,
        observer: http.observe,
        systemWaitMs: 60_000,
        vary: uniqueRegulationNumbers,
        shouldStop: () => stopping,
        qualifiedSigner: async (pdf: Buffer, person: WalkPerson) => {
          const keyProvider = qualifiedKeys.get(person.id);
          if (!keyProvider) throw new Error(`no qualified certificate for ${person.username}`);
          return signPdf(pdf, { keyProvider, name: person.displayName, reason: 'Kvalifikovaný podpis (zátěžový test)' });
        },
      });
      // Each user walks every agenda in turn, starting at a different one: all agendas are walked from the first minute.
      const user = async (vu: number) => {
        const rng = seededRng(SEED + vu * 7919);
        const sessions = new SessionPool(base, { observer: http.observe });
        for (let i = 0; !stopping; i++) {
          const walkPhase = phase;
          const result = await walker.walk(agendas[(vu + i) % agendas.length], sessions, rng, serial++);
          walks.push({ ...result, vu, phase: walkPhase });
        }
      };

      sampler.start();
      const t0 = Date.now();
      const users = Array.from({ length: USERS }, (_, vu) => user(vu));

      // First half: the demo seal (no SEAL_* settings: generated by the office CA on first use).
      await sleep(Math.max(0, t0 + (SOAK_SECONDS * 1000) / 2 - Date.now()));
      const demoSeals = await awaitSeal(t0);
      // Second half: the worker restarted (SIGTERM: it finishes its jobs) with a PKCS#12 seal.
      const restartAt = Date.now();
      const stopped = await worker.stop();
      phase = 'PKCS#12 seal';
      const phase2At = Date.now();
      worker.start({ ...env, SEAL_P12_FILE: p12.file, SEAL_P12_PASSWORD: p12.password });
      const workerBootMs = await worker.ready(180_000, () => workerConnected(phase2At));
      await sleep(Math.max(0, t0 + SOAK_SECONDS * 1000 - Date.now()));
      const p12Seals = await awaitSeal(phase2At);
      stopping = true;
      await Promise.all(users);
      const soakMs = Date.now() - t0;

      // The effects of the last steps drain: every due outbox row processed, no seal left to apply.
      const drainStart = Date.now();
      let pending: { due: number; seals: number } = { due: -1, seals: -1 };
      for (;;) {
        const [row]: Array<{ due: number; seals: number }> = await ds.query(
          `SELECT (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL AND available_at <= now()) AS due,
                  (SELECT count(DISTINCT t.document_id)::int FROM signature_tasks t JOIN documents d ON d.id = t.document_id
                    WHERE d.status = 'signing' AND t.status = 'pending' AND t.level = 'seal'
                      AND t.sign_order = (SELECT min(p.sign_order) FROM signature_tasks p WHERE p.document_id = t.document_id AND p.status = 'pending')) AS seals`,
        );
        pending = row;
        if ((pending.due === 0 && pending.seals === 0) || Date.now() - drainStart > DRAIN_MS) break;
        await sleep(500);
      }
      const drainMs = Date.now() - drainStart;
      // Mails of the last notifications are sent after their rows commit: let the SMTP server receive them.
      await sleep(2000);
      const activity = await sampler.stop();

      // --- Evidence -------------------------------------------------------------------------------
      const violations = api.count(VIOLATION) + worker.count(VIOLATION);
      const violationLines = [...api.lines(VIOLATION, 3), ...worker.lines(VIOLATION, 3)];
      const failures = http.failures();
      const slow = http.slowerThan(LIMIT_MS);
      const slowest = http.max;
      const audit = await verifyAuditChain(ds);
      const [outbox]: Array<{ total: number; processed: number; twice: number; not_once: number; unprocessed_due: number; later: number }> = await ds.query(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE processed_at IS NOT NULL)::int AS processed,
                count(*) FILTER (WHERE process_count > 1)::int AS twice,
                count(*) FILTER (WHERE processed_at IS NOT NULL AND process_count <> 1)::int AS not_once,
                count(*) FILTER (WHERE processed_at IS NULL AND available_at <= now())::int AS unprocessed_due,
                count(*) FILTER (WHERE processed_at IS NULL AND available_at > now())::int AS later
         FROM outbox`,
      );
      const stuckEffects: Array<{ id: string; job: string; last_error: string | null }> = await ds.query(
        `SELECT id, job, last_error FROM outbox WHERE processed_at IS NULL AND available_at <= now() ORDER BY created_at LIMIT 5`,
      );
      const messageIds = smtp.mails.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw)?.[1] ?? '(none)');
      const duplicateMails = messageIds.length - new Set(messageIds).size;
      const [sent]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM notifications WHERE email_status = 'sent'`);
      // Which seal sealed each document: the seal certificate's name in the signature's CMS.
      const sealRows: Array<{ at: Date; pdf: Buffer }> = await ds.query(
        `SELECT a.at, d.pdf FROM audit_log a JOIN documents d ON d.id::text = a.object_id WHERE a.action = 'document.seal'`,
      );
      const sealedBy = { demo: 0, p12: 0, unknown: 0, demoAfterRestart: 0, p12BeforeRestart: 0 };
      for (const r of sealRows) {
        const cms = extractSignatures(r.pdf).map((s) => s.cms);
        const after = new Date(r.at).getTime() >= phase2At;
        if (cms.some((c) => c.includes(Buffer.from(P12_SEAL_CN, 'utf8')))) {
          sealedBy.p12++;
          if (!after) sealedBy.p12BeforeRestart++;
        } else if (cms.some((c) => c.includes(Buffer.from(DEMO_SEAL_CN, 'utf8')))) {
          sealedBy.demo++;
          if (after) sealedBy.demoAfterRestart++;
        } else sealedBy.unknown++;
      }
      const [counts]: Array<{ requests: number; signatures: number; documents: number; bookings: number; registers: number }> = await ds.query(
        `SELECT (SELECT count(*)::int FROM requests) AS requests,
                (SELECT count(*)::int FROM audit_log WHERE action = 'document.sign' OR action = 'document.sign.qualified-upload') AS signatures,
                (SELECT count(*)::int FROM documents) AS documents,
                (SELECT count(*)::int FROM bookings) AS bookings,
                (SELECT count(*)::int FROM audit_log WHERE action LIKE 'register.%') AS registers`,
      );
      const errors = walks.filter((w) => w.outcome === 'error');

      // --- Report (written whatever the outcome: the document shows the last run) -------------------
      const perAgenda = agendas.map((code) => {
        const mine = walks.filter((w) => w.agenda === code);
        const outcomes = new Map<string, number>();
        for (const w of mine) outcomes.set(w.outcome === 'final' ? `final ${w.state}` : w.outcome, (outcomes.get(w.outcome === 'final' ? `final ${w.state}` : w.outcome) ?? 0) + 1);
        // Stuck walks by where they stood and whom they waited for, with the filers (a vacancy often depends on who filed).
        const stuckBy = new Map<string, Set<string>>();
        for (const w of mine.filter((x) => x.outcome === 'stuck')) {
          const key = `${w.state}: ${(w.waitingFor ?? []).join(', ') || 'nobody named'}`;
          stuckBy.set(key, (stuckBy.get(key) ?? new Set()).add(w.filer));
        }
        const stuck = [...stuckBy].map(([k, filers]) => `${k} (filed by ${[...filers].join(', ')})`);
        const refusals = new Map<string, number>();
        for (const w of mine) for (const [k, n] of Object.entries(w.refusals)) refusals.set(k, (refusals.get(k) ?? 0) + n);
        // How many walks reached each state, in the definition's order: what the soak covered.
        const definition = agendaDefinitions.find((d) => d.code === code);
        const reached = (definition?.workflow.states ?? []).map((st) => `${st.id} ${mine.filter((w) => w.path.includes(st.id)).length}`).join(', ');
        return {
          code,
          walks: mine.length,
          steps: mine.reduce((n, w) => n + w.steps, 0),
          signatures: mine.reduce((n, w) => n + w.signatures, 0),
          reached,
          outcomes: [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', '),
          refusals: [...refusals].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ') || '–',
          stuck: stuck.slice(0, 3).join('; ') || '–',
        };
      });
      const routes = http.byRoute();
      const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
      const problems: string[] = [];
      if (violations > 0) problems.push(`${violations} transaction-discipline violations: ${violationLines.join(' | ').slice(0, 1500)}`);
      if (activity.error) problems.push(`the activity sampler failed: ${activity.error}`);
      if (activity.idleInTransaction.ms >= LIMIT_MS) problems.push(`a session stayed idle in transaction ${seconds(activity.idleInTransaction.ms)} s (${activity.idleInTransaction.app}: ${activity.idleInTransaction.query})`);
      if (slow.length > 0) problems.push(`${slow.length} answers took ≥ 5 s, slowest ${slowest?.method} ${slowest?.route} ${seconds(slowest?.ms ?? 0)} s`);
      if (failures.length > 0) problems.push(`${failures.length} 5xx or unanswered: ${[...new Set(failures.map((f) => `${f.method} ${f.route} ${f.status || 'no answer'} ${f.code ?? ''}`))].slice(0, 8).join('; ')}`);
      if (!audit.ok) problems.push(`audit chain broken: ${JSON.stringify(audit.firstBroken)}`);
      if (outbox.twice > 0 || outbox.not_once > 0) problems.push(`outbox rows processed more than once: ${outbox.twice} (process_count ≠ 1: ${outbox.not_once})`);
      if (outbox.unprocessed_due > 0) problems.push(`${outbox.unprocessed_due} due outbox rows never processed, e.g. ${JSON.stringify(stuckEffects)}`);
      if (pending.seals > 0) problems.push(`${pending.seals} documents still wait for their seal after ${seconds(drainMs)} s`);
      if (duplicateMails > 0) problems.push(`${duplicateMails} e-mails sent twice (same Message-ID)`);
      if (demoSeals === 0 || sealedBy.demo === 0) problems.push('the demo seal sealed nothing in the first half');
      if (p12Seals === 0 || sealedBy.p12 === 0) problems.push('the PKCS#12 seal sealed nothing in the second half');
      if (sealedBy.demoAfterRestart > 0 || sealedBy.p12BeforeRestart > 0 || sealedBy.unknown > 0) problems.push(`seals in the wrong phase or by an unknown certificate: ${JSON.stringify(sealedBy)}`);
      if (errors.length > 0) problems.push(`${errors.length} walks ended in an error: ${[...new Set(errors.map((e) => `${e.agenda}: ${e.error}`))].slice(0, 5).join(' | ')}`);
      for (const a of perAgenda) if (a.steps === 0) problems.push(`${a.code} was never walked a step`);

      recordFault(
        'chaos soak: virtual users random-walking every agenda with a pool of 3, the worker restarted from the demo seal to a PKCS#12 seal (details: "Chaos soak" below)',
        `${USERS} users, ${seconds(soakMs)} s, DATABASE_POOL_SIZE=${POOL_SIZE}, guard throwing; ${walks.length} walks, ${http.count} HTTP calls (p95 ${Math.round(http.p(95))} ms, max ${Math.round(slowest?.ms ?? 0)} ms, ${slow.length} ≥ 5 s, ${failures.length} 5xx/unanswered); longest idle in transaction ${seconds(activity.idleInTransaction.ms)} s, longest lock wait ${seconds(activity.lockWait.ms)} s (${activity.samples} samples); guard violations ${violations}`,
        `${problems.length ? `FAILED: ${problems.join('; ')}. ` : ''}audit chain ${audit.ok ? 'verifies' : 'BROKEN'} (${audit.rows} rows); ${outbox.processed} outbox rows processed, ${outbox.twice} twice, ${outbox.unprocessed_due} due unprocessed (${outbox.later} timers not yet due); ${smtp.mails.length} e-mails, ${duplicateMails} duplicated; documents sealed: ${sealedBy.demo} by the demo seal, ${sealedBy.p12} by the PKCS#12 seal`,
      );
      recordSection(
        'chaos-soak',
        [
          `Last run: ${when} UTC — \`SOAK_SECONDS=${SOAK_SECONDS} SOAK_SEED=${SEED} npm run test:faults -- chaos-soak\`, ${USERS} virtual users, api and worker as separate processes (${dist ? `built, run from ${dist.replace(/^.*\/dist\//, 'dist/')}` : 'from source'}), DATABASE_POOL_SIZE=${POOL_SIZE}, DB_TRANSACTION_GUARD=throw.`,
          '',
          `Soak ${seconds(soakMs)} s (worker restarted after ${seconds(restartAt - t0)} s: SIGTERM exit ${stopped.code ?? stopped.signal}, new worker connected after ${seconds(workerBootMs)} s); drain ${seconds(drainMs)} s. ` +
            `${counts.requests} requests filed, ${walks.reduce((n, w) => n + w.steps, 0)} steps and votes, ${counts.signatures} signatures, ${sealedBy.demo + sealedBy.p12} seals (demo ${sealedBy.demo}, PKCS#12 ${sealedBy.p12}), ${counts.documents} documents, ${counts.bookings} bookings, ${counts.registers} register entries, ${smtp.mails.length} e-mails (${sent.n} notifications sent).`,
          '',
          `HTTP: ${http.count} calls, p95 ${Math.round(http.p(95))} ms, max ${Math.round(slowest?.ms ?? 0)} ms (${slowest?.method} ${slowest?.route}), ${slow.length} ≥ 5 s, ${failures.length} 5xx or unanswered. ` +
            `PostgreSQL (sampled every 200 ms, ${activity.samples} samples, longest gap ${activity.maxGapMs} ms): longest idle in transaction ${seconds(activity.idleInTransaction.ms)} s${activity.idleInTransaction.app ? ` (${activity.idleInTransaction.app})` : ''}, longest lock wait ${seconds(activity.lockWait.ms)} s${activity.lockWait.app ? ` (${activity.lockWait.app}: \`${activity.lockWait.query.replace(/\s+/g, ' ').slice(0, 80)}\`)` : ''}. ` +
            `Guard violations in the logs: ${violations}. Audit chain: ${audit.ok ? 'verifies' : 'BROKEN'} (${audit.rows} rows). Outbox: ${outbox.total} rows, ${outbox.processed} processed, ${outbox.twice} twice, ${outbox.unprocessed_due} due and unprocessed, ${outbox.later} timers not yet due. E-mails with the same Message-ID: ${duplicateMails}.`,
          '',
          problems.length ? `**Failed:** ${problems.join('; ')}` : '**Passed.**',
          '',
          '| agenda | walks | steps | signatures | walks that reached each state | how walks ended | refusals | stuck (state: waiting for) |',
          '| --- | --- | --- | --- | --- | --- | --- | --- |',
          ...perAgenda.map((a) => `| ${a.code} | ${a.walks} | ${a.steps} | ${a.signatures} | ${a.reached} | ${a.outcomes} | ${a.refusals} | ${a.stuck} |`),
          '',
          '| endpoint | calls | p50 ms | p95 ms | max ms | other answers |',
          '| --- | --- | --- | --- | --- | --- |',
          ...routes.map((r) => `| \`${r.route}\` | ${r.count} | ${Math.round(r.p50)} | ${Math.round(r.p95)} | ${Math.round(r.max)} | ${[...r.other].map(([k, n]) => `${k} ×${n}`).join(', ') || '–'} |`),
          '',
          `Parties nobody holds in the demo directory (the soak adds stand-ins: ${extraPeople.join(', ') || 'none'}):`,
          '',
          ...(demoGaps.length ? demoGaps.map((g) => `- ${g.agenda === '*' ? 'every agenda' : g.agenda}: ${g.party} — ${g.why}`) : ['- none']),
          ...(leftGaps.length ? ['', 'Left without anybody even with the stand-ins:', '', ...leftGaps.map((g) => `- ${g.agenda === '*' ? 'every agenda' : g.agenda}: ${g.party} — ${g.why}`)] : []),
        ].join('\n'),
      );

      // The walks themselves, for whoever investigates a failure (the work dir is kept then).
      writeFileSync(join(workDir, 'walks.json'), JSON.stringify(walks, null, 1));
      if (problems.length) process.stderr.write(`chaos soak: logs and walks kept in ${workDir}\n`);
      else keepWorkDir = process.env['SOAK_KEEP'] === '1';
      expect(problems).toEqual([]);
      expect(violations).toBe(0);
      expect(activity.idleInTransaction.ms).toBeLessThan(LIMIT_MS);
      expect(slowest?.ms ?? 0).toBeLessThan(LIMIT_MS);
      expect(failures).toEqual([]);
      expect(audit.ok).toBe(true);
      expect(outbox.twice).toBe(0);
      expect(outbox.unprocessed_due).toBe(0);
      expect(duplicateMails).toBe(0);
      expect(sealedBy.demo).toBeGreaterThan(0);
      expect(sealedBy.p12).toBeGreaterThan(0);
    },
    (SOAK_SECONDS + 2 * SEAL_GRACE_MS / 1000 + DRAIN_MS / 1000 + 240) * 1000,
  );
});
