import type { PartyRule, StateDefinition } from './definition.types';
import type { FieldError } from './runtime.types';
import type { CompiledDefinition } from './compiled-definition';
import { emit, partyContext, runEffects, type Work } from './effects';
import { resolveParties, samePartyLists } from './parties';
import { openDeadline } from './deadlines';
import { isSatisfiable, openApproval } from './approvals';

/**
 * Entering a state happens in two halves around the effects of the step that leads there:
 * first the previous state's approval, deadlines and assignment are dropped and the new
 * state's default assignment applied (so a transition's own `assign` can override it);
 * then the state's entry effects run and its deadline and approval open.
 */
export function beginEnter(work: Work, compiled: CompiledDefinition, target: string): void {
  const state = stateOf(compiled, target);
  const snap = work.snapshot;
  snap.state = target;
  snap.final = state.final === true;
  snap.stateEnteredAt = work.nowIso;
  snap.approval = null;
  snap.deadlines = [];
  delete snap.awaitingSignatures;
  // Fallbacks stood in for the parties of the state being left; the runtime resolves the new ones.
  delete snap.fallbacks;
  delete snap.unassigned;
  const assignees = state.final ? [] : resolveParties(state.assignTo ?? [], partyContext(work));
  if (!samePartyLists(assignees, snap.assignees)) {
    snap.assignees = assignees;
    emit(work, { type: 'assign', assignees });
  }
}

export function finishEnter(work: Work, compiled: CompiledDefinition, target: string): FieldError[] {
  const state = stateOf(compiled, target);
  const problems = runEffects(work, state.onEnter);
  const snap = work.snapshot;
  if (state.deadline) {
    const ctx = partyContext(work);
    const d = state.deadline;
    const deadline = openDeadline(
      d,
      target,
      snap.version,
      work.now,
      d.remindTo ? resolveParties(d.remindTo, ctx) : 'assignees',
      resolveParties(d.escalateTo, ctx),
      d.startField ? snap.data[d.startField] : undefined,
    );
    snap.deadlines = [deadline];
    if (deadline.remindAt) emit(work, { type: 'scheduleTimer', deadlineId: deadline.id, timer: 'remind', at: deadline.remindAt });
    emit(work, { type: 'scheduleTimer', deadlineId: deadline.id, timer: 'escalate', at: deadline.escalateAt });
  }
  if (state.approval) {
    const progress = openApproval(state.approval, target, resolveParties(state.approval.participants, partyContext(work)), snap.version, snap.request.filerId);
    if (!isSatisfiable(progress)) problems.push(unsatisfiableApproval(state, progress.slots.length, progress.required));
    snap.approval = progress;
  }
  return problems;
}

function unsatisfiableApproval(state: StateDefinition, participants: number, required: number): FieldError {
  const field = state.approval?.participants.map(fieldOfRule).find((f) => f !== undefined);
  const group = state.approval?.participants.find((p): p is { membersOfGroup: string } => 'membersOfGroup' in p)?.membersOfGroup;
  const where = !field && group ? { cs: ` (členové skupiny ${group})`, en: ` (members of group ${group})` } : { cs: '', en: '' };
  return {
    pointer: field ? '/' + field : '',
    keyword: 'approvalParticipants',
    message: {
      cs: `Krok „${state.label.cs}“ potřebuje alespoň ${required || 1} schvalovatele, zadáno je ${participants}${where.cs}.`,
      en: `Step "${state.label.en}" needs at least ${required || 1} approvers, ${participants} given${where.en}.`,
    },
    params: { participants, required },
  };
}

function fieldOfRule(rule: PartyRule): string | undefined {
  if ('userFromField' in rule) return rule.userFromField;
  if ('departmentManagersFromField' in rule) return rule.departmentManagersFromField;
  return undefined;
}

export function stateOf(compiled: CompiledDefinition, id: string): StateDefinition {
  const state = compiled.states.get(id);
  if (!state) throw new Error(`Agenda ${compiled.definition.code} v${compiled.definition.version} has no state "${id}"`);
  return state;
}
