import type { LocalizedText } from '@agendy/shared/util';

/**
 * What the renderer needs from an agenda's form, written down here so that this UI library does
 * not depend on the workflow engine (lint: `type:ui` may not import `type:engine`). The engine's
 * `FormDefinition` and `FieldError` are structurally assignable to these types.
 */

export type FormLang = 'cs' | 'en';

/** The form data: the JSON object the engine validates. */
export type FormValue = Record<string, unknown>;

/** A JSON Schema 2020-12 document (only the keywords the renderer reads are typed). */
export type JsonSchemaSpec = Record<string, unknown>;

/** A JSONLogic expression over `{ data, today, now }`. */
export type VisibilityCondition = unknown;

export interface ColumnUiSpec {
  label: LocalizedText;
  widget?: string;
  /** Labels of enum values of the column (optional; raw values are shown otherwise). */
  options?: Record<string, LocalizedText>;
}

export interface FieldUiSpec {
  label: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  widget?: string;
  options?: Record<string, LocalizedText>;
  columns?: Record<string, ColumnUiSpec>;
  visibleIf?: VisibilityCondition;
  readonly?: boolean;
}

export interface SectionUiSpec {
  id: string;
  title: LocalizedText;
  help?: LocalizedText;
  fields: string[];
  visibleIf?: VisibilityCondition;
}

/** An agenda's form: JSON Schema of the data plus UI hints (sections, labels, widgets). */
export interface AgendaFormSpec {
  schema: JsonSchemaSpec;
  ui: { sections: SectionUiSpec[]; fields: Record<string, FieldUiSpec> };
}

/** One error at a field, addressed by a JSON pointer into the data (`/budget/0/amount`). */
export interface FormFieldError {
  pointer: string;
  message: LocalizedText;
  keyword?: string;
}

/**
 * Client-side validation supplied by the caller; apps/web passes the engine's `validateForm`, the
 * same Ajv schema and messages as the server. Receives only the data of visible fields.
 */
export type FormValidator = (value: FormValue) => readonly FormFieldError[];

export interface FormValidity {
  valid: boolean;
  errors: readonly FormFieldError[];
}

/** Emitted when a person picks files for an attachment field; the caller uploads them. */
export interface AttachmentSelection {
  field: string;
  pointer: string;
  files: readonly File[];
}

/** Shape of an attachment reference in the data (the engine's attachment schema). */
export interface AttachmentRef {
  fileId: string;
  name: string;
  mediaType?: string;
  size?: number;
}

/** `*` in the list of editable fields means every field. */
export const ALL_FIELDS = '*';
