import { checkSnapshot, type AgendaDefinition, type HistoryEntry, type WorkflowSnapshot } from '@agendy/workflow/engine';

export type MigrationPlan = { ok: true; snapshot: WorkflowSnapshot; history: HistoryEntry } | { ok: false; reasons: string[] };

/**
 * The snapshot of a running request moved to another version of its agenda, with its state renamed
 * by the administrator's mapping, or the reasons it cannot move: the data must fit the new form
 * and the state must be one the new version has with the same shape (approval, deadline, final).
 * Pure, so the service only loads, calls this and stores.
 */
/** Marks a migration's history row: its transition column holds `agenda-version:<target version>`. */
export const MIGRATION_PREFIX = 'agenda-version:';

export function planMigration(target: AgendaDefinition, snapshot: WorkflowSnapshot, stateMap: Readonly<Record<string, string>>, now: Date, actorId: string): MigrationPlan {
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
  if (problems.length > 0) return { ok: false, reasons: problems };
  // The request's history says who moved it, when, to which version and from which state to which.
  const history: HistoryEntry = {
    id: `${snapshot.request.id}/${moved.version}/h0`,
    requestId: snapshot.request.id,
    version: moved.version,
    at: now.toISOString(),
    kind: 'migration',
    transition: `${MIGRATION_PREFIX}${target.version}`,
    from: snapshot.state,
    to: state,
    actor: { userId: actorId },
  };
  return { ok: true, snapshot: moved, history };
}
