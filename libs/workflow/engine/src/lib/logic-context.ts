import { toPragueDate } from '@agendy/shared/util';
import type { Actor, FormData, RequestContext } from './runtime.types';
import { isFiler, isManagerOfFiler } from './parties';

/** What guards, routes, rules and computed fields can read: `{data, request, actor, now, today, state}`. */
export interface LogicContext {
  data: FormData;
  request: RequestContext;
  actor: {
    userId: string;
    roles: readonly string[];
    departmentId: string | null;
    managerOf: readonly string[];
    onBehalfOf: string | null;
    isFiler: boolean;
    isManagerOfFiler: boolean;
  };
  /** ISO instant. */
  now: string;
  /** Prague calendar date, YYYY-MM-DD: compare dates from the form with it. */
  today: string;
  state: string;
}

export const LOGIC_ROOTS = ['data', 'request', 'actor', 'now', 'today', 'state'] as const;

export function logicContext(data: FormData, request: RequestContext, state: string, actor: Actor, now: Date): LogicContext {
  return {
    data,
    request,
    actor: {
      userId: actor.userId,
      roles: actor.roles,
      departmentId: actor.departmentId ?? null,
      managerOf: actor.managerOf ?? [],
      onBehalfOf: actor.onBehalfOf ?? null,
      isFiler: isFiler(actor, request),
      isManagerOfFiler: isManagerOfFiler(actor, request),
    },
    now: now.toISOString(),
    today: toPragueDate(now),
    state,
  };
}
