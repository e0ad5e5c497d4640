import type { LoggedInAgent } from '@agendy/server/testing';
import { ACTOR_NAMES, ActorName, call, classify, concretePath, EndpointClass, Fixture, leaksInternals, MUTATING, Operation, openApiOperations, ownsPath, PUBLIC_ENDPOINTS, startFixture, writeReport } from './harness';

/**
 * Every operation of the OpenAPI document, called by four actors. The expected outcome depends
 * only on the endpoint's class, so endpoints added later are checked without touching this file:
 *
 * | class  | anonymous | unrelated employee | owner                          | admin                |
 * | ------ | --------- | ------------------ | ------------------------------ | -------------------- |
 * | public | < 500     | < 500              | < 500                          | < 500                |
 * | self   | 401       | not 401, < 500     | not 401, < 500                 | not 401, < 500       |
 * | object | 401       | 400 / 403 / 404    | own object: not 401/403, < 500 | not 401, < 500       |
 * | admin  | 401       | 400 / 403 / 404    | 400 / 403 / 404                | not 401/403, < 500   |
 *
 * 400 for someone without the role means validation ran before the role check: nothing is
 * disclosed, so it passes, but the report shows it. Public endpoints are listed, with the reason,
 * in PUBLIC_ENDPOINTS (harness.ts): a new public endpoint fails this sweep until it is added there.
 *
 * Never a 5xx, never a stack trace or SQL in a response. Bodies are `{}`: the point here is who
 * gets through, not what is valid (fuzz.security-spec.ts does the bodies).
 */
type Verdict = { ok: boolean; why?: string };
const DENIED = (s: number) => s === 400 || s === 403 || s === 404;

const EXPECTATION: Record<EndpointClass, Record<ActorName, (status: number, owned: boolean) => Verdict>> = {
  public: {
    anonymous: (s) => ({ ok: s < 500 }),
    unrelated: (s) => ({ ok: s < 500 }),
    owner: (s) => ({ ok: s < 500 }),
    admin: (s) => ({ ok: s < 500 }),
  },
  self: {
    anonymous: (s) => ({ ok: s === 401, why: 'a visitor without a session gets 401' }),
    unrelated: (s) => ({ ok: s !== 401 && s < 500 }),
    owner: (s) => ({ ok: s !== 401 && s < 500 }),
    admin: (s) => ({ ok: s !== 401 && s < 500 }),
  },
  object: {
    anonymous: (s) => ({ ok: s === 401, why: 'a visitor without a session gets 401' }),
    unrelated: (s) => ({ ok: DENIED(s), why: "someone else's object is 403/404 (never its content)" }),
    owner: (s, owned) => (owned ? { ok: s !== 401 && s !== 403 && s < 500, why: 'the owner gets through' } : { ok: s !== 401 && s < 500 }),
    admin: (s) => ({ ok: s !== 401 && s < 500 }),
  },
  admin: {
    anonymous: (s) => ({ ok: s === 401, why: 'a visitor without a session gets 401' }),
    unrelated: (s) => ({ ok: DENIED(s), why: 'an employee without the role gets 403' }),
    owner: (s) => ({ ok: DENIED(s), why: 'an employee without the role gets 403' }),
    admin: (s) => ({ ok: s !== 401 && s !== 403 && s < 500, why: 'the administrator gets through' }),
  },
};

describe('authorization sweep over the OpenAPI document', () => {
  let fx: Fixture;
  let ops: Operation[];
  const sessions: Partial<Record<ActorName, LoggedInAgent>> = {};

  beforeAll(async () => {
    fx = await startFixture();
    ops = await openApiOperations(fx.app);
  }, 90_000);
  afterAll(async () => {
    await fx?.system.stop();
  });

  /** A logged-in actor whose session a previous call (logout, say) ended is logged in again. */
  async function session(actor: ActorName): Promise<LoggedInAgent> {
    let s = sessions[actor];
    if (s && actor !== 'anonymous') {
      const me = await s.agent.get('/api/v1/auth/me');
      if (me.status !== 200) s = undefined;
    }
    if (!s) s = sessions[actor] = await fx.actors[actor]();
    return s;
  }

  it('answers every endpoint × actor as its class expects, and never 5xx', async () => {
    expect(ops.length).toBeGreaterThan(20);
    const rows: string[] = [];
    const failures: string[] = [];
    let checked = 0;
    for (const op of ops) {
      const klass = classify(op);
      const path = concretePath(op, fx);
      const cells: string[] = [];
      for (const actor of ACTOR_NAMES) {
        const who = await session(actor);
        const res = await call(who, op.method, path, MUTATING.has(op.method) ? {} : undefined);
        checked++;
        const verdict = EXPECTATION[klass][actor](res.status, ownsPath(op));
        const leak = leaksInternals(res.text ?? '');
        if (res.status >= 500) failures.push(`${op.method.toUpperCase()} ${op.path} as ${actor}: ${res.status} ${res.text?.slice(0, 200)}`);
        else if (!verdict.ok) failures.push(`${op.method.toUpperCase()} ${op.path} as ${actor}: ${res.status} (${verdict.why ?? 'unexpected'})`);
        if (leak) failures.push(`${op.method.toUpperCase()} ${op.path} as ${actor}: response leaks ${leak}`);
        cells.push(verdict.ok && res.status < 500 && !leak ? String(res.status) : `**${res.status} ✗**`);
      }
      rows.push(`| ${op.method.toUpperCase()} | \`${op.path}\` | ${klass} | ${cells.join(' | ')} |`);
    }
    writeReport(
      'authorization-sweep',
      [
        `Last run: ${new Date().toISOString()} — ${ops.length} operations × ${ACTOR_NAMES.length} actors = ${checked} calls, ${failures.length} failures.`,
        '',
        `Public endpoints (no session needed): ${[...PUBLIC_ENDPOINTS.entries()].map(([k, why]) => `\`${k}\` (${why})`).join('; ')}.`,
        '',
        '| method | path | class | anonymous | unrelated employee | owner | admin |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
  }, 180_000);
});
