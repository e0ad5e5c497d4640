import fc from 'fast-check';
import {
  SYSTEM_ACTOR,
  availableTransitions,
  checkSnapshot,
  startRequest,
  transition,
  type Actor,
  type AgendaDefinition,
  type DirectoryFacts,
  type FormData,
  type WorkflowEvent,
  type WorkflowSnapshot,
} from '@agendy/workflow/engine';
import { START, requestFor } from './agenda-test-kit';

/** What a random walk needs to know about an agenda: plausible data and the people involved. */
export interface WalkFixture {
  /** Complete, valid filings; a walk picks one (e.g. a small and a large amount). */
  datasets: FormData[];
  /** Values for fields filled in later steps, by transition name. */
  stepData?: Record<string, FormData>;
  /** Everyone who might act: the filer first. */
  actors: Actor[];
  /** Members of the directory groups the agenda names (`membersOfGroup`), as the runtime hands them in. */
  facts?: DirectoryFacts;
}

interface Candidate {
  actor: Actor;
  event: WorkflowEvent;
  at: Date;
  /** Likely to change the state (not a timer, not a self-loop). */
  onward: boolean;
}

const HOUR = 3_600_000;

/**
 * Walks a definition with random allowed events: at each step every actor's available actions
 * (plus due timers) are collected and one is taken with fixture data. Asserts that each
 * allowed event is accepted, that every snapshot is consistent, and that no non-final state
 * reached leaves everyone without an action.
 */
export function walkRandomly(definition: AgendaDefinition, fixture: WalkFixture, runs = 60): Set<string> {
  const visited = new Set<string>();
  fc.assert(
    fc.property(fc.nat({ max: fixture.datasets.length - 1 }), fc.array(fc.noBias(fc.nat()), { minLength: 30, maxLength: 80 }), (datasetIndex, choices) => {
      const dataset = fixture.datasets[datasetIndex];
      const filer = fixture.actors[0];
      const started = startRequest(definition, requestFor(definition), filer, START, {}, fixture.facts);
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      let snapshot = started.value.snapshot;
      let clock = START;
      visited.add(snapshot.state);
      for (const [step, choice] of choices.entries()) {
        if (snapshot.final) break;
        const candidates = collectCandidates(definition, snapshot, fixture, dataset, clock);
        const ways = candidates.filter((c) => c.event.type !== 'timer');
        if (ways.length === 0) throw new Error(`no way out of state "${snapshot.state}" for anyone`);
        // Three picks in four move the request on, so that walks reach the deep states too;
        // the fourth may be anything: a timer, a self-loop such as saving a draft.
        const r = mix(choice + step * 7919);
        const onward = candidates.filter((c) => c.onward);
        const pool = r % 4 !== 0 && onward.length > 0 ? onward : candidates;
        const pick = pool[Math.floor(r / 4) % pool.length];
        const result = transition(definition, snapshot, pick.event, pick.actor, pick.at, fixture.facts);
        if (!result.ok) {
          throw new Error(`allowed ${JSON.stringify(pick.event)} by ${pick.actor.userId} in "${snapshot.state}" refused: ${JSON.stringify(result.error)}`);
        }
        const next = result.value.snapshot;
        if (next.version !== snapshot.version + 1) throw new Error('version did not advance by one');
        const ids = result.value.effects.map((e) => e.id);
        if (new Set(ids).size !== ids.length) throw new Error('duplicate effect ids');
        const problems = checkSnapshot(definition, next);
        if (problems.length > 0) throw new Error(`invalid snapshot in "${next.state}": ${problems.join('; ')}`);
        snapshot = next;
        visited.add(snapshot.state);
        clock = new Date(Math.max(clock.getTime(), pick.at.getTime()) + HOUR);
      }
      if (snapshot.final) {
        for (const actor of [...fixture.actors, SYSTEM_ACTOR]) {
          if (availableTransitions(definition, snapshot, actor, clock).length > 0) throw new Error('a closed request offers actions');
        }
      }
    }),
    { numRuns: runs },
  );
  return visited;
}

/** fast-check favours small numbers; a 32-bit mix spreads them over all candidates. */
function mix(n: number): number {
  let h = Math.imul(n ^ (n >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

function collectCandidates(definition: AgendaDefinition, snapshot: WorkflowSnapshot, fixture: WalkFixture, dataset: FormData, clock: Date): Candidate[] {
  const candidates: Candidate[] = [];
  for (const actor of [...fixture.actors, SYSTEM_ACTOR]) {
    for (const action of availableTransitions(definition, snapshot, actor, clock)) {
      if (!action.enabled) continue;
      if (action.kind === 'vote') {
        candidates.push({ actor, at: clock, onward: true, event: { type: 'vote', vote: action.name as 'approve' | 'reject', comment: 'Hlasování s odůvodněním.' } });
        continue;
      }
      const data: FormData = {};
      for (const field of action.editableFields) if (dataset[field] !== undefined) data[field] = dataset[field];
      Object.assign(data, fixture.stepData?.[action.name] ?? {});
      candidates.push({ actor, at: clock, onward: action.to !== snapshot.state, event: { type: 'transition', name: action.name, data, comment: 'Odůvodnění kroku.' } });
    }
  }
  for (const deadline of snapshot.deadlines) {
    if (deadline.remindAt && !deadline.remindedAt) {
      candidates.push({ actor: SYSTEM_ACTOR, at: new Date(deadline.remindAt), onward: false, event: { type: 'timer', deadlineId: deadline.id, timer: 'remind' } });
    }
    if (!deadline.escalatedAt) {
      candidates.push({ actor: SYSTEM_ACTOR, at: new Date(deadline.escalateAt), onward: false, event: { type: 'timer', deadlineId: deadline.id, timer: 'escalate' } });
    }
  }
  return candidates;
}
