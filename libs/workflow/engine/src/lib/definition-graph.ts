import type { AgendaDefinition } from './definition.types';
import { fromStates, outcomeTargets, targetStates } from './compiled-definition';

/** The workflow as a directed graph over state ids: transitions, their routes and approval outcomes. */
export function stateGraph(definition: AgendaDefinition): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const s of definition.workflow.states) edges.set(s.id, new Set());
  const add = (from: string, to: string) => edges.get(from)?.add(to);
  for (const t of definition.workflow.transitions) {
    for (const from of fromStates(t)) for (const to of targetStates(t)) add(from, to);
  }
  for (const s of definition.workflow.states) {
    if (s.approval) {
      for (const to of [...outcomeTargets(s.approval.onApproved), ...outcomeTargets(s.approval.onRejected)]) add(s.id, to);
    }
  }
  return edges;
}

export function reachableFrom(edges: Map<string, Set<string>>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const next of edges.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** States from which some final state can be reached. */
export function statesThatCanFinish(definition: AgendaDefinition, edges: Map<string, Set<string>>): Set<string> {
  const reverse = new Map<string, Set<string>>();
  for (const [from, tos] of edges) {
    for (const to of tos) {
      if (!reverse.has(to)) reverse.set(to, new Set());
      reverse.get(to)?.add(from);
    }
  }
  const finals = definition.workflow.states.filter((s) => s.final).map((s) => s.id);
  const seen = new Set<string>(finals);
  const queue = [...finals];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const prev of reverse.get(current) ?? []) {
      if (!seen.has(prev)) {
        seen.add(prev);
        queue.push(prev);
      }
    }
  }
  return seen;
}
