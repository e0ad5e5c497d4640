import type { ApprovalDefinition } from './definition.types';
import type { Actor, ApprovalProgress, CastVote, Party } from './runtime.types';
import { actsAs, partyMatchesActor } from './parties';

export type ApprovalResult = 'approved' | 'rejected' | 'pending';

export function requiredApprovals(definition: ApprovalDefinition, slotCount: number): number {
  if (definition.mode === 'all') return slotCount;
  if (definition.mode === 'any') return 1;
  return definition.quorum ?? slotCount;
}

export function openApproval(definition: ApprovalDefinition, state: string, parties: Party[]): ApprovalProgress {
  return {
    state,
    mode: definition.mode,
    required: requiredApprovals(definition, parties.length),
    waitForAll: definition.waitForAll ?? false,
    slots: parties.map((party) => ({ party })),
  };
}

/** An approval nobody can ever pass is a data problem of the step that opens it. */
export function isSatisfiable(progress: ApprovalProgress): boolean {
  return progress.slots.length > 0 && progress.required >= 1 && progress.required <= progress.slots.length;
}

export function hasVoted(progress: ApprovalProgress, actor: Actor): boolean {
  return progress.slots.some((s) => s.vote !== undefined && actsAs(actor, s.vote.onBehalfOf ?? s.vote.userId));
}

/** The first open slot the actor may fill; one person casts one vote even if several slots match. */
export function findVoteSlot(progress: ApprovalProgress, actor: Actor): number {
  if (hasVoted(progress, actor)) return -1;
  return progress.slots.findIndex((s) => s.vote === undefined && partyMatchesActor(s.party, actor));
}

export function castVote(progress: ApprovalProgress, slotIndex: number, vote: CastVote): ApprovalProgress {
  return { ...progress, slots: progress.slots.map((s, i) => (i === slotIndex ? { ...s, vote } : s)) };
}

export function approvalResult(progress: ApprovalProgress): ApprovalResult {
  const approvals = progress.slots.filter((s) => s.vote?.vote === 'approve').length;
  const pending = progress.slots.filter((s) => s.vote === undefined).length;
  if (progress.waitForAll && pending > 0) return 'pending';
  if (approvals >= progress.required) return 'approved';
  if (approvals + pending < progress.required) return 'rejected';
  return 'pending';
}
