import { Injectable, Signal, WritableSignal, computed, signal } from '@angular/core';
import { FORM_LABELS, FormLabelKey, FormLabels, fillLabel } from '../model/form-labels';
import type { AttachmentSelection, FormFieldError, FormLang, FormValidator, FormValue } from '../model/form-spec';
import { ALL_FIELDS } from '../model/form-spec';
import type { FieldModel, FormModel, SectionModel } from '../model/field-model';
import { fieldNameOf, isWithin, pointerToIdPart, readAt, writeAt } from '../model/data-pointer';
import { isVisible } from '../model/visibility';

/** What the form component feeds into the state (its inputs, as signals). */
export interface AgendaFormSources {
  model: Signal<FormModel>;
  lang: Signal<FormLang>;
  labels: Signal<Partial<FormLabels> | null>;
  data: WritableSignal<FormValue>;
  editableFields: Signal<readonly string[]>;
  externalErrors: Signal<readonly FormFieldError[]>;
  validate: Signal<FormValidator | null>;
  hideEmptyReadonly: Signal<boolean>;
}

let nextFormId = 0;

function sameErrors(a: FormFieldError, b: FormFieldError): boolean {
  return a.pointer === b.pointer && a.message.cs === b.message.cs;
}

/**
 * The state of one rendered agenda form, shared by its parts (fields, repeating groups,
 * attachments, error summary): data, visibility, editability, touched fields and errors.
 */
@Injectable()
export class AgendaFormState {
  private sources!: AgendaFormSources;
  readonly idPrefix = `ag-form-${++nextFormId}`;
  readonly now = new Date();

  /** Pointers the person has left (blurred) or changed: their client errors are shown from then on. */
  readonly touched = signal<ReadonlySet<string>>(new Set());
  /** Set by `revealErrors()`: every error is shown and the summary appears. */
  readonly submitted = signal(false);
  /** Pointers edited since the current server errors arrived: those errors are out of date. */
  private readonly editedSinceExternal = signal<ReadonlySet<string>>(new Set());
  /** Polite announcement for screen readers (rows added, files chosen…). */
  readonly announcement = signal('');

  private attachmentSink: (selection: AttachmentSelection) => void = () => undefined;

  connect(sources: AgendaFormSources, attachmentSink: (selection: AttachmentSelection) => void): void {
    this.sources = sources;
    this.attachmentSink = attachmentSink;
  }

  emitAttachments(selection: AttachmentSelection): void {
    this.attachmentSink(selection);
  }

  readonly model = computed(() => this.sources.model());
  readonly lang = computed(() => this.sources.lang());
  readonly data = computed(() => this.sources.data());
  readonly labels = computed<FormLabels>(() => ({ ...FORM_LABELS[this.lang()], ...(this.sources.labels() ?? {}) }));

  label(key: FormLabelKey, params?: Record<string, string | number>): string {
    return fillLabel(this.labels()[key], params);
  }

  /** Sections whose condition holds, each with the fields whose condition holds. */
  readonly visibleSections = computed<SectionModel[]>(() => {
    const data = this.data();
    return this.model()
      .sections.filter((section) => isVisible(section.visibleIf, data, this.now))
      .map((section) => ({
        ...section,
        fields: section.fields.filter((field) => isVisible(field.visibleIf, data, this.now) && this.isShown(field, data)),
      }))
      .filter((section) => section.fields.length > 0);
  });

  private readonly visibleNames = computed(
    () => new Set(this.visibleSections().flatMap((section) => section.fields.map((field) => field.name))),
  );

  /** The data without fields hidden by a condition: what is validated and emitted. */
  readonly effectiveValue = computed<FormValue>(() => {
    const data = this.data();
    const model = this.model();
    const visible = this.visibleNames();
    const result: FormValue = {};
    for (const [name, value] of Object.entries(data)) {
      if (!model.fields.has(name) || visible.has(name) || this.isHiddenReadonly(name, data)) result[name] = value;
    }
    return result;
  });

  readonly requiredNames = computed<ReadonlySet<string>>(() => {
    const data = this.effectiveValue();
    const names = new Set<string>();
    for (const field of this.model().fields.values()) if (field.required) names.add(field.name);
    for (const rule of this.model().conditionalRequired) if (rule.when(data)) rule.fields.forEach((n) => names.add(n));
    return names;
  });

  private readonly clientErrors = computed<readonly FormFieldError[]>(() => {
    const validate = this.sources.validate();
    if (!validate) return [];
    try {
      // Errors about fields hidden by a condition would lead nowhere (`if`/`then` of an absent choice).
      const model = this.model();
      const visible = this.visibleNames();
      return validate(this.effectiveValue()).filter((error) => {
        const name = fieldNameOf(error.pointer);
        return !model.fields.has(name) || visible.has(name);
      });
    } catch (error) {
      // A failing validator must not take the form down with it; the server still checks on submit.
      console.error('Agenda form: the validator failed', error);
      return [];
    }
  });

  private readonly liveExternalErrors = computed(() => {
    const edited = this.editedSinceExternal();
    return this.sources.externalErrors().filter((error) => ![...edited].some((p) => isWithin(p, error.pointer) || isWithin(error.pointer, p)));
  });

  /** Every current error: the server's (until the field is edited) and the client's, without duplicates. */
  readonly errors = computed<readonly FormFieldError[]>(() => {
    const all: FormFieldError[] = [];
    for (const error of [...this.liveExternalErrors(), ...this.clientErrors()]) {
      if (!all.some((e) => sameErrors(e, error))) all.push(error);
    }
    return all;
  });

  /** Errors shown now: server errors always, client errors once touched or after submitting. */
  readonly shownErrors = computed<readonly FormFieldError[]>(() => {
    const submitted = this.submitted();
    const touched = this.touched();
    const external = this.liveExternalErrors();
    return this.errors().filter(
      (error) => submitted || external.includes(error) || [...touched].some((p) => isWithin(error.pointer, p)),
    );
  });

  errorsAt(pointer: string): string[] {
    const lang = this.lang();
    return this.shownErrors()
      .filter((error) => error.pointer === pointer)
      .map((error) => error.message[lang] ?? error.message.cs);
  }

  isRequired(name: string): boolean {
    return this.requiredNames().has(name);
  }

  isEditable(field: FieldModel): boolean {
    if (field.definitionReadonly) return false;
    const editable = this.sources.editableFields();
    return editable.includes(ALL_FIELDS) || editable.includes(field.name);
  }

  controlId(pointer: string): string {
    return `${this.idPrefix}-${pointerToIdPart(pointer)}`;
  }

  read(pointer: string): unknown {
    return readAt(this.data(), pointer);
  }

  update(pointer: string, value: unknown): void {
    this.sources.data.update((data) => writeAt(data, pointer, value));
    this.editedSinceExternal.update((set) => new Set(set).add(pointer));
  }

  touch(pointer: string): void {
    if (!this.touched().has(pointer)) this.touched.update((set) => new Set(set).add(pointer));
  }

  announce(text: string): void {
    // Clearing first makes a repeated sentence ("Přidán řádek 2.") be announced again.
    this.announcement.set('');
    queueMicrotask(() => this.announcement.set(text));
  }

  /** Server errors changed: the edits that outdated the previous ones no longer matter. */
  resetExternalEdits(): void {
    this.editedSinceExternal.set(new Set());
  }

  /** The id of the element an error should lead to (the closest rendered control). */
  targetIdFor(pointer: string): string | null {
    const name = fieldNameOf(pointer);
    const field = this.model().fields.get(name);
    if (!field || !this.visibleNames().has(name)) return null;
    if (field.kind === 'table') {
      const cell = pointer.split('/').length === 4;
      return this.controlId(cell ? pointer : '/' + name);
    }
    return this.controlId('/' + name);
  }

  /** Read-only fields without a value are left out of the filing form (they belong to later steps). */
  private isShown(field: FieldModel, data: FormValue): boolean {
    if (this.isEditable(field) || !this.sources.hideEmptyReadonly()) return true;
    return !isEmpty(data[field.name]);
  }

  private isHiddenReadonly(name: string, data: FormValue): boolean {
    const field = this.model().fields.get(name);
    return !!field && !this.isEditable(field) && isEmpty(data[name]);
  }
}

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
