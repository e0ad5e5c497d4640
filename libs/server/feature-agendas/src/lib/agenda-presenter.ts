import type { AgendaDetail, AgendaSummary } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';

export function toAgendaSummary(definition: AgendaDefinition, referencePrefix: string): AgendaSummary {
  return {
    code: definition.code,
    version: definition.version,
    name: definition.name,
    description: definition.description,
    category: definition.category ?? null,
    referencePrefix,
  };
}

export function toAgendaDetail(definition: AgendaDefinition, referencePrefix: string): AgendaDetail {
  return {
    ...toAgendaSummary(definition, referencePrefix),
    form: definition.form,
    initialState: definition.workflow.initial,
    states: definition.workflow.states.map((s) => ({ id: s.id, label: s.label, final: s.final === true, outcome: s.outcome ?? null })),
    transitions: definition.workflow.transitions.map((t) => ({
      name: t.name,
      label: t.label,
      from: Array.isArray(t.from) ? t.from : [t.from],
      style: t.style ?? null,
    })),
    roles: definition.roles.map((r) => ({ code: r.code, name: r.name })),
    documents: definition.documents.map((d) => ({ code: d.code, name: d.name })),
  };
}
