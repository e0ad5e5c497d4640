import { ChangeDetectionStrategy, Component, computed, forwardRef, inject, input, signal } from '@angular/core';
import type { FieldModel } from '../model/field-model';
import { parseJsonPointer, toJsonPointer } from '@agendy/shared/util';
import { formatCzkText, numberToText, parseNumberText } from '../model/number-text';
import { AgendaFormState } from '../agenda-form/agenda-form-state';
import { FIELD_CONTROL, FieldControl, type FieldControlBinding } from './field-control.directive';

/** `2026-11-27T08:00:00.000Z` → `2026-11-27T09:00` in the browser's (the office's) time zone. */
function isoToLocalInput(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * One labelled control of an agenda form (text, long text, number, amount in CZK, date, date and
 * time, time, choice, yes/no, e-mail, list of values) with its help text and errors bound to it.
 */
@Component({
  selector: 'ag-form-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './form-field.html',
  styleUrl: './form-field.scss',
  imports: [FieldControl],
  providers: [{ provide: FIELD_CONTROL, useExisting: forwardRef(() => FormField) }],
})
export class FormField implements FieldControlBinding {
  protected readonly state = inject(AgendaFormState);

  readonly field = input.required<FieldModel>();
  /** JSON pointer of the value, `/applicantName` or `/budget/0/amount`. */
  readonly pointer = input.required<string>();
  readonly required = input(false);
  readonly editable = input(true);

  /** Text being typed into a number or list field, kept until the field loses focus. */
  private readonly draft = signal<string | null>(null);

  protected readonly lang = this.state.lang;
  readonly id = computed(() => this.state.controlId(this.pointer()));
  protected readonly value = computed(() => this.state.read(this.pointer()));
  protected readonly errors = computed(() => this.state.errorsAt(this.pointer()));
  readonly invalid = computed(() => this.errors().length > 0);
  protected readonly helpId = computed(() => (this.field().help ? `${this.id()}-help` : null));
  protected readonly errorId = computed(() => `${this.id()}-error`);
  readonly describedBy = computed(
    () => [this.helpId(), this.invalid() ? this.errorId() : null].filter(Boolean).join(' ') || null,
  );

  protected readonly textValue = computed(() => {
    const value = this.value();
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });

  protected readonly numberText = computed(() => this.draft() ?? numberToText(this.value(), this.lang()));
  protected readonly listText = computed(() => {
    const value = this.value();
    return this.draft() ?? (Array.isArray(value) ? value.join(', ') : '');
  });
  protected readonly datetimeText = computed(() => isoToLocalInput(this.value()));
  protected readonly currencySuffix = computed(() => (this.lang() === 'cs' ? 'Kč' : 'CZK'));

  protected readonly selectedIndex = computed(() =>
    this.field().options.findIndex((option) => option.value === this.value()),
  );

  /** The start of a date range (`dateFrom` for `dateTo`, `projectStart` for `projectEnd`): the end may not precede it. */
  protected readonly minDate = computed(() => {
    const segments = parseJsonPointer(this.pointer());
    const name = segments[segments.length - 1] ?? '';
    const match = /^(.*)(To|End)$/.exec(name);
    if (!match) return null;
    for (const start of ['From', 'Start']) {
      const sibling = this.state.read(toJsonPointer([...segments.slice(0, -1), match[1] + start]));
      if (typeof sibling === 'string' && sibling) return this.field().kind === 'datetime' ? isoToLocalInput(sibling) : sibling;
    }
    return null;
  });

  /** What a read-only field shows. */
  protected readonly readonlyText = computed(() => {
    const field = this.field();
    const value = this.value();
    const lang = this.lang();
    if (value === undefined || value === null || value === '') return this.state.label('notFilled');
    if (field.options.length) return field.options.find((o) => o.value === value)?.label[lang] ?? String(value);
    if (typeof value === 'boolean') return this.state.label(value ? 'yes' : 'no');
    if (field.kind === 'money' && typeof value === 'number') return formatCzkText(value, lang);
    if (field.kind === 'datetime') return this.datetimeText().replace('T', ' ');
    if (Array.isArray(value)) return value.join(', ');
    return typeof value === 'number' ? numberToText(value, lang) : String(value);
  });

  protected setText(text: string): void {
    this.state.update(this.pointer(), text === '' ? undefined : text);
  }

  protected setDatetime(text: string): void {
    const date = new Date(text);
    this.state.update(this.pointer(), text === '' || Number.isNaN(date.getTime()) ? undefined : date.toISOString());
  }

  protected setNumber(text: string): void {
    this.draft.set(text);
    const parsed = parseNumberText(text);
    // Text that is not a number stays as typed, so that validation tells the person what is wrong.
    this.state.update(this.pointer(), parsed === null ? undefined : Number.isNaN(parsed) ? text : parsed);
  }

  protected setList(text: string): void {
    this.draft.set(text);
    const items = text
      .split(/[,;\n]/)
      .map((item) => item.trim())
      .filter(Boolean);
    this.state.update(this.pointer(), items.length ? items : undefined);
  }

  protected setOption(indexText: string): void {
    const option = this.field().options[Number(indexText)];
    this.state.update(this.pointer(), indexText === '' || !option ? undefined : option.value);
  }

  protected setChecked(checked: boolean): void {
    this.state.update(this.pointer(), checked);
    this.state.touch(this.pointer());
  }

  protected startEditingNumber(): void {
    const value = this.value();
    this.draft.set(typeof value === 'number' ? String(value).replace('.', this.lang() === 'cs' ? ',' : '.') : this.numberText());
  }

  leave(): void {
    this.draft.set(null);
    this.state.touch(this.pointer());
  }
}
