import type request from 'supertest';
import { decideCapabilityFacts, decideObjectFacts, OBJECT_RULES, type AccessDeclaration, type Decision, type ObjectKind, type Subject } from '@agendy/server/authority';
import { anonymousAgent, loginAs, type LoggedInAgent } from '@agendy/server/testing';
import { ACTOR_KINDS, type ActorKind, type FixtureObject, type MatrixFixture, NOBODY, startMatrixFixture } from './access-fixture';
import { call, leaksInternals, MUTATING, type Operation, openApiOperations, writeReport } from './harness';

/**
 * The generated access test of issue 19. Every operation of the OpenAPI document declares its access
 * (`x-agendy-access`, written by the `Access` decorators of libs/server/authority); this test calls
 * every operation as every kind of actor on every fixture object its declaration names, and
 * compares the HTTP answer with what the authority's pure rules decide over the facts the owning
 * area loads for that actor and object. Nothing here lists endpoints or decisions: a new endpoint
 * is swept as soon as it exists, and one without a declaration fails the first test.
 *
 * | the rule says            | the answer must be                                              |
 * | ------------------------ | --------------------------------------------------------------- |
 * | public                   | anything but 5xx, for everyone                                  |
 * | anyone else, anonymous   | 401                                                             |
 * | allow                    | not a refusal (401/403/404) and not 5xx — 400/409/422 for the `{}` body are fine |
 * | hide / forbid            | 404 / 403 (either counts as refused; the report marks the ones that differ) |
 *
 * A few 401/403 answers are about what the body says, not about who asks; they count as "not a
 * refusal" and are named in BODY_ANSWERS. Calls run GETs first and destructive steps last; after
 * every successful change the expectations are recomputed, so a revoked substitution or a
 * cancelled booking is judged as it is now.
 */
const BODY_ANSWERS = new Set([
  // The password or one-time code in the body did not confirm the signer (the signing service).
  'SIGNATURE_CONFIRMATION_FAILED',
  // The login and second-factor endpoints judge credentials sent in the body.
  'INVALID_CREDENTIALS',
  'OTP_REQUIRED',
  'OTP_INVALID',
]);

type Expected = { kind: 'any' } | { kind: 'unauthenticated' } | { kind: 'allow' } | { kind: 'refuse'; decision: Exclude<Decision, 'allow'> };

const ACTORS = Object.keys(ACTOR_KINDS) as ActorKind[];

/** GETs first, then changes, then what ends or removes something (so it does not pull the floor from under the rest). */
function order(op: Operation): number {
  if (op.method === 'get') return 0;
  if (op.method === 'delete') return 3;
  return /\/(logout|retire|cancel|revoke|leave|release|publish)$/.test(op.path) ? 2 : 1;
}

function describeAccess(d: AccessDeclaration | undefined): string {
  if (!d) return '**none**';
  switch (d.kind) {
    case 'public':
      return 'public';
    case 'signed-in':
      return 'signed in';
    case 'separation-of-duties':
      return 'separation of duties';
    case 'roles':
      return `roles ${d.roles.join('/')}`;
    case 'token-or-roles':
      return `token or ${d.roles.join('/')}`;
    case 'capability':
      return `capability ${d.capability}`;
    case 'object':
      return `${d.object} ${d.action} (${d.param.in === 'query' ? '?' : ''}${d.param.name})`;
  }
}

describe('generated access matrix (issue 19): every operation × actor × object against the authority', () => {
  let fx: MatrixFixture;
  let ops: Operation[];
  const sessions = new Map<ActorKind, LoggedInAgent>();
  const subjects = new Map<ActorKind, Subject>();
  const expectations = new Map<string, Expected>();

  beforeAll(async () => {
    fx = await startMatrixFixture();
    ops = (await openApiOperations(fx.app)).sort((a, b) => order(a) - order(b) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }, 120_000);
  afterAll(async () => {
    await fx?.system.stop();
  });

  async function session(actor: ActorKind): Promise<LoggedInAgent> {
    let s = sessions.get(actor);
    if (!s) {
      const username = ACTOR_KINDS[actor];
      s = username ? await loginAs(fx.app, username) : await anonymousAgent(fx.app);
      sessions.set(actor, s);
    }
    return s;
  }

  async function subjectOf(actor: ActorKind): Promise<Subject> {
    let s = subjects.get(actor);
    if (!s) {
      s = await fx.registry.subject({ user: { id: fx.actorIds[actor] as string, roles: [] } });
      subjects.set(actor, s);
    }
    return s;
  }

  /** What the authority decides for this actor, declaration and object — from the rules over the areas' facts. */
  async function expected(d: AccessDeclaration, actor: ActorKind, object: FixtureObject | null): Promise<Expected> {
    if (d.kind === 'public') return { kind: 'any' };
    if (actor === 'anonymous') return { kind: 'unauthenticated' };
    const key = `${JSON.stringify(d)}|${actor}|${object?.id ?? ''}`;
    const known = expectations.get(key);
    if (known) return known;
    const subject = await subjectOf(actor);
    let decision: Decision;
    switch (d.kind) {
      case 'signed-in':
      case 'separation-of-duties':
        decision = 'allow';
        break;
      case 'roles':
      case 'token-or-roles':
        decision = d.roles.some((r) => subject.roles.includes(r)) ? 'allow' : 'forbid';
        break;
      case 'capability':
        decision = decideCapabilityFacts(d.capability, await fx.registry.capabilityFacts(d.capability, subject)) ? 'allow' : 'forbid';
        break;
      case 'object': {
        const facts = await fx.registry.objectFacts(d.object, subject, (object as FixtureObject).id, object?.params ?? {});
        decision = facts === null ? 'hide' : decideObjectFacts(d.object, d.action, facts);
        break;
      }
    }
    const e: Expected = decision === 'allow' ? { kind: 'allow' } : { kind: 'refuse', decision };
    expectations.set(key, e);
    return e;
  }

  /** The concrete URL: the object where the declaration names one, fixture values for the other parameters. */
  function urlFor(op: Operation, object: FixtureObject | null): string | { missing: string } {
    const d = op.access;
    const objectParam = d?.kind === 'object' && d.param.in === 'path' ? d.param.name : null;
    let missing: string | undefined;
    let url = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
      if (object && name === objectParam) return encodeURIComponent(object.id);
      if (object?.params?.[name]) return encodeURIComponent(object.params[name]);
      const byPath = fx.values.byPath.find((v) => v.param === name && op.path.startsWith(v.prefix));
      const value = byPath?.value ?? fx.values.byName[name];
      if (value === undefined) missing = name;
      return encodeURIComponent(value ?? '');
    });
    if (missing) return { missing };
    if (object && d?.kind === 'object' && d.param.in === 'query') url += `?${d.param.name}=${encodeURIComponent(object.id)}`;
    return url;
  }

  function objectsOf(op: Operation): Array<FixtureObject | null> {
    const d = op.access;
    if (d?.kind !== 'object') return [null];
    const objects = fx.objects[d.object] ?? [];
    return objects.length > 0 ? objects : [{ label: 'names nothing', id: NOBODY }];
  }

  function judge(e: Expected, res: request.Response): string | null {
    const code = (res.body as { code?: string } | undefined)?.code;
    if (res.status >= 500) return `${res.status} ${code ?? ''}`.trim();
    switch (e.kind) {
      case 'any':
        return null;
      case 'unauthenticated':
        return res.status === 401 ? null : `${res.status}, a visitor without a session gets 401`;
      case 'allow':
        return [401, 403, 404].includes(res.status) && !(code && BODY_ANSWERS.has(code)) ? `${res.status} ${code ?? ''}, the authority allows it` : null;
      case 'refuse':
        return res.status === 403 || res.status === 404 ? null : `${res.status} ${code ?? ''}, the authority says ${e.decision}`;
    }
  }

  it('declares an access decision on every operation of the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((op) => !op.access).map((op) => `${op.method.toUpperCase()} ${op.path}`)).toEqual([]);
  });

  it('has the facts of every object kind and capability loaded by the area that owns them', () => {
    expect(fx.registry.missingLoaders()).toEqual({ objects: [], capabilities: [] });
  });

  it('built the relations the matrix relies on (the fixture, checked through the areas’ facts)', async () => {
    // Not decisions: the relations the fixture set up, so a loader that loses one is caught here.
    const request = fx.objects.request?.[1] as FixtureObject;
    const caps = async (actor: ActorKind) => (await fx.registry.objectFacts('request', await subjectOf(actor), request.id))?.capacities ?? [];
    expect(await caps('owner')).toContain('filer');
    expect(await caps('same-department-manager')).toContain('assignee');
    expect(await caps('deputy-of-approver')).toContain('deputy');
    expect(await caps('auditor')).toEqual(['auditor']);
    expect(await caps('agenda-admin')).toContain('agenda-admin');
    for (const nobody of ['deputy-of-owner', 'other-employee', 'other-department-manager', 'system-admin'] as const) expect({ nobody, caps: await caps(nobody) }).toEqual({ nobody, caps: [] });
    const person = fx.objects.person?.[0] as FixtureObject;
    const reads = async (actor: ActorKind) => (await fx.registry.objectFacts('person', await subjectOf(actor), person.id))?.reads;
    expect({ owner: await reads('owner'), head: await reads('same-department-manager'), hr: await reads('hr'), deputy: await reads('deputy-of-owner'), admin: await reads('system-admin') }).toEqual({
      owner: true,
      head: true,
      hr: true,
      deputy: false,
      admin: false,
    });
  });

  it('answers every operation × actor × object as the authority decides', async () => {
    const failures: string[] = [];
    const rows: string[] = [];
    let checks = 0;
    let exact = 0;
    let refusals = 0;
    const kindsWithoutObject = new Set<ObjectKind>();
    for (const op of ops) {
      const d = op.access;
      if (!d) continue;
      if (d.kind === 'object' && (fx.objects[d.object] ?? []).length === 0) kindsWithoutObject.add(d.object);
      const cells = new Map<ActorKind, string[]>(ACTORS.map((a) => [a, []]));
      for (const object of objectsOf(op)) {
        const url = urlFor(op, object);
        if (typeof url !== 'string') {
          failures.push(`${op.method.toUpperCase()} ${op.path}: no fixture value for {${url.missing}} (add one in access-fixture.ts)`);
          continue;
        }
        // Those the rule refuses go first: a refused call changes nothing, an allowed one may.
        const plan: Array<{ actor: ActorKind; e: Expected }> = [];
        for (const actor of ACTORS) plan.push({ actor, e: await expected(d, actor, object) });
        plan.sort((a, b) => Number(a.e.kind === 'allow') - Number(b.e.kind === 'allow'));
        for (const { actor } of plan) {
          // Recomputed: an earlier allowed call of this operation may have changed the facts.
          const e = await expected(d, actor, object);
          const res = await call(await session(actor), op.method, url, MUTATING.has(op.method) ? {} : undefined);
          checks++;
          const problem = judge(e, res);
          const leak = leaksInternals(res.text ?? '');
          const where = `${op.method.toUpperCase()} ${op.path}${object ? ` [${d.kind === 'object' ? d.object : ''} ${object.label}]` : ''} as ${actor}`;
          if (problem) failures.push(`${where}: ${problem}`);
          if (leak) failures.push(`${where}: response leaks ${leak}`);
          if (e.kind === 'refuse') {
            refusals++;
            if ((e.decision === 'hide' ? 404 : 403) === res.status) exact++;
          }
          cells.get(actor)?.push(problem || leak ? `**${res.status} ✗**` : e.kind === 'refuse' && (e.decision === 'hide' ? 404 : 403) !== res.status ? `${res.status}*` : String(res.status));
          if (MUTATING.has(op.method) && res.status < 300) {
            // Something changed: judge what follows by the facts as they are now.
            expectations.clear();
            subjects.clear();
          }
          if (op.path === '/api/v1/auth/logout' && res.status < 300) sessions.delete(actor);
        }
      }
      rows.push(`| ${op.method.toUpperCase()} | \`${op.path}\` | ${describeAccess(d)} | ${ACTORS.map((a) => (cells.get(a) ?? []).join(' ')).join(' | ')} |`);
    }
    const objectKinds = Object.keys(OBJECT_RULES) as ObjectKind[];
    writeReport(
      'access-matrix',
      [
        `Last run: ${new Date().toISOString()} — ${ops.length} operations × ${ACTORS.length} actor kinds × their objects = ${checks} checks, ${failures.length} failures.`,
        `Refusals answered with exactly the rule's code (404 hide / 403 forbid): ${exact} of ${refusals}; \`*\` marks the others (a 403 where the rule hides, or the reverse).`,
        '',
        `Actors: ${ACTORS.map((a) => `${a}${ACTOR_KINDS[a] ? ` (${ACTOR_KINDS[a]})` : ''}`).join(', ')}.`,
        `Object kinds with rules: ${objectKinds.length}; called with an id that names nothing (no fixture object): ${kindsWithoutObject.size ? [...kindsWithoutObject].join(', ') : 'none'}.`,
        '',
        `| method | path | access | ${ACTORS.join(' | ')} |`,
        `| --- | --- | --- | ${ACTORS.map(() => '---').join(' | ')} |`,
        ...rows,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
