import {
  SYSTEM_ACTOR,
  availableTransitions,
  checkSnapshot,
  startRequest,
  transition,
  type Actor,
  type AgendaDefinition,
  type FormData,
  type RejectionCode,
  type RequestContext,
  type TransitionOutcome,
  type WorkflowEvent,
  type WorkflowSnapshot,
} from '@agendy/workflow/engine';

/** People of a small office used by every agenda test; ids read like the directory's logins. */
export const people = {
  filer: { userId: 'jana.novakova', roles: ['employee'], departmentId: 'OKH' },
  manager: { userId: 'petr.svoboda', roles: ['employee', 'manager'], departmentId: 'OKH', managerOf: ['OKH'] },
  otherManager: { userId: 'eva.dvorakova', roles: ['employee', 'manager'], departmentId: 'OLP', managerOf: ['OLP'] },
  director: { userId: 'martin.cerny', roles: ['employee', 'director'], departmentId: 'RED' },
  officer: { userId: 'lenka.prochazkova', roles: ['employee', 'agenda-officer'], departmentId: 'ORREP' },
  colleague: { userId: 'tomas.kral', roles: ['employee'], departmentId: 'OKH' },
  system: SYSTEM_ACTOR,
} satisfies Record<string, Actor>;

export function roleHolder(role: string, userId = role.replace(/[^a-z]/g, '') + '1'): Actor {
  return { userId, roles: ['employee', role], departmentId: 'OSKH' };
}

export function user(userId: string, extra: Partial<Actor> = {}): Actor {
  return { userId, roles: ['employee'], departmentId: 'OE', ...extra };
}

export const START = new Date('2026-11-27T09:00:00Z');

export function requestFor(definition: AgendaDefinition, id = 'KULK-2026-0001'): RequestContext {
  return { id, agendaCode: definition.code, filerId: people.filer.userId, filerDepartmentId: 'OKH', createdAt: START.toISOString() };
}

/**
 * A request walked step by step through an agenda. Every accepted step is checked for
 * snapshot consistency; `reject` asserts the code of a refused step and leaves the request as it was.
 */
export class Scenario {
  snapshot: WorkflowSnapshot;
  last: TransitionOutcome;
  now: Date;

  constructor(readonly definition: AgendaDefinition, data: FormData = {}, now = START, filer: Actor = people.filer) {
    this.now = now;
    const started = startRequest(definition, requestFor(definition), filer, now, data);
    if (!started.ok) throw new Error(`start refused: ${JSON.stringify(started.error)}`);
    this.last = started.value;
    this.snapshot = started.value.snapshot;
  }

  take(name: string, actor: Actor, data?: FormData, comment?: string): this {
    return this.send({ type: 'transition', name, ...(data ? { data } : {}), ...(comment ? { comment } : {}) }, actor);
  }

  vote(vote: 'approve' | 'reject', actor: Actor, comment?: string): this {
    return this.send({ type: 'vote', vote, ...(comment ? { comment } : {}) }, actor);
  }

  send(event: WorkflowEvent, actor: Actor, at = this.now): this {
    const result = transition(this.definition, this.snapshot, event, actor, at);
    if (!result.ok) throw new Error(`${JSON.stringify(event)} by ${actor.userId} refused: ${JSON.stringify(result.error)}`);
    const problems = checkSnapshot(this.definition, result.value.snapshot);
    if (problems.length > 0) throw new Error(`inconsistent snapshot after ${JSON.stringify(event)}: ${problems.join('; ')}`);
    this.last = result.value;
    this.snapshot = result.value.snapshot;
    return this;
  }

  /** The code of the refusal of a step that must be refused. */
  refused(event: WorkflowEvent, actor: Actor, at = this.now): RejectionCode {
    const result = transition(this.definition, this.snapshot, event, actor, at);
    if (result.ok) throw new Error(`${JSON.stringify(event)} by ${actor.userId} was accepted but should not be`);
    return result.error.code;
  }

  refusal(name: string, actor: Actor, data?: FormData, comment?: string) {
    const result = transition(this.definition, this.snapshot, { type: 'transition', name, ...(data ? { data } : {}), ...(comment ? { comment } : {}) }, actor, this.now);
    if (result.ok) throw new Error(`${name} by ${actor.userId} was accepted but should not be`);
    return result.error;
  }

  actionsOf(actor: Actor): string[] {
    return availableTransitions(this.definition, this.snapshot, actor, this.now).map((a) => a.name);
  }

  effectTypes(): string[] {
    return this.last.effects.map((e) => e.type);
  }
}
