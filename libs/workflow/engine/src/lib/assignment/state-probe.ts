import type { AgendaDefinition } from '../definition.types';
import type { Actor, FormData, RequestContext, WorkflowSnapshot } from '../runtime.types';
import { SYSTEM_ACTOR } from '../runtime.types';
import { compileDefinition } from '../compiled-definition';
import { startWork } from '../effects';
import { emptySnapshot } from '../start-request';
import { beginEnter, finishEnter } from '../state-entry';
import { agendaRolesOf, directoryFacts, type OfficeDirectory } from './office-directory';
import { actingParties } from './acting-parties';
import { resolveVacancies } from './resolve-vacancies';

/**
 * The snapshot of a request that has just entered `stateId` with `data` — assignment, approval and
 * deadline exactly as the engine makes them on entry — with the fallbacks the directory gives its
 * vacant parties. For checks that ask who can act in every state without walking a request there
 * (the generated assignment test, the simulator). Throws when the state cannot be entered with
 * this data (an approval with too few voters).
 */
export function probeState(definition: AgendaDefinition, request: RequestContext, stateId: string, data: FormData, now: Date, directory: OfficeDirectory): WorkflowSnapshot {
  const compiled = compileDefinition(definition);
  const work = startWork(emptySnapshot(definition, request, data, now), SYSTEM_ACTOR, now, directoryFacts(definition, directory));
  beginEnter(work, compiled, stateId);
  const problems = finishEnter(work, compiled, stateId);
  if (problems.length > 0) throw new Error(`${definition.code}: cannot enter ${stateId}: ${problems.map((p) => p.message.en).join('; ')}`);
  const snapshot = work.snapshot;
  const resolved = resolveVacancies(definition, request, actingParties(definition, snapshot), directory);
  if (resolved.fallbacks.length > 0) snapshot.fallbacks = resolved.fallbacks;
  if (resolved.unassigned.length > 0) snapshot.unassigned = resolved.unassigned;
  return snapshot;
}

/** The engine actor of a directory user acting in their own name in one agenda (as the server's `actorFor`). */
export function directoryActor(directory: OfficeDirectory, definition: AgendaDefinition, userId: string): Actor {
  const user = directory.users.find((u) => u.id === userId);
  const managerOf = directory.departments.filter((d) => d.headUserId === userId).map((d) => d.id);
  return {
    userId,
    roles: user ? agendaRolesOf(user, definition, directory.grants) : [],
    ...(user?.departmentId ? { departmentId: user.departmentId } : {}),
    managerOf,
  };
}
