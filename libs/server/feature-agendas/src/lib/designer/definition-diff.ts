import type { DefinitionChange, DefinitionDiff } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { sameJson } from '@agendy/shared/util';

/**
 * What changed between two versions of an agenda, for the "compare" view: fields (schema + UI
 * hints + required), states, transitions and the rest. Compares JSON values, so key order does
 * not matter; the result is ordered as the newer version lists things, removals last.
 */
export function diffDefinitions(older: AgendaDefinition, newer: AgendaDefinition): DefinitionDiff {
  return {
    code: newer.code,
    from: older.version,
    to: newer.version,
    fields: diffKeyed(fieldViews(older), fieldViews(newer), (id) => `/form/schema/properties/${escape(id)}`),
    states: diffKeyed(byId(older.workflow.states, (s) => s.id), byId(newer.workflow.states, (s) => s.id), (id, index) => `/workflow/states/${index}`),
    transitions: diffKeyed(
      byId(older.workflow.transitions, (t) => t.name),
      byId(newer.workflow.transitions, (t) => t.name),
      (id, index) => `/workflow/transitions/${index}`,
    ),
    other: diffOther(older, newer),
  };
}

interface Keyed {
  index: number;
  value: Record<string, unknown>;
}

function byId<T extends object>(items: readonly T[], id: (item: T) => string): Map<string, Keyed> {
  return new Map(items.map((item, index) => [id(item), { index, value: item as Record<string, unknown> }]));
}

/** A field as one comparable object: its schema, its UI hints, whether required and its section. */
function fieldViews(d: AgendaDefinition): Map<string, Keyed> {
  const properties = (d.form.schema['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set((d.form.schema['required'] ?? []) as string[]);
  const sectionOf = new Map<string, string>();
  for (const s of d.form.ui.sections) for (const f of s.fields) sectionOf.set(f, s.id);
  return new Map(
    Object.keys(properties).map((name, index) => [
      name,
      { index, value: { schema: properties[name], ui: d.form.ui.fields[name] ?? null, required: required.has(name), section: sectionOf.get(name) ?? null } },
    ]),
  );
}

function diffKeyed(older: Map<string, Keyed>, newer: Map<string, Keyed>, path: (id: string, index: number) => string): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const [id, n] of newer) {
    const o = older.get(id);
    if (!o) {
      changes.push({ kind: 'added', id, path: path(id, n.index), aspects: [] });
      continue;
    }
    const aspects = [...new Set([...Object.keys(o.value), ...Object.keys(n.value)])].filter((k) => !sameJson(o.value[k], n.value[k])).sort();
    if (aspects.length > 0) changes.push({ kind: 'changed', id, path: path(id, n.index), aspects });
  }
  for (const [id, o] of older) if (!newer.has(id)) changes.push({ kind: 'removed', id, path: path(id, o.index), aspects: [] });
  return changes;
}

function diffOther(older: AgendaDefinition, newer: AgendaDefinition): DefinitionChange[] {
  const parts: Array<[string, string, (d: AgendaDefinition) => unknown]> = [
    ['name', '/name', (d) => d.name],
    ['description', '/description', (d) => d.description],
    ['category', '/category', (d) => d.category ?? null],
    ['roles', '/roles', (d) => d.roles],
    ['documents', '/documents', (d) => d.documents],
    ['records', '/records', (d) => d.records],
    ['start', '/workflow/start', (d) => d.workflow.start],
    ['initial', '/workflow/initial', (d) => d.workflow.initial],
    ['rules', '/form/rules', (d) => d.form.rules ?? []],
    ['sections', '/form/ui/sections', (d) => d.form.ui.sections],
    ['formConditions', '/form/schema/allOf', (d) => d.form.schema['allOf'] ?? null],
  ];
  return parts.filter(([, , get]) => !sameJson(get(older), get(newer))).map(([id, path]) => ({ kind: 'changed', id, path, aspects: [] }));
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
