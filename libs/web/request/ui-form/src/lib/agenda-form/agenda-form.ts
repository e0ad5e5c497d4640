import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  untracked,
  viewChild,
} from '@angular/core';
import { sameJson } from '@agendy/shared/util';
import { buildFormModel } from '../model/field-model';
import type { FormLabels } from '../model/form-labels';
import type {
  AgendaFormSpec,
  AttachmentSelection,
  FormFieldError,
  FormLang,
  FormValidator,
  FormValidity,
  FormValue,
} from '../model/form-spec';
import { ALL_FIELDS } from '../model/form-spec';
import { AttachmentField } from '../attachment-field/attachment-field';
import { FormErrorSummary } from '../error-summary/error-summary';
import { FormField } from '../form-field/form-field';
import { RepeatingGroup } from '../repeating-group/repeating-group';
import { AgendaFormState } from './agenda-form-state';

/**
 * Renders an agenda's form from its definition (JSON Schema + UI hints): sections in order,
 * labelled controls, repeating groups with totals, attachments, conditional parts, and errors at
 * the fields they concern plus a summary after `revealErrors()`.
 *
 * ```html
 * <ag-agenda-form [form]="definition.form" [lang]="lang()" [value]="data()" [validate]="validate"
 *   [errors]="serverErrors()" (valueChange)="data.set($event)" (validityChange)="validity.set($event)" />
 * ```
 */
@Component({
  selector: 'ag-agenda-form',
  imports: [FormField, RepeatingGroup, AttachmentField, FormErrorSummary],
  providers: [AgendaFormState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agenda-form.html',
  styleUrl: './agenda-form.scss',
})
export class AgendaForm {
  protected readonly state = inject(AgendaFormState);
  private readonly injector = inject(Injector);

  /** The agenda's form: `definition.form` (schema + ui). */
  readonly form = input.required<AgendaFormSpec>();
  /** Language of labels, help texts and messages. */
  readonly lang = input<FormLang>('cs');
  /** The data to show; the form keeps its own copy while the person types. */
  readonly value = input<FormValue>({});
  /** Fields that may be changed in this step (`['*']`: all); the others are shown read-only. */
  readonly editableFields = input<readonly string[]>([ALL_FIELDS]);
  /** Errors from elsewhere (the server), by JSON pointer; an error disappears once its field is edited. */
  readonly errors = input<readonly FormFieldError[]>([]);
  /** Client-side validation (apps/web: the engine's `validateForm`). */
  readonly validate = input<FormValidator | null>(null);
  /** Overrides of the renderer's own texts. */
  readonly labels = input<Partial<FormLabels> | null>(null);
  /** Leave out read-only fields without a value (the later steps' fields on a filing form). */
  readonly hideEmptyReadonly = input(true);
  /** Delay of `valueChange` after the last keystroke, in ms. */
  readonly debounceMs = input(300);

  /** The data of the visible fields, debounced. */
  readonly valueChange = output<FormValue>();
  /** Whether the data is valid and its errors; emitted whenever that changes. */
  readonly validityChange = output<FormValidity>();
  /** Files chosen in an attachment field, to be uploaded by the caller. */
  readonly attachmentsSelected = output<AttachmentSelection>();

  private readonly summary = viewChild(FormErrorSummary);
  private lastEmitted: FormValue | null = null;

  /** The working copy: reset when the caller passes new data, but not when it echoes ours back. */
  private readonly data = linkedSignal<FormValue, FormValue>({
    source: this.value,
    computation: (source, previous) =>
      previous && source === this.lastEmitted ? previous.value : (source ?? {}),
  });

  /** Validity of the current data (every error, shown or not yet). */
  readonly validity = computed<FormValidity>(() => {
    const errors = this.state.errors();
    return { valid: errors.length === 0, errors };
  });

  protected readonly summaryVisible = computed(() => this.state.submitted() && this.state.shownErrors().length > 0);

  constructor() {
    this.state.connect(
      {
        model: computed(() => buildFormModel(this.form())),
        lang: this.lang,
        labels: this.labels,
        data: this.data,
        editableFields: this.editableFields,
        externalErrors: this.errors,
        validate: this.validate,
        hideEmptyReadonly: this.hideEmptyReadonly,
      },
      (selection) => this.attachmentsSelected.emit(selection),
    );

    effect(() => {
      this.errors();
      untracked(() => this.state.resetExternalEdits());
    });

    // What the caller last knew: the data it passed in or the data we last reported. After each
    // save the page passes in new but equal data (and a new editable-field list); reporting that
    // as a change would start the next save, and so on forever.
    let known: FormValue = {};
    effect(() => {
      known = this.value() ?? {};
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    effect(() => {
      const value = this.state.effectiveValue();
      if (first) {
        first = false;
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (sameJson(value, known)) return;
        known = value;
        this.lastEmitted = value;
        this.valueChange.emit(value);
      }, untracked(this.debounceMs));
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(timer));

    let lastValidity = '';
    effect(() => {
      const validity = this.validity();
      const key = JSON.stringify(validity.errors.map((e) => [e.pointer, e.message.cs]));
      if (key === lastValidity) return;
      lastValidity = key;
      this.validityChange.emit(validity);
    });
  }

  /**
   * Shows every error at its field and, if there are any, the summary at the top with the focus
   * on it. Call it when the person submits; returns the validity.
   */
  revealErrors(): FormValidity {
    this.state.submitted.set(true);
    const validity = this.validity();
    if (!validity.valid) afterNextRender(() => this.summary()?.focus(), { injector: this.injector });
    return validity;
  }

  /** The current data of the visible fields, without waiting for the debounce. */
  currentValue(): FormValue {
    return this.state.effectiveValue();
  }
}
