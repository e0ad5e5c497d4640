import type { ActorRule, AgendaDefinition, EffectDefinition, PartyRule, StateDefinition, TransitionDefinition } from '@agendy/workflow/engine';

/** Names of states and steps: letters, digits and dashes. */
export const STATE_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;

export function fromList(t: TransitionDefinition): string[] {
  return Array.isArray(t.from) ? t.from : [t.from];
}

/** Renames a state everywhere it is referred to: initial, transitions, routes, approval outcomes. */
export function renameState(d: AgendaDefinition, oldId: string, newId: string): void {
  const swap = (s: string) => (s === oldId ? newId : s);
  if (d.workflow.initial === oldId) d.workflow.initial = newId;
  for (const s of d.workflow.states) {
    if (s.id === oldId) s.id = newId;
    if (s.approval) {
      s.approval.onApproved.to = swap(s.approval.onApproved.to);
      s.approval.onRejected.to = swap(s.approval.onRejected.to);
    }
  }
  for (const t of d.workflow.transitions) {
    t.from = Array.isArray(t.from) ? t.from.map(swap) : swap(t.from);
    t.to = swap(t.to);
    for (const r of t.routes ?? []) r.to = swap(r.to);
  }
}

/** Removes a state with the steps leading only from it; steps into it must be redirected (the validator says where). */
export function removeState(d: AgendaDefinition, id: string): void {
  d.workflow.states = d.workflow.states.filter((s) => s.id !== id);
  d.workflow.transitions = d.workflow.transitions
    .map((t) => ({ ...t, from: Array.isArray(t.from) ? t.from.filter((f) => f !== id) : t.from }))
    .filter((t) => (Array.isArray(t.from) ? t.from.length > 0 : t.from !== id));
}

export function addState(d: AgendaDefinition): StateDefinition {
  let n = d.workflow.states.length + 1;
  while (d.workflow.states.some((s) => s.id === `state${n}`)) n++;
  const state: StateDefinition = { id: `state${n}`, label: { cs: `Stav ${n}`, en: `State ${n}` }, assignTo: [{ filer: true }] };
  d.workflow.states.push(state);
  return state;
}

export function addTransition(d: AgendaDefinition, from: string): TransitionDefinition {
  let n = d.workflow.transitions.length + 1;
  while (d.workflow.transitions.some((t) => t.name === `step${n}`)) n++;
  const t: TransitionDefinition = { name: `step${n}`, label: { cs: `Krok ${n}`, en: `Step ${n}` }, from, to: from, who: [{ filer: true }] };
  d.workflow.transitions.push(t);
  return t;
}

/** The parties the pickers offer: built-in ones and the agenda's own roles. */
export interface PartyChoice {
  key: string;
  rule: PartyRule & ActorRule;
}

export function partyChoices(d: AgendaDefinition): PartyChoice[] {
  const roles = ['director', 'agenda-officer', 'employee', 'manager', ...d.roles.map((r) => r.code)];
  return [
    { key: 'filer', rule: { filer: true } },
    { key: 'managerOfFiler', rule: { managerOfFiler: true } },
    ...roles.map((role) => ({ key: `role:${role}`, rule: { role } })),
  ];
}

export function partyKeyOf(rule: unknown): string {
  const r = rule as Record<string, unknown>;
  if (r['filer']) return 'filer';
  if (r['managerOfFiler']) return 'managerOfFiler';
  if (r['assignee']) return 'assignee';
  if (r['system']) return 'system';
  if (typeof r['role'] === 'string') return `role:${r['role']}`;
  if (typeof r['user'] === 'string') return `user:${r['user']}`;
  if (typeof r['userFromField'] === 'string') return `field:${r['userFromField']}`;
  return JSON.stringify(rule);
}

/** Adds or removes one party from a list of rules, keeping the others as they are. */
export function toggleParty<T>(list: readonly T[] | undefined, choice: PartyChoice, on: boolean): T[] {
  const rest = (list ?? []).filter((r) => partyKeyOf(r) !== choice.key);
  return on ? [...rest, choice.rule as unknown as T] : rest;
}

export const EFFECT_TYPES = ['notify', 'generateDocument', 'requestSignatures', 'setField', 'assign'] as const;
export type EditableEffectType = (typeof EFFECT_TYPES)[number];

export function newEffect(d: AgendaDefinition, type: EditableEffectType): EffectDefinition {
  const document = d.documents[0]?.code ?? 'document';
  switch (type) {
    case 'notify':
      return { type, to: [{ filer: true }], message: { cs: 'Stav vaší žádosti se změnil.', en: 'Your request has changed.' } };
    case 'generateDocument':
      return { type, template: document };
    case 'requestSignatures':
      return { type, document, signers: [{ who: { managerOfFiler: true }, level: 'advanced', order: 1 }] };
    case 'setField':
      return { type, field: Object.keys((d.form.schema['properties'] ?? {}) as object)[0] ?? 'field', value: null };
    case 'assign':
      return { type, to: [{ filer: true }] };
  }
}
