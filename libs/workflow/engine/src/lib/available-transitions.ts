import type { AgendaDefinition } from './definition.types';
import type { Actor, AvailableAction, WorkflowSnapshot } from './runtime.types';
import { compileDefinition } from './compiled-definition';
import { actorMayTake, heldForSignatures, isFiler } from './parties';
import { findVoteSlot } from './approvals';
import { logicContext } from './logic-context';
import { safeTruthy } from './transition';
import { stateOf } from './state-entry';

const DEFAULT_VOTE_LABELS = {
  approve: { cs: 'Schválit', en: 'Approve' },
  reject: { cs: 'Zamítnout', en: 'Reject' },
};

/**
 * What the actor can do with the request now: the buttons of the request detail. Guards are
 * evaluated on the current data; a transition whose guard fails is listed as disabled with
 * the reason, because the actor may be able to fix the data first; a guard that reads what
 * the step itself asks for is checked when the step is taken.
 */
export function availableTransitions(
  definition: AgendaDefinition,
  snapshot: WorkflowSnapshot,
  actor: Actor,
  now: Date,
): AvailableAction[] {
  if (snapshot.final) return [];
  const compiled = compileDefinition(definition);
  const ctx = logicContext(snapshot.data, snapshot.request, snapshot.state, actor, now);
  const actions: AvailableAction[] = [];
  for (const t of compiled.transitionsFrom.get(snapshot.state) ?? []) {
    if (!actorMayTake(t.who, actor, snapshot, t.forbidFiler) || heldForSignatures(t, snapshot, actor)) continue;
    // A guard over fields this very step fills in can only be judged once they are entered.
    const enabled = t.guard === undefined || compiled.guardReadsInput.has(t.name) || safeTruthy(t.guard, ctx);
    actions.push({
      kind: 'transition',
      name: t.name,
      label: t.label,
      to: t.to,
      commentRequired: t.commentRequired ?? false,
      editableFields: t.editableFields?.includes('*') ? [...compiled.fields] : [...(t.editableFields ?? [])],
      requiredFields: [...(t.requiredFields ?? [])],
      ...(t.style ? { style: t.style } : {}),
      enabled,
      ...(!enabled
        ? { disabledReason: t.guardMessage ?? { cs: 'Podmínky kroku nejsou splněny.', en: 'The conditions of this step are not met.' } }
        : {}),
      event: { type: 'transition', name: t.name, expectedVersion: snapshot.version },
    });
  }
  const approval = stateOf(compiled, snapshot.state).approval;
  if (snapshot.approval && approval && !(approval.forbidFiler && isFiler(actor, snapshot.request)) && findVoteSlot(snapshot.approval, actor, snapshot.fallbacks) !== undefined) {
    const labels = approval.voteLabels ?? DEFAULT_VOTE_LABELS;
    for (const vote of ['approve', 'reject'] as const) {
      actions.push({
        kind: 'vote',
        name: vote,
        label: labels[vote],
        commentRequired: vote === 'reject' && (approval.commentRequiredOnReject ?? false),
        editableFields: [],
        requiredFields: [],
        style: vote === 'approve' ? 'primary' : 'danger',
        enabled: true,
        event: { type: 'vote', vote, expectedVersion: snapshot.version },
      });
    }
  }
  return actions;
}
