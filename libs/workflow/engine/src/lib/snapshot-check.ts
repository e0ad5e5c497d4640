import type { AgendaDefinition } from './definition.types';
import type { WorkflowSnapshot } from './runtime.types';
import { compileDefinition } from './compiled-definition';
import { validateFormData } from './form-validation';

/**
 * Consistency problems of a stored snapshot against its definition, as sentences. Used by the
 * property tests and useful to the service after an explicit migration between versions.
 */
export function checkSnapshot(definition: AgendaDefinition, snapshot: WorkflowSnapshot): string[] {
  const compiled = compileDefinition(definition);
  const problems: string[] = [];
  const state = compiled.states.get(snapshot.state);
  if (!state) return [`unknown state "${snapshot.state}"`];
  if (!Number.isInteger(snapshot.version) || snapshot.version < 1) problems.push(`version ${snapshot.version} is not a positive integer`);
  if (snapshot.final !== (state.final === true)) problems.push(`final flag ${snapshot.final} disagrees with state "${state.id}"`);
  if (snapshot.final && (snapshot.assignees.length > 0 || snapshot.deadlines.length > 0 || snapshot.approval)) {
    problems.push('a closed request still has assignees, deadlines or an open approval');
  }
  if (state.approval && !snapshot.approval) problems.push(`state "${state.id}" needs an open approval`);
  if (!state.approval && snapshot.approval) problems.push(`state "${state.id}" has no approval but one is open`);
  if (snapshot.approval) {
    const votes = snapshot.approval.slots.filter((s) => s.vote).length;
    if (snapshot.approval.state !== snapshot.state) problems.push('the open approval belongs to another state');
    if (snapshot.approval.required < 1 || snapshot.approval.required > snapshot.approval.slots.length) problems.push('the open approval cannot pass');
    if (votes === snapshot.approval.slots.length) problems.push('all votes are cast but the approval is still open');
  }
  for (const d of snapshot.deadlines) {
    if (d.state !== snapshot.state) problems.push(`deadline ${d.id} belongs to another state`);
    // A period running from a form date may already be over when the state is entered: due
    // before start is legitimate (the escalation fires at once), due after escalation is not.
    if (!(d.dueAt <= d.escalateAt)) problems.push(`deadline ${d.id} escalates before it is due`);
    if (d.remindAt && !(d.startedAt < d.remindAt && d.remindAt <= d.dueAt)) problems.push(`reminder of ${d.id} is outside the deadline`);
  }
  if (Boolean(state.deadline) !== snapshot.deadlines.length > 0) problems.push(`deadlines do not match state "${state.id}"`);
  for (const e of validateFormData(definition, snapshot.data, 'partial')) problems.push(`data ${e.pointer}: ${e.message.en}`);
  if (snapshot.stateEnteredAt > snapshot.updatedAt) problems.push('state entered after the last update');
  return problems;
}
