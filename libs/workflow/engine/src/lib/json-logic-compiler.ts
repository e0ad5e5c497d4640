/**
 * JSONLogic compiled to closures. Guards, routes, form rules and computed fields are evaluated on
 * every transition; interpreting them (json-logic-js re-reads the operator and re-splits every
 * `var` path on each call) was the largest single cost of transition(). Each expression object is
 * compiled once and remembered by identity, so a definition's rules are compiled the first time
 * they run. Definitions are never mutated after loading, which the identity cache relies on.
 *
 * The semantics are exactly those of json-logic-js 2.0 for the operators a definition may use
 * (ALLOWED_OPERATORS), including its quirks (`*` without arguments throws, `var` on a missing path
 * gives null, an empty array is falsy); a differential property test holds the two together.
 * No `eval` or `new Function`: the web's Content-Security-Policy forbids them (ADR 0002).
 */
export type CompiledLogic = (data: unknown) => unknown;

const compiled = new WeakMap<object, CompiledLogic>();

export function compileLogic(logic: unknown): CompiledLogic {
  if (logic === null || typeof logic !== 'object') return () => logic;
  const known = compiled.get(logic);
  if (known) return known;
  const fn = build(logic);
  compiled.set(logic, fn);
  return fn;
}

export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return !!value;
}

function isOperation(logic: object): logic is Record<string, unknown> {
  return !Array.isArray(logic) && Object.keys(logic).length === 1;
}

function build(logic: object): CompiledLogic {
  if (Array.isArray(logic)) {
    const items = logic.map(compileLogic);
    return (data) => items.map((item) => item(data));
  }
  // A plain object that is not an operation is a literal: json-logic-js returns it as it is.
  if (!isOperation(logic)) return () => logic;
  const op = Object.keys(logic)[0];
  const raw = logic[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const special = SPECIAL.get(op);
  if (special) return special(args);
  if (op === 'var' && args.length <= 2) {
    const path = literalPath(args[0]);
    if (path) return compileVarPath(path, args.length > 1 ? compileLogic(args[1]) : undefined);
  }
  const eager = EAGER.get(op);
  if (!eager) {
    return () => {
      throw new Error(`Unrecognized operation ${op}`);
    };
  }
  const argFns = args.map(compileLogic);
  const binary = argFns.length === 2 ? BINARY.get(op) : undefined;
  if (binary) {
    const [left, right] = argFns;
    return (data) => binary(left(data), right(data));
  }
  return (data) => eager(argFns.map((fn) => fn(data)), data);
}

/** A `var` whose path is written in the definition: split once, here, not on every read. */
function literalPath(first: unknown): string[] | null {
  if (typeof first === 'string' && first !== '') return first.split('.');
  if (typeof first === 'number') return String(first).split('.');
  return null;
}

function compileVarPath(path: string[], fallback: CompiledLogic | undefined): CompiledLogic {
  return (data) => {
    const defaultValue = fallback ? fallback(data) : undefined;
    return readPath(data, path, defaultValue === undefined ? null : defaultValue);
  };
}

function readPath(data: unknown, path: readonly string[], notFound: unknown): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || current === undefined) return notFound;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return notFound;
  }
  return current;
}

function readVar(data: unknown, name: unknown, fallback: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (name === undefined || name === '' || name === null) return data;
  return readPath(data, String(name).split('.'), notFound);
}

function missing(args: unknown[], data: unknown): unknown[] {
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const result: unknown[] = [];
  for (const key of keys) {
    // json-logic-js reads each key as `{"var": key}`, so a key that is an array or an object is
    // itself evaluated (as var's arguments); plain names take the direct path.
    const value = key !== null && typeof key === 'object' ? compileLogic({ var: key })(data) : readVar(data, key, undefined);
    if (value === null || value === '') result.push(key);
  }
  return result;
}

/* eslint-disable @typescript-eslint/no-explicit-any --
 * JSONLogic's operators are JavaScript's own on whatever values the data holds (== is loose by
 * definition), so they are written on `any` exactly as json-logic-js does. */
const BINARY = new Map<string, (a: any, b: any) => unknown>(Object.entries({
  '==': (a, b) => a == b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a != b,
  '!==': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
} satisfies Record<string, (a: any, b: any) => unknown>));

/** Operators whose arguments are all evaluated first (json-logic-js's `operations`). */
const EAGER = new Map<string, (v: any[], data: unknown) => unknown>(Object.entries({
  '==': (v) => v[0] == v[1],
  '===': (v) => v[0] === v[1],
  '!=': (v) => v[0] != v[1],
  '!==': (v) => v[0] !== v[1],
  '>': (v) => v[0] > v[1],
  '>=': (v) => v[0] >= v[1],
  '<': (v) => (v[2] === undefined ? v[0] < v[1] : v[0] < v[1] && v[1] < v[2]),
  '<=': (v) => (v[2] === undefined ? v[0] <= v[1] : v[0] <= v[1] && v[1] <= v[2]),
  '!!': (v) => truthy(v[0]),
  '!': (v) => !truthy(v[0]),
  '%': (v) => v[0] % v[1],
  in: (v) => {
    const [needle, haystack] = v;
    if (!haystack || typeof haystack.indexOf === 'undefined') return false;
    return haystack.indexOf(needle) !== -1;
  },
  cat: (v) => v.join(''),
  substr: (v) => {
    const [source, start, end] = v;
    if (end < 0) {
      const rest = String(source).substr(start);
      return rest.substr(0, rest.length + end);
    }
    return String(source).substr(start, end);
  },
  '+': (v) => v.reduce((a: unknown, b: unknown) => parseFloat(a as string) + parseFloat(b as string), 0),
  // No initial value on purpose: `*` of one argument returns it unparsed, of none throws.
  '*': (v) => v.reduce((a: unknown, b: unknown) => parseFloat(a as string) * parseFloat(b as string)),
  '-': (v) => (v[1] === undefined ? -v[0] : v[0] - v[1]),
  '/': (v) => v[0] / v[1],
  min: (v) => Math.min(...v),
  max: (v) => Math.max(...v),
  merge: (v) => v.reduce((a: unknown[], b: unknown) => a.concat(b), []),
  var: (v, data) => readVar(data, v[0], v[1]),
  missing: (v, data) => missing(v, data),
  missing_some: (v, data) => missingSome(v[0], v[1], data),
} satisfies Record<string, (v: any[], data: unknown) => unknown>));

function missingSome(needCount: any, options: any, data: unknown): unknown {
  // json-logic-js evaluates `{"missing": options}` again, so options holding objects are evaluated twice.
  const plain = Array.isArray(options) && options.every((o) => o === null || typeof o !== 'object');
  const areMissing = (plain ? missing([options], data) : compileLogic({ missing: options })(data)) as unknown[];
  return options.length - areMissing.length >= needCount ? [] : areMissing;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Operators that decide which arguments to evaluate, or evaluate them per array item. */
const SPECIAL = new Map<string, (args: unknown[]) => CompiledLogic>(Object.entries({
  if: compileIf,
  '?:': compileIf,
  and: (args) => {
    const parts = args.map(compileLogic);
    return (data) => {
      let current: unknown;
      for (const part of parts) {
        current = part(data);
        if (!truthy(current)) return current;
      }
      return current;
    };
  },
  or: (args) => {
    const parts = args.map(compileLogic);
    return (data) => {
      let current: unknown;
      for (const part of parts) {
        current = part(data);
        if (truthy(current)) return current;
      }
      return current;
    };
  },
  filter: (args) => {
    const [source, each] = [compileLogic(args[0]), compileLogic(args[1])];
    return (data) => {
      const items = source(data);
      return Array.isArray(items) ? items.filter((item) => truthy(each(item))) : [];
    };
  },
  map: (args) => {
    const [source, each] = [compileLogic(args[0]), compileLogic(args[1])];
    return (data) => {
      const items = source(data);
      return Array.isArray(items) ? items.map((item) => each(item)) : [];
    };
  },
  reduce: (args) => {
    const [source, each] = [compileLogic(args[0]), compileLogic(args[1])];
    const initial = args[2] !== undefined ? compileLogic(args[2]) : undefined;
    return (data) => {
      const items = source(data);
      const start = initial ? initial(data) : null;
      if (!Array.isArray(items)) return start;
      return items.reduce((accumulator: unknown, current: unknown) => each({ current, accumulator }), start);
    };
  },
  all: quantifier({ ifEmpty: false, stopAt: false, answer: false }),
  none: quantifier({ ifEmpty: true, stopAt: true, answer: false }),
  some: quantifier({ ifEmpty: false, stopAt: true, answer: true }),
} satisfies Record<string, (args: unknown[]) => CompiledLogic>));

/**
 * `all`, `none` and `some`: no array or an empty one gives `ifEmpty`; the first item whose test is
 * `stopAt` gives `answer`, and going through every item gives the opposite.
 */
function quantifier(rule: { ifEmpty: boolean; stopAt: boolean; answer: boolean }): (args: unknown[]) => CompiledLogic {
  return (args) => {
    const [source, each] = [compileLogic(args[0]), compileLogic(args[1])];
    return (data) => {
      const items = source(data);
      if (!Array.isArray(items) || !items.length) return rule.ifEmpty;
      for (const item of items) if (truthy(each(item)) === rule.stopAt) return rule.answer;
      return !rule.answer;
    };
  };
}

function compileIf(args: unknown[]): CompiledLogic {
  const parts = args.map(compileLogic);
  return (data) => {
    let i = 0;
    for (; i < parts.length - 1; i += 2) if (truthy(parts[i](data))) return parts[i + 1](data);
    if (parts.length === i + 1) return parts[i](data);
    return null;
  };
}
