import { isPlainObject } from '@agendy/shared/util';
import type { JsonLogic } from './definition.types';
import { compileLogic, truthy } from './json-logic-compiler';

/**
 * JSONLogic is the condition language of definitions: data, not code, so an administrator can
 * write it and the engine can check which fields it reads before anything runs.
 */

/** Operators a definition may use. `log` is left out on purpose: it writes to the console. */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr',
  '+', '*', '-', '/', 'min', 'max', 'merge', 'var', 'missing', 'missing_some',
  'if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some',
]);

/** Operators whose second argument runs with each array item (or accumulator) as its data. */
const ITERATING_OPERATORS = new Set(['filter', 'map', 'reduce', 'all', 'none', 'some']);

export function evaluateLogic(logic: JsonLogic, context: object): unknown {
  return compileLogic(logic)(context);
}

export function isLogicTrue(logic: JsonLogic, context: object): boolean {
  return truthy(evaluateLogic(logic, context));
}

export interface LogicReference {
  /** Dotted variable path as written, e.g. `data.amount`. */
  path: string;
  /** JSON pointer of the reference inside the expression. */
  at: string;
}

/**
 * Variables the expression reads from its root data. Variables inside iterating operators
 * (`map`, `reduce`, …) refer to the array item and are not reported.
 */
export function collectVariables(logic: JsonLogic, at = ''): LogicReference[] {
  const found: LogicReference[] = [];
  walk(logic, at, (op, args, where) => {
    if (op === 'var') {
      const first = Array.isArray(args) ? args[0] : args;
      if (typeof first === 'string') found.push({ path: first, at: where });
      else if (typeof first === 'number') found.push({ path: String(first), at: where });
    } else if (op === 'missing' || op === 'missing_some') {
      const names = op === 'missing_some' && Array.isArray(args) ? args[1] : args;
      for (const name of Array.isArray(names) ? names : [names]) {
        if (typeof name === 'string') found.push({ path: name, at: where });
      }
    }
  });
  return found;
}

export function collectOperators(logic: JsonLogic, at = ''): Array<{ op: string; at: string }> {
  const found: Array<{ op: string; at: string }> = [];
  walk(logic, at, (op, _args, where) => found.push({ op, at: where }));
  return found;
}

function walk(logic: JsonLogic, at: string, visit: (op: string, args: unknown, at: string) => void): void {
  if (Array.isArray(logic)) {
    logic.forEach((item, i) => walk(item, `${at}/${i}`, visit));
    return;
  }
  if (!isPlainObject(logic)) return;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return; // a plain object literal, not an operation
  const op = keys[0];
  const args = logic[op];
  const where = `${at}/${escapeKey(op)}`;
  visit(op, args, where);
  if (op === 'var') return;
  if (ITERATING_OPERATORS.has(op) && Array.isArray(args)) {
    walk(args[0], `${where}/0`, visit);
    if (op === 'reduce') walk(args[2], `${where}/2`, visit);
    // The per-item expression is walked for operators only.
    walkOperatorsOnly(args[1], `${where}/1`, visit);
    return;
  }
  walk(args, where, visit);
}

function walkOperatorsOnly(logic: JsonLogic, at: string, visit: (op: string, args: unknown, at: string) => void): void {
  walk(logic, at, (op, args, where) => {
    if (op !== 'var' && op !== 'missing' && op !== 'missing_some') visit(op, args, where);
  });
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * An iteration a variable is read inside: `map`, `filter`, `all`, `some` and `none` run their
 * second argument with each item of the array as the data (`{ "var": "amount" }` is the
 * item's `amount`, `{ "var": "" }` the item itself); `reduce` runs it with
 * `{ current: item, accumulator }` (`{ "var": "current.amount" }`).
 */
export interface IterationScope {
  op: string;
  /** The expression giving the array: the operator's first argument. */
  source: JsonLogic;
  /** The scope the source itself is evaluated in (nested iterations). */
  parent: IterationScope | null;
}

export interface ScopedReference extends LogicReference {
  /** Null at the root (`data`, `request`, …); else the innermost iteration it is read in. */
  scope: IterationScope | null;
}

/** Every variable the expression reads, each with the iteration (table row) it is read in. */
export function collectScopedVariables(logic: JsonLogic, at = ''): ScopedReference[] {
  const found: ScopedReference[] = [];
  walkScoped(logic, at, null, found);
  return found;
}

function walkScoped(logic: JsonLogic, at: string, scope: IterationScope | null, found: ScopedReference[]): void {
  if (Array.isArray(logic)) {
    logic.forEach((item, i) => walkScoped(item, `${at}/${i}`, scope, found));
    return;
  }
  if (!isPlainObject(logic)) return;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return;
  const op = keys[0];
  const args = logic[op];
  const where = `${at}/${escapeKey(op)}`;
  if (op === 'var') {
    const first = Array.isArray(args) ? args[0] : args;
    if (typeof first === 'string' || typeof first === 'number') found.push({ path: String(first), at: where, scope });
    // A default value may itself be an expression.
    if (Array.isArray(args) && args.length > 1) walkScoped(args[1], `${where}/1`, scope, found);
    return;
  }
  if (op === 'missing' || op === 'missing_some') {
    const names = op === 'missing_some' && Array.isArray(args) ? args[1] : args;
    for (const name of Array.isArray(names) ? names : [names]) if (typeof name === 'string') found.push({ path: name, at: where, scope });
    return;
  }
  if (ITERATING_OPERATORS.has(op) && Array.isArray(args)) {
    walkScoped(args[0], `${where}/0`, scope, found);
    walkScoped(args[1], `${where}/1`, { op, source: args[0], parent: scope }, found);
    if (op === 'reduce') walkScoped(args[2], `${where}/2`, scope, found);
    return;
  }
  walkScoped(args, where, scope, found);
}
