import type { AgendaDefinition, FieldUi, JsonLogic, Widget } from '@agendy/workflow/engine';
import type { LocalizedText } from '@agendy/shared/util';

/** The kinds of field the form designer offers, each a JSON Schema shape plus a widget. */
export const FIELD_KINDS = ['text', 'textarea', 'number', 'money', 'date', 'dateRange', 'select', 'yesno', 'person', 'department', 'file', 'table'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const ATTACHMENT_REF = 'https://agendy.kraj-lbc.cz/schemas/attachment.json';

type Schema = Record<string, unknown>;

/** One column of a repeating group as the designer edits it. */
export interface ColumnDraft {
  name: string;
  label: LocalizedText;
  kind: 'text' | 'number' | 'money' | 'date';
}

/** Field names: letters and digits, starting with a letter (what validateDefinition accepts). */
export const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

export function properties(d: AgendaDefinition): Record<string, Schema> {
  return ((d.form.schema['properties'] ??= {}) as Record<string, Schema>);
}

function required(d: AgendaDefinition): string[] {
  return ((d.form.schema['required'] ??= []) as string[]);
}

/** The designer's kind of an existing field, read from its schema and widget. */
export function kindOf(d: AgendaDefinition, name: string): FieldKind {
  const schema = properties(d)[name] ?? {};
  const widget = d.form.ui.fields[name]?.widget;
  if (widget === 'table' || (schema['type'] === 'array' && (schema['items'] as Schema | undefined)?.['type'] === 'object')) return 'table';
  if (widget === 'file' || schema['type'] === 'array') return 'file';
  if (widget === 'user' || widget === 'users') return 'person';
  if (widget === 'department' || widget === 'departments') return 'department';
  if (widget === 'money') return 'money';
  if (widget === 'textarea') return 'textarea';
  if (schema['type'] === 'boolean') return 'yesno';
  if (Array.isArray(schema['enum'])) return 'select';
  if (schema['format'] === 'date') return 'date';
  if (schema['type'] === 'number' || schema['type'] === 'integer') return 'number';
  return 'text';
}

function schemaFor(kind: Exclude<FieldKind, 'dateRange'>): Schema {
  switch (kind) {
    case 'text':
      return { type: 'string', maxLength: 200 };
    case 'textarea':
      return { type: 'string', maxLength: 4000 };
    case 'number':
      return { type: 'number' };
    case 'money':
      return { type: 'number', minimum: 0, multipleOf: 0.01 };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'select':
      return { type: 'string', enum: ['a'] };
    case 'yesno':
      return { type: 'boolean' };
    case 'person':
    case 'department':
      return { type: 'string', minLength: 1 };
    case 'file':
      return { type: 'array', items: { $ref: ATTACHMENT_REF } };
    case 'table':
      return { type: 'array', items: { type: 'object', additionalProperties: false, properties: { item: { type: 'string' }, amount: { type: 'number', minimum: 0 } } } };
  }
}

function uiFor(kind: Exclude<FieldKind, 'dateRange'>, label: LocalizedText): FieldUi {
  const widget: Record<Exclude<FieldKind, 'dateRange'>, Widget> = {
    text: 'text',
    textarea: 'textarea',
    number: 'number',
    money: 'money',
    date: 'date',
    select: 'select',
    yesno: 'checkbox',
    person: 'user',
    department: 'department',
    file: 'file',
    table: 'table',
  };
  const ui: FieldUi = { label, widget: widget[kind] };
  if (kind === 'select') ui.options = { a: { cs: 'Možnost A', en: 'Option A' } };
  if (kind === 'table') {
    ui.columns = { item: { label: { cs: 'Položka', en: 'Item' } }, amount: { label: { cs: 'Částka (Kč)', en: 'Amount (CZK)' }, widget: 'money' } };
  }
  return ui;
}

/**
 * Adds a field at the end of a section. A date range is two date fields (`<name>From`,
 * `<name>To`) and a rule that the end does not precede the start. Returns the names added.
 */
export function addField(d: AgendaDefinition, kind: FieldKind, name: string, label: LocalizedText, sectionId: string): string[] {
  const section = d.form.ui.sections.find((s) => s.id === sectionId) ?? d.form.ui.sections[0];
  if (kind === 'dateRange') {
    const from = `${name}From`;
    const to = `${name}To`;
    addField(d, 'date', from, { cs: `${label.cs} – od`, en: `${label.en} – from` }, section.id);
    addField(d, 'date', to, { cs: `${label.cs} – do`, en: `${label.en} – to` }, section.id);
    (d.form.rules ??= []).push({
      id: `${name}-ordered`,
      assert: { '<=': [{ var: `data.${from}` }, { var: `data.${to}` }] } as JsonLogic,
      field: `/${to}`,
      message: { cs: 'nesmí předcházet datu začátku', en: 'must not precede the start date' },
    });
    return [from, to];
  }
  properties(d)[name] = schemaFor(kind);
  d.form.ui.fields[name] = uiFor(kind, label);
  section.fields.push(name);
  return [name];
}

/** Removes a field everywhere the definition names it (form, required lists, editable fields, rules). */
export function removeField(d: AgendaDefinition, name: string): void {
  delete properties(d)[name];
  d.form.schema['required'] = required(d).filter((f) => f !== name);
  delete d.form.ui.fields[name];
  for (const s of d.form.ui.sections) s.fields = s.fields.filter((f) => f !== name);
  if (d.form.rules) d.form.rules = d.form.rules.filter((r) => r.field !== `/${name}` && !JSON.stringify(r.assert).includes(`"data.${name}"`));
  for (const t of d.workflow.transitions) {
    if (t.editableFields) t.editableFields = t.editableFields.filter((f) => f !== name);
    if (t.requiredFields) t.requiredFields = t.requiredFields.filter((f) => f !== name);
  }
}

/** Changes a field's kind, keeping its label, help and place. */
export function changeKind(d: AgendaDefinition, name: string, kind: Exclude<FieldKind, 'dateRange'>): void {
  const old = d.form.ui.fields[name];
  properties(d)[name] = schemaFor(kind);
  d.form.ui.fields[name] = { ...uiFor(kind, old?.label ?? { cs: name, en: name }), ...(old?.help ? { help: old.help } : {}), ...(old?.visibleIf ? { visibleIf: old.visibleIf } : {}) };
}

/** Moves a field one place up (-1) or down (+1) within its section. */
export function moveField(d: AgendaDefinition, name: string, delta: -1 | 1): void {
  const section = d.form.ui.sections.find((s) => s.fields.includes(name));
  if (!section) return;
  const i = section.fields.indexOf(name);
  const j = i + delta;
  if (j < 0 || j >= section.fields.length) return;
  [section.fields[i], section.fields[j]] = [section.fields[j], section.fields[i]];
}

export function moveToSection(d: AgendaDefinition, name: string, sectionId: string): void {
  for (const s of d.form.ui.sections) s.fields = s.fields.filter((f) => f !== name);
  d.form.ui.sections.find((s) => s.id === sectionId)?.fields.push(name);
}

export function isRequired(d: AgendaDefinition, name: string): boolean {
  return required(d).includes(name);
}

export function setRequired(d: AgendaDefinition, name: string, value: boolean): void {
  const list = required(d).filter((f) => f !== name);
  d.form.schema['required'] = value ? [...list, name] : list;
}

/** Sets or clears (`null`) one schema keyword of a field: minLength, maximum, pattern, … */
export function setConstraint(d: AgendaDefinition, name: string, keyword: string, value: number | string | null): void {
  const schema = properties(d)[name];
  if (!schema) return;
  if (value === null || value === '') delete schema[keyword];
  else schema[keyword] = value;
}

/** Choices of a select field, one per line as `value = Czech label | English label`. */
export function optionsText(d: AgendaDefinition, name: string): string {
  const values = (properties(d)[name]?.['enum'] ?? []) as unknown[];
  const labels = d.form.ui.fields[name]?.options ?? {};
  return values.map((v) => `${String(v)} = ${labels[String(v)]?.cs ?? ''} | ${labels[String(v)]?.en ?? ''}`).join('\n');
}

export function setOptionsFromText(d: AgendaDefinition, name: string, text: string): void {
  const values: string[] = [];
  const options: Record<string, LocalizedText> = {};
  for (const line of text.split('\n')) {
    const [value, rest = ''] = line.split('=').map((p) => p.trim());
    if (!value) continue;
    const [cs, en] = rest.split('|').map((p) => p.trim());
    values.push(value);
    options[value] = { cs: cs || value, en: en || cs || value };
  }
  properties(d)[name]['enum'] = values;
  d.form.ui.fields[name].options = options;
}

/** Columns of a repeating group. */
export function columnsOf(d: AgendaDefinition, name: string): ColumnDraft[] {
  const items = (properties(d)[name]?.['items'] ?? {}) as Schema;
  const props = (items['properties'] ?? {}) as Record<string, Schema>;
  const ui = d.form.ui.fields[name]?.columns ?? {};
  return Object.keys(props).map((c) => ({
    name: c,
    label: ui[c]?.label ?? { cs: c, en: c },
    kind: ui[c]?.widget === 'money' ? 'money' : props[c]['format'] === 'date' ? 'date' : props[c]['type'] === 'number' ? 'number' : 'text',
  }));
}

export function setColumns(d: AgendaDefinition, name: string, columns: readonly ColumnDraft[]): void {
  const props: Record<string, Schema> = {};
  const ui: NonNullable<FieldUi['columns']> = {};
  for (const c of columns) {
    props[c.name] =
      c.kind === 'number' ? { type: 'number' } : c.kind === 'money' ? { type: 'number', minimum: 0, multipleOf: 0.01 } : c.kind === 'date' ? { type: 'string', format: 'date' } : { type: 'string', maxLength: 200 };
    ui[c.name] = { label: c.label, ...(c.kind === 'money' ? { widget: 'money' as const } : c.kind === 'date' ? { widget: 'date' as const } : {}) };
  }
  properties(d)[name]['items'] = { type: 'object', additionalProperties: false, properties: props };
  d.form.ui.fields[name].columns = ui;
}

/** The JSON type a condition on this field compares with. */
export function valueTypeOf(d: AgendaDefinition, name: string): 'number' | 'boolean' | 'string' {
  const t = properties(d)[name]?.['type'];
  return t === 'number' || t === 'integer' ? 'number' : t === 'boolean' ? 'boolean' : 'string';
}

/** A fresh agenda that passes validation: one section, a subject, filing → approval by the manager → approved / rejected. */
export function newAgenda(code: string, name: LocalizedText): AgendaDefinition {
  return {
    code,
    version: 1,
    name,
    description: { cs: name.cs, en: name.en },
    roles: [],
    form: {
      schema: { type: 'object', additionalProperties: false, required: ['subject'], properties: { subject: { type: 'string', minLength: 1, maxLength: 200 } } },
      ui: {
        sections: [{ id: 'main', title: { cs: 'Žádost', en: 'Request' }, fields: ['subject'] }],
        fields: { subject: { label: { cs: 'Předmět', en: 'Subject' } } },
      },
    },
    workflow: {
      initial: 'draft',
      start: { who: [{ role: 'employee' }] },
      states: [
        { id: 'draft', label: { cs: 'Rozpracováno', en: 'Draft' }, assignTo: [{ filer: true }] },
        { id: 'approval', label: { cs: 'Ke schválení', en: 'Awaiting approval' }, assignTo: [{ managerOfFiler: true }] },
        { id: 'approved', label: { cs: 'Schváleno', en: 'Approved' }, final: true, outcome: 'approved' },
        { id: 'rejected', label: { cs: 'Zamítnuto', en: 'Rejected' }, final: true, outcome: 'rejected' },
      ],
      transitions: [
        { name: 'save', label: { cs: 'Uložit rozpracované', en: 'Save draft' }, from: 'draft', to: 'draft', who: [{ filer: true }], editableFields: ['*'], validation: 'partial' },
        { name: 'submit', label: { cs: 'Odeslat ke schválení', en: 'Send for approval' }, from: 'draft', to: 'approval', who: [{ filer: true }], editableFields: ['*'], style: 'primary' },
        { name: 'approve', label: { cs: 'Schválit', en: 'Approve' }, from: 'approval', to: 'approved', who: [{ managerOfFiler: true }], forbidFiler: true, style: 'primary' },
        { name: 'reject', label: { cs: 'Zamítnout', en: 'Reject' }, from: 'approval', to: 'rejected', who: [{ managerOfFiler: true }], forbidFiler: true, commentRequired: true, style: 'danger' },
      ],
    },
    documents: [],
    records: { fileMark: '1.1', retention: { sign: 'S', years: 5 } },
  };
}
