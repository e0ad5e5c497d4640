import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaFormSpec, ColumnUiSpec, FieldUiSpec, FormValue, JsonSchemaSpec, VisibilityCondition } from './form-spec';

/** How a field is rendered. */
export type ControlKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'time'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'email'
  | 'list'
  | 'file'
  | 'table';

export interface ChoiceOption {
  value: string | number;
  label: LocalizedText;
}

/** One field (or one column of a table) ready to render. */
export interface FieldModel {
  name: string;
  kind: ControlKind;
  label: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  /** Always required by the schema (conditional requirements are resolved against the data). */
  required: boolean;
  options: ChoiceOption[];
  integer: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  maxItems?: number;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel';
  autocomplete?: string;
  /** Marked read-only by the definition (filled in by the workflow later). */
  definitionReadonly: boolean;
  visibleIf?: VisibilityCondition;
  /** Columns of a table (repeating group). */
  columns: FieldModel[];
}

export interface SectionModel {
  id: string;
  title: LocalizedText;
  help?: LocalizedText;
  visibleIf?: VisibilityCondition;
  fields: FieldModel[];
}

export interface FormModel {
  sections: SectionModel[];
  /** Every field by name, for lookups from error pointers. */
  fields: Map<string, FieldModel>;
  /** Required only while a condition on other fields holds (`allOf: [{ if, then: { required } }]`). */
  conditionalRequired: Array<{ when: (data: FormValue) => boolean; fields: string[] }>;
}

const ATTACHMENT_REF = /attachment\.json$/;

function asSchema(value: unknown): JsonSchemaSpec {
  return value && typeof value === 'object' ? (value as JsonSchemaSpec) : {};
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function kindFor(schema: JsonSchemaSpec, widget: string | undefined): ControlKind {
  const items = asSchema(schema['items']);
  const isEnum = Array.isArray(schema['enum']);
  switch (widget) {
    case 'text':
    case 'textarea':
    case 'number':
    case 'money':
    case 'date':
    case 'time':
    case 'select':
    case 'radio':
    case 'checkbox':
    case 'email':
    case 'file':
    case 'table':
      return widget;
    case 'datetime':
      return 'datetime';
    case 'users':
    case 'departments':
      return 'list';
    case 'resource':
      return isEnum ? 'select' : 'text';
    case 'user':
    case 'department':
      return 'text';
  }
  if (isEnum) return 'select';
  if (schema['type'] === 'boolean' || schema['const'] === true) return 'checkbox';
  if (schema['type'] === 'integer' || schema['type'] === 'number') return 'number';
  if (schema['type'] === 'array') {
    if (typeof items['$ref'] === 'string' && ATTACHMENT_REF.test(items['$ref'])) return 'file';
    if (items['type'] === 'object') return 'table';
    return 'list';
  }
  switch (schema['format']) {
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime';
    case 'email':
      return 'email';
  }
  return 'text';
}

function optionsFor(schema: JsonSchemaSpec, labels: Record<string, LocalizedText> | undefined): ChoiceOption[] {
  const values = Array.isArray(schema['enum']) ? (schema['enum'] as Array<string | number>) : [];
  return values.map((value) => ({
    value,
    label: labels?.[String(value)] ?? { cs: String(value), en: String(value) },
  }));
}

function inputHints(schema: JsonSchemaSpec, kind: ControlKind): Pick<FieldModel, 'inputMode' | 'autocomplete'> {
  if (kind === 'email') return { inputMode: 'email', autocomplete: 'email' };
  if (kind === 'money') return { inputMode: 'numeric' };
  if (kind === 'number') return { inputMode: schema['type'] === 'integer' ? 'numeric' : 'decimal' };
  if (schema['format'] === 'ico') return { inputMode: 'numeric' };
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : '';
  if (pattern.includes('+420')) return { inputMode: 'tel', autocomplete: 'tel' };
  return {};
}

function buildField(
  name: string,
  schema: JsonSchemaSpec,
  ui: FieldUiSpec | ColumnUiSpec | undefined,
  required: boolean,
): FieldModel {
  const fieldUi = (ui ?? {}) as Partial<FieldUiSpec>;
  const kind = kindFor(schema, fieldUi.widget);
  const items = asSchema(schema['items']);
  const itemRequired = Array.isArray(items['required']) ? (items['required'] as string[]) : [];
  const itemProps = asSchema(items['properties']);
  const columns =
    kind === 'table'
      ? Object.keys(itemProps).map((column) =>
          buildField(column, asSchema(itemProps[column]), fieldUi.columns?.[column], itemRequired.includes(column)),
        )
      : [];
  return {
    name,
    kind,
    label: fieldUi.label ?? { cs: name, en: name },
    help: fieldUi.help,
    placeholder: fieldUi.placeholder,
    required,
    options: optionsFor(schema, fieldUi.options),
    integer: schema['type'] === 'integer',
    min: numberOr(schema['minimum']),
    max: numberOr(schema['maximum']),
    maxLength: numberOr(schema['maxLength']),
    maxItems: numberOr(schema['maxItems']),
    ...inputHints(schema, kind),
    definitionReadonly: fieldUi.readonly === true,
    visibleIf: fieldUi.visibleIf,
    columns,
  };
}

/** Matches the simple `if` shapes agendas use: `{ properties: { x: { const | enum } }, required? }`. */
function conditionMatcher(condition: JsonSchemaSpec): (data: FormValue) => boolean {
  const props = asSchema(condition['properties']);
  const required = Array.isArray(condition['required']) ? (condition['required'] as string[]) : [];
  return (data) =>
    required.every((name) => data[name] !== undefined) &&
    Object.entries(props).every(([name, raw]) => {
      const rule = asSchema(raw);
      const value = data[name];
      if (value === undefined) return true; // JSON Schema: an absent property matches `properties`
      if ('const' in rule) return value === rule['const'];
      if (Array.isArray(rule['enum'])) return (rule['enum'] as unknown[]).includes(value);
      return true;
    });
}

/** Turns an agenda's form (schema + UI hints) into sections of renderable fields, in order. */
export function buildFormModel(spec: AgendaFormSpec): FormModel {
  const properties = asSchema(spec.schema['properties']);
  const required = Array.isArray(spec.schema['required']) ? (spec.schema['required'] as string[]) : [];
  const fields = new Map<string, FieldModel>();
  const sections: SectionModel[] = spec.ui.sections.map((section) => ({
    id: section.id,
    title: section.title,
    help: section.help,
    visibleIf: section.visibleIf,
    fields: section.fields
      .filter((name) => name in properties && spec.ui.fields[name]?.widget !== 'hidden')
      .map((name) => {
        const field = buildField(name, asSchema(properties[name]), spec.ui.fields[name], required.includes(name));
        fields.set(name, field);
        return field;
      }),
  }));
  const allOf = Array.isArray(spec.schema['allOf']) ? (spec.schema['allOf'] as JsonSchemaSpec[]) : [];
  const conditionalRequired = allOf
    .filter((part) => part['if'] && part['then'])
    .map((part) => ({
      when: conditionMatcher(asSchema(part['if'])),
      fields: (asSchema(part['then'])['required'] as string[] | undefined) ?? [],
    }));
  return { sections, fields, conditionalRequired };
}
