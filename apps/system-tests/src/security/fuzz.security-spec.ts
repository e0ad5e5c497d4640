import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LoggedInAgent } from '@agendy/server/testing';
import { call, classify, concretePath, fingerprintDiff, Fixture, leaksInternals, MUTATING, Operation, openApiOperations, startFixture, stateFingerprint, writeReport } from './harness';

/**
 * Property: whatever JSON body a logged-in user sends to any state-changing endpoint of the
 * OpenAPI document, the answer is < 500, carries no internals, and a rejected request (4xx)
 * changes nothing in the database. The endpoint list comes from /api/docs-json.
 *
 * FUZZ_RUNS (default 12 per endpoint, 150 for the agenda import) and FUZZ_SEED reproduce a run.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 12);
const IMPORT_RUNS = Number(process.env['FUZZ_IMPORT_RUNS'] ?? 150);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

/** Failed logins are recorded on purpose (security log): the one write a rejected request may make. */
const ALLOWED_WRITES_ON_REJECT: Record<string, string[]> = {
  'POST /api/v1/auth/login': ['identity_events', 'audit_log', 'audit_events'],
};

/** Refusals that are security events by design, whatever the endpoint: a refused self-grant is audited (ADR 0004). */
const ALLOWED_WRITES_ON_REJECT_CODE: Record<string, string[]> = {
  SELF_GRANT_FORBIDDEN: ['audit_log'],
};

/**
 * Findings in other areas' code, reported and awaiting a fix. A state change on a rejected request
 * to one of these is listed in the report as a known bug instead of failing the run; the
 * `it.failing` test at the end turns red as soon as it is fixed — then delete the entry here.
 */
const KNOWN_BUGS: Record<string, string> = {};
const knownBugHits = new Map<string, number>();

/** Values that break naive code: prototypes, huge numbers, deep nesting, odd strings. */
const nasty = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', '', ' ', '\u0000', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '{{7*7}}', '${jndi:ldap://x}', 'x'.repeat(10_000)),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, 0.1, Number.MAX_SAFE_INTEGER),
  fc.constantFrom(null, true, false, [], {}),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.uuid(),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, nasty, fc.jsonValue({ maxDepth: 2 }), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('v'), { maxKeys: 5 })),
})).v;

/** Bodies shaped like the real ones (known field names) with wrong, missing or hostile values. */
const FIELD_NAMES = ['agenda', 'data', 'expectedVersion', 'transition', 'comment', 'body', 'username', 'password', 'otp', 'code', 'name', 'resourceId', 'start', 'end', 'from', 'to', 'title', 'deputyId', 'principalId', 'role', 'group', 'agendaCode', 'grant', 'subject', 'subjectType', 'type', 'id', 'state', 'filerId', 'version'];
const body = fc.oneof(
  value,
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 6 }),
  fc.record({ agenda: fc.constantFrom('leave-request', 'x', '__proto__'), data: fc.dictionary(fc.string({ maxLength: 10 }), value, { maxKeys: 4 }) }, { requiredKeys: [] }),
);

/** The shipped definition with parts removed, replaced or made hostile. */
function mutatedDefinitions(): fc.Arbitrary<unknown> {
  const base = JSON.parse(readFileSync(join(__dirname, '../../../../libs/workflow/agendas/src/definitions/leave-request.agenda.json'), 'utf8')) as Record<string, unknown>;
  const paths: string[][] = [];
  const collect = (node: unknown, at: string[]): void => {
    if (at.length > 5 || node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      paths.push([...at, k]);
      collect(v, [...at, k]);
    }
  };
  collect(base, []);
  const edit = fc.record({ path: fc.constantFrom(...paths), replacement: fc.option(value, { nil: undefined }) });
  return fc.tuple(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.integer({ min: 2, max: 10_000 })).map(([edits, version]) => {
    const copy = structuredClone(base);
    copy['version'] = version;
    for (const { path, replacement } of edits) {
      let node = copy as Record<string, unknown>;
      for (const k of path.slice(0, -1)) {
        const next = node?.[k];
        if (next === null || typeof next !== 'object') break;
        node = next as Record<string, unknown>;
      }
      const last = path[path.length - 1];
      if (replacement === undefined) delete node[last];
      // A copy: fast-check may hand the same generated object to two edits, and the second one,
      // walking into the first's object, would make the definition refer to itself (a cycle).
      else node[last] = structuredClone(replacement);
    }
    return copy;
  });
}

describe('fuzzing every JSON endpoint', () => {
  let fx: Fixture;
  let ops: Operation[];
  const table: string[] = [];
  let totalCases = 0;
  let accepted = 0;

  beforeAll(async () => {
    fx = await startFixture({}, { quiet: true });
    ops = (await openApiOperations(fx.app)).filter((op) => MUTATING.has(op.method) && !op.path.endsWith('/attachments') && op.path !== '/api/v1/auth/logout');
  }, 90_000);
  afterAll(async () => {
    writeReport(
      'fuzz',
      [
        `Last run: ${new Date().toISOString()}, seed ${SEED} — ${totalCases} fuzz cases on ${table.length} endpoints, ${accepted} accepted (2xx), 0 answers ≥ 500, 0 internals leaked, 0 state changes on rejected requests${knownBugHits.size ? ' outside the known bugs listed below' : ''}.`,
        '',
        '| endpoint | actor | cases | 2xx | 4xx codes seen |',
        '| --- | --- | --- | --- | --- |',
        ...table,
        '',
        ...(knownBugHits.size
          ? ['Known bugs found by the fuzzer (state changed on a rejected request; reported, not yet fixed):', '', ...[...knownBugHits.entries()].map(([k, n]) => `- \`${k}\`: ${n} rejected cases changed state — ${KNOWN_BUGS[k]}`)]
          : []),
      ].join('\n'),
    );
    await fx?.system.stop();
  });

  /** Logins write their audit entry after answering: wait until the database is still again. */
  async function settle(): Promise<void> {
    let last = await stateFingerprint(fx.db);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const now = await stateFingerprint(fx.db);
      if (now === last) return;
      last = now;
    }
  }

  const sessions = new Map<() => Promise<LoggedInAgent>, LoggedInAgent>();
  async function sessionOf(who: () => Promise<LoggedInAgent>, fresh = false): Promise<LoggedInAgent> {
    let s = sessions.get(who);
    if (!s || fresh) {
      s = await who();
      sessions.set(who, s);
      await settle();
    }
    return s;
  }

  async function fuzz(op: Operation, who: () => Promise<LoggedInAgent>, bodies: fc.Arbitrary<unknown>, runs: number): Promise<void> {
    let session = await sessionOf(who);
    const path = concretePath(op, fx);
    const key = `${op.method.toUpperCase()} ${op.path}`;
    const codes = new Map<string, number>();
    let ok = 0;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (b) => {
        cases++;
        const before = await stateFingerprint(fx.db);
        const res = await call(session, op.method, path, b);
        const text = res.text ?? '';
        if (res.status >= 500) throw new Error(`${key} answered ${res.status}: ${text.slice(0, 300)}`);
        const leak = leaksInternals(text);
        if (leak) throw new Error(`${key} leaked ${leak}: ${text.slice(0, 300)}`);
        if (res.status >= 400) {
          codes.set(`${res.status} ${res.body?.code ?? ''}`.trim(), (codes.get(`${res.status} ${res.body?.code ?? ''}`.trim()) ?? 0) + 1);
          const allowed = [...(ALLOWED_WRITES_ON_REJECT[key] ?? []), ...(ALLOWED_WRITES_ON_REJECT_CODE[String(res.body?.code)] ?? [])];
          const changed = fingerprintDiff(before, await stateFingerprint(fx.db)).filter((t) => !allowed.includes(t));
          if (changed.length && KNOWN_BUGS[key]) {
            knownBugHits.set(key, (knownBugHits.get(key) ?? 0) + 1);
          } else if (changed.length) {
            const audit: Array<{ action: string; actor_id: string | null }> = changed.includes('audit_log') ? await fx.db.query(`SELECT action, actor_id FROM audit_log ORDER BY seq DESC LIMIT 3`) : [];
            throw new Error(`${key} rejected with ${res.status} but changed ${changed.join(', ')} ${JSON.stringify(audit)}`);
          }
          if (res.status === 401) session = await sessionOf(who, true);
        } else {
          ok++;
          await settle();
        }
      }),
      { numRuns: runs, seed: SEED, endOnFailure: true },
    );
    // One run once stopped after 4 of 12 cases without a failure (not understood yet): never pass silently on fewer.
    expect({ key, cases }).toEqual({ key, cases: runs });
    totalCases += cases;
    accepted += ok;
    table.push(`| \`${key}\` | ${op.path === '/api/v1/auth/login' ? 'anonymous' : classify(op) === 'admin' ? 'admin' : 'owner'} | ${cases} | ${ok} | ${[...codes.entries()].map(([c, n]) => `${c} ×${n}`).join(', ')} |`);
  }

  it('never answers 5xx, never leaks, never changes state on a rejected body', async () => {
    expect(ops.length).toBeGreaterThan(10);
    // The login last and as a visitor: a fuzzed body that happens to log in would end the owner's session.
    const login = ops.filter((op) => op.path === '/api/v1/auth/login');
    for (const op of ops.filter((o) => !login.includes(o))) {
      const admin = classify(op) === 'admin';
      await fuzz(op, admin ? fx.actors.admin : fx.actors.owner, body, RUNS);
    }
    for (const op of login) await fuzz(op, fx.actors.anonymous, body, RUNS);
  }, 600_000);

  it('imports no broken agenda definition and never fails on one', async () => {
    const op: Operation = { method: 'post', path: '/api/v1/admin/agendas', tags: ['admin'], params: [] };
    await fuzz(op, fx.actors.admin, mutatedDefinitions(), IMPORT_RUNS);
  }, 300_000);

  /** Regression: leaving a trip one never joined used to commit an audit row before answering 404. */
  it('changes nothing on a rejected POST /api/v1/bookings/{id}/leave', async () => {
    const owner = await sessionOf(fx.actors.owner);
    const before = await stateFingerprint(fx.db);
    const res = await call(owner, 'post', '/api/v1/bookings/00000000-0000-4000-8000-000000000000/leave', {});
    expect(res.status).toBe(404);
    expect(fingerprintDiff(before, await stateFingerprint(fx.db))).toEqual([]);
  });
});
