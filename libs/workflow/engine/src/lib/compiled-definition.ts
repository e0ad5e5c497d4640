import type { ValidateFunction } from 'ajv';
import type { AgendaDefinition, ApprovalOutcome, StateDefinition, TransitionDefinition } from './definition.types';
import { createFormAjv } from './ajv-factory';
import { collectVariables } from './json-logic';

/**
 * Lookup tables and the compiled form validator of one definition. Definitions are immutable
 * data, so the compiled form is cached per object; compiling a schema costs milliseconds,
 * validating with it microseconds.
 */
export interface CompiledDefinition {
  readonly definition: AgendaDefinition;
  readonly states: ReadonlyMap<string, StateDefinition>;
  readonly transitions: ReadonlyMap<string, TransitionDefinition>;
  readonly transitionsFrom: ReadonlyMap<string, readonly TransitionDefinition[]>;
  readonly fields: readonly string[];
  readonly validateData: ValidateFunction;
  /** Transitions whose guard reads a field the step itself lets the actor fill in. */
  readonly guardReadsInput: ReadonlySet<string>;
}

const cache = new WeakMap<AgendaDefinition, CompiledDefinition>();

export function compileDefinition(definition: AgendaDefinition): CompiledDefinition {
  const cached = cache.get(definition);
  if (cached) return cached;
  const states = new Map(definition.workflow.states.map((s) => [s.id, s]));
  const transitions = new Map(definition.workflow.transitions.map((t) => [t.name, t]));
  const transitionsFrom = new Map<string, TransitionDefinition[]>();
  for (const t of definition.workflow.transitions) {
    for (const from of fromStates(t)) {
      const list = transitionsFrom.get(from) ?? [];
      list.push(t);
      transitionsFrom.set(from, list);
    }
  }
  const properties = (definition.form.schema['properties'] ?? {}) as Record<string, unknown>;
  const compiled: CompiledDefinition = {
    definition,
    states,
    transitions,
    transitionsFrom,
    fields: Object.keys(properties),
    validateData: createFormAjv().compile(definition.form.schema),
    guardReadsInput: new Set(definition.workflow.transitions.filter(guardReadsInput).map((t) => t.name)),
  };
  cache.set(definition, compiled);
  return compiled;
}

function guardReadsInput(t: TransitionDefinition): boolean {
  if (t.guard === undefined || !t.editableFields?.length) return false;
  const editable = t.editableFields;
  return collectVariables(t.guard).some(({ path }) => {
    const [root, field] = path.split('.');
    return root === 'data' && field !== undefined && (editable.includes('*') || editable.includes(field));
  });
}

export function fromStates(t: TransitionDefinition): string[] {
  return Array.isArray(t.from) ? t.from : [t.from];
}

/** Every state a transition can lead to: its default target and its routes. */
export function targetStates(t: TransitionDefinition): string[] {
  return [t.to, ...(t.routes ?? []).map((r) => r.to)];
}

/** Every state an approval outcome can lead to: its default target and its routes. */
export function outcomeTargets(outcome: ApprovalOutcome): string[] {
  return [outcome.to, ...(outcome.routes ?? []).map((r) => r.to)];
}
