import type { BulkActionRef, RequestAction } from '@agendy/shared/contracts';
import { actorsFor, type UserFacts } from '@agendy/server/feature-agendas';
import { availableTransitions, type Actor, type AgendaDefinition, type WorkflowSnapshot } from '@agendy/workflow/engine';

/**
 * Every way the user may act on this request: in their own name, and as the deputy of each absent
 * person — except on the absent person's own request (their leave, sick leave, training …): a
 * deputy takes over the principal's work items, never the principal's personal business (issue 19).
 */
export function requestActors(facts: UserFacts, definition: AgendaDefinition, snapshot: Pick<WorkflowSnapshot, 'request'>): Actor[] {
  return actorsFor(facts, definition).filter((a) => a.onBehalfOf === undefined || a.onBehalfOf !== snapshot.request.filerId);
}

/** The union of what the user may do in their own name and for the people they stand in for. */
export function actionsFor(definition: AgendaDefinition, snapshot: WorkflowSnapshot, facts: UserFacts, now = new Date()): RequestAction[] {
  const seen = new Map<string, RequestAction>();
  for (const actor of requestActors(facts, definition, snapshot)) {
    for (const a of availableTransitions(definition, snapshot, actor, now)) {
      const key = `${a.kind}:${a.name}`;
      if (seen.has(key)) continue;
      seen.set(key, {
        kind: a.kind,
        name: a.name,
        label: a.label,
        to: a.to ?? null,
        commentRequired: a.commentRequired,
        editableFields: a.editableFields,
        requiredFields: a.requiredFields,
        style: a.style ?? null,
        enabled: a.enabled,
        disabledReason: a.disabledReason ?? null,
      });
    }
  }
  return [...seen.values()];
}

/**
 * The definition allows a step in bulk when it is the agenda's forward step (`style: primary`, or
 * an approving vote) and asks nothing of the approver but the click: no required comment, no
 * field to fill in or change, and its condition holds. Anything else needs the request opened.
 */
export function isBulkEligible(action: RequestAction): boolean {
  if (!action.enabled || action.commentRequired || action.requiredFields.length || action.editableFields.length) return false;
  return action.kind === 'vote' ? action.name === 'approve' : action.style === 'primary';
}

export function bulkActionsOf(actions: RequestAction[]): BulkActionRef[] {
  return actions.filter(isBulkEligible).map((a) => ({ kind: a.kind, name: a.name, label: a.label }));
}
