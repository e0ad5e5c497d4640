/**
 * The answer of every rule. `hide` is a refusal that must not reveal the object exists (404, the
 * same answer as for an id that names nothing); `forbid` is a refusal of someone who may know the
 * object (403: an auditor who reads a request but changes nothing).
 */
export type Decision = 'allow' | 'hide' | 'forbid';

export const ALLOW: Decision = 'allow';
export const HIDE: Decision = 'hide';
export const FORBID: Decision = 'forbid';

/** `allow` when `ok`, else the given refusal. */
export function allowIf(ok: boolean, otherwise: Exclude<Decision, 'allow'> = 'forbid'): Decision {
  return ok ? 'allow' : otherwise;
}

/**
 * One object kind's rule: the actions it answers, how its id looks in a path (anything else names
 * nothing: 404 before any query) and the decision over the facts its owning area loaded.
 */
export interface ObjectRule<F, A extends string> {
  /** What the rule is about, for the OpenAPI document and docs/identity.md. */
  describe: string;
  actions: Readonly<Record<A, string>>;
  id: IdFormat;
  decide(facts: F, action: A): Decision;
}

export type IdFormat = 'uuid' | 'agenda-code' | 'any';

const ID_FORMATS: Record<IdFormat, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'agenda-code': /^[a-z0-9][a-z0-9._-]{0,79}$/,
  any: /^[\s\S]{1,200}$/,
};

export function wellFormedId(format: IdFormat, id: string): boolean {
  return ID_FORMATS[format].test(id);
}

export function defineRule<F, A extends string>(rule: ObjectRule<F, A>): ObjectRule<F, A> {
  return rule;
}
