import type { Route } from './definition.types';
import type { RouteTaken } from './runtime.types';
import { collectVariables, evaluateLogic, isLogicTrue } from './json-logic';
import type { LogicContext } from './logic-context';

/**
 * The target of a step or an approval outcome: the first route whose condition holds, else the
 * default. Returns what was decided and why — the values of every variable the conditions tried
 * read — so agenda:run, the simulator and the history can say "route 2: data.amount = 620000".
 */
export function pickRoute(routes: readonly Route[] | undefined, defaultTo: string, ctx: LogicContext, source: string): { to: string; taken?: RouteTaken } {
  if (!routes?.length) return { to: defaultTo };
  const values: Record<string, unknown> = {};
  for (const [index, route] of routes.entries()) {
    for (const { path } of collectVariables(route.when)) if (!(path in values)) values[path] = readVariable(path, ctx);
    if (holds(route.when, ctx)) {
      return { to: route.to, taken: { source, state: ctx.state, to: route.to, index, ...(route.label ? { label: route.label } : {}), when: route.when, values } };
    }
  }
  return { to: defaultTo, taken: { source, state: ctx.state, to: defaultTo, index: null, values } };
}

/** A condition that cannot be evaluated on this data does not hold (a missing field, a wrong type). */
function holds(logic: unknown, ctx: LogicContext): boolean {
  try {
    return isLogicTrue(logic, ctx);
  } catch {
    return false;
  }
}

function readVariable(path: string, ctx: LogicContext): unknown {
  try {
    const value = evaluateLogic({ var: path }, ctx);
    return value === undefined ? null : value;
  } catch {
    return null;
  }
}
