import { toPragueDate } from '@agendy/shared/util';
import type { Actor, ApprovalProgress, FormData, RequestContext, Vote } from './runtime.types';
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
  /**
   * The approval being voted on or just decided (its routes, its effects, `onVote`); null elsewhere.
   * `vote` is the vote being cast ("approve" / "reject"), null when the approval decides otherwise.
   */
  approval: ApprovalTally | null;
}

export interface ApprovalTally {
  approvals: number;
  rejections: number;
  pending: number;
  required: number;
  vote: Vote | null;
}

export const LOGIC_ROOTS = ['data', 'request', 'actor', 'now', 'today', 'state', 'approval'] as const;

/** Keys of the `approval` root, for the checker. */
export const APPROVAL_KEYS = ['approvals', 'rejections', 'pending', 'required', 'vote'] as const;

export function approvalTally(progress: ApprovalProgress, vote: Vote | null): ApprovalTally {
  const approvals = progress.slots.filter((s) => s.vote?.vote === 'approve').length;
  const rejections = progress.slots.filter((s) => s.vote?.vote === 'reject').length;
  return { approvals, rejections, pending: progress.slots.length - approvals - rejections, required: progress.required, vote };
}

export function logicContext(data: FormData, request: RequestContext, state: string, actor: Actor, now: Date, approval: ApprovalTally | null = null): LogicContext {
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
    approval,
  };
}
