import { checkSnapshot, type AgendaDefinition, type WorkflowSnapshot } from '@agendy/workflow/engine';

export type MigrationPlan = { ok: true; snapshot: WorkflowSnapshot } | { ok: false; reasons: string[] };

/**
 * The snapshot of a running request moved to another version of its agenda, with its state renamed
 * by the administrator's mapping, or the reasons it cannot move: the data must fit the new form
 * and the state must be one the new version has with the same shape (approval, deadline, final).
 * Pure, so the service only loads, calls this and stores.
 */
export function planMigration(target: AgendaDefinition, snapshot: WorkflowSnapshot, stateMap: Readonly<Record<string, string>>, now: Date): MigrationPlan {
  const state = stateMap[snapshot.state] ?? snapshot.state;
  if (!target.workflow.states.some((s) => s.id === state)) {
    return { ok: false, reasons: [`state "${snapshot.state}" does not exist in version ${target.version}; map it to one that does`] };
  }
  const moved: WorkflowSnapshot = {
    ...snapshot,
    definition: { code: target.code, version: target.version },
    state,
    version: snapshot.version + 1,
    approval: snapshot.approval ? { ...snapshot.approval, state } : null,
    deadlines: snapshot.deadlines.map((d) => ({ ...d, state })),
    updatedAt: now.toISOString(),
  };
  const problems = checkSnapshot(target, moved);
  return problems.length > 0 ? { ok: false, reasons: problems } : { ok: true, snapshot: moved };
}
