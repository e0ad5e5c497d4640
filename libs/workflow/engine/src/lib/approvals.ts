import type { ApprovalDefinition } from './definition.types';
import type { Actor, ApprovalProgress, CastVote, Fallback, Party } from './runtime.types';
import { actsAs, partyMatchesActor, standsInFor } from './parties';

export type ApprovalResult = 'approved' | 'rejected' | 'pending';

export function requiredApprovals(definition: ApprovalDefinition, slotCount: number): number {
  if (definition.mode === 'all') return slotCount;
  if (definition.mode === 'any') return 1;
  return definition.quorum ?? slotCount;
}

/**
 * Opens a round of an approval: one slot per resolved party. The four-eyes rule is applied per
 * person: with `forbidFiler` the filer is no voter at all (a group's member or a person chosen in a
 * field who filed the request), so `all` and `k of n` count the others only.
 */
export function openApproval(definition: ApprovalDefinition, state: string, parties: Party[], openedVersion: number, filerId: string): ApprovalProgress {
  const voters = definition.forbidFiler ? parties.filter((p) => !(p.kind === 'user' && p.userId === filerId)) : parties;
  return {
    state,
    mode: definition.mode,
    required: requiredApprovals(definition, voters.length),
    waitForAll: definition.waitForAll ?? false,
    slots: voters.map((party) => ({ party })),
    openedVersion,
  };
}

/** An approval nobody can ever pass is a data problem of the step that opens it. */
export function isSatisfiable(progress: ApprovalProgress): boolean {
  return progress.slots.length > 0 && progress.required >= 1 && progress.required <= progress.slots.length;
}

export function hasVoted(progress: ApprovalProgress, actor: Actor): boolean {
  return progress.slots.some((s) => s.vote !== undefined && actsAs(actor, s.vote.onBehalfOf ?? s.vote.userId));
}

/** Voted in their own right (not as the fallback of a vacant party). */
function hasVotedOwn(progress: ApprovalProgress, actor: Actor): boolean {
  return progress.slots.some((s) => s.vote !== undefined && s.vote.fallbackFor === undefined && actsAs(actor, s.vote.onBehalfOf ?? s.vote.userId));
}

export interface VoteSlot {
  index: number;
  /** Set when the actor votes as the fallback of this slot's vacant party. */
  fallbackFor?: Party;
}

/**
 * The open slot the actor may fill. In their own right one person casts one vote even if several
 * slots match; a fallback casts the vote of each vacant party they replace (two department heads
 * missing in a comment round both fall to the director, and the round must still end).
 */
export function findVoteSlot(progress: ApprovalProgress, actor: Actor, fallbacks?: readonly Fallback[]): VoteSlot | undefined {
  if (!hasVotedOwn(progress, actor)) {
    const own = progress.slots.findIndex((s) => s.vote === undefined && partyMatchesActor(s.party, actor));
    if (own >= 0) return { index: own };
  }
  const standIn = progress.slots.findIndex((s) => s.vote === undefined && standsInFor(s.party, actor, fallbacks));
  return standIn >= 0 ? { index: standIn, fallbackFor: progress.slots[standIn].party } : undefined;
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
