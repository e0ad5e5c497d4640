import { Graph, layout } from '@dagrejs/dagre';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { describeLogic } from './condition';

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 48;

export interface LaidOutState {
  id: string;
  index: number;
  x: number;
  y: number;
  final: boolean;
  initial: boolean;
}

/** One arrow: a transition's main target, one of its conditional routes, or an approval outcome. */
export interface LaidOutEdge {
  key: string;
  /** Index of the transition in the definition, or -1 for approval outcomes. */
  transition: number;
  name: string;
  from: string;
  to: string;
  /** Condition of a route, as a sentence. */
  condition: string | null;
  points: Array<{ x: number; y: number }>;
  labelX: number;
  labelY: number;
}

export interface WorkflowLayout {
  width: number;
  height: number;
  states: LaidOutState[];
  edges: LaidOutEdge[];
}

/**
 * Positions of states and arrows, laid out top to bottom by dagre. Arrows to unknown states
 * (an error the validator reports) are left out so that a broken draft still draws.
 */
export function layoutWorkflow(d: AgendaDefinition): WorkflowLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(d.workflow.states.map((s) => s.id));
  for (const s of d.workflow.states) g.setNode(s.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges: Array<Omit<LaidOutEdge, 'points' | 'labelX' | 'labelY'>> = [];
  d.workflow.transitions.forEach((t, index) => {
    const froms = Array.isArray(t.from) ? t.from : [t.from];
    for (const from of froms) {
      const targets: Array<{ to: string; condition: string | null }> = [
        ...(t.routes ?? []).map((r) => ({ to: r.to, condition: describeLogic(r.when) })),
        { to: t.to, condition: null },
      ];
      targets.forEach(({ to, condition }, k) => {
        if (ids.has(from) && ids.has(to)) edges.push({ key: `${index}:${from}:${k}`, transition: index, name: t.name, from, to, condition });
      });
    }
  });
  for (const s of d.workflow.states) {
    if (!s.approval) continue;
    for (const [outcome, target] of [
      ['approved', s.approval.onApproved?.to],
      ['rejected', s.approval.onRejected?.to],
    ] as const) {
      if (target && ids.has(target)) edges.push({ key: `approval:${s.id}:${outcome}`, transition: -1, name: outcome, from: s.id, to: target, condition: null });
    }
  }
  for (const e of edges) {
    if (e.from !== e.to) g.setEdge(e.from, e.to, { width: 90, height: 20, labelpos: 'c' }, e.key);
  }
  layout(g);
  const graph = g.graph();
  const states = d.workflow.states.map((s, index) => {
    const n = g.node(s.id);
    return { id: s.id, index, x: n.x, y: n.y, final: s.final === true, initial: d.workflow.initial === s.id };
  });
  const laidOut = edges.map((e) => {
    if (e.from === e.to) {
      // A step that stays in its state (save a draft): a small loop on the right of the box.
      const n = g.node(e.from);
      const x = n.x + NODE_WIDTH / 2;
      return { ...e, points: [{ x, y: n.y - 10 }, { x: x + 30, y: n.y - 18 }, { x: x + 30, y: n.y + 18 }, { x, y: n.y + 10 }], labelX: x + 36, labelY: n.y };
    }
    const edge = g.edge({ v: e.from, w: e.to, name: e.key });
    const points = edge.points ?? [];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...e, points, labelX: edge.x ?? mid.x, labelY: edge.y ?? mid.y };
  });
  return { width: (graph.width ?? 400) + 120, height: graph.height ?? 300, states, edges: laidOut };
}

/** SVG path through the layout points. */
export function pathOf(points: ReadonlyArray<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}
