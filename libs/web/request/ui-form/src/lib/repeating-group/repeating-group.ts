import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, input } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import type { FieldModel } from '../model/field-model';
import { fieldPointer } from '../model/data-pointer';
import { formatCzkText, formatNumberText } from '../model/number-text';
import { AgendaFormState } from '../agenda-form/agenda-form-state';
import { FormField } from '../form-field/form-field';

interface ColumnTotal {
  name: string;
  text: string;
}

/**
 * A repeating group (the definition's `table` widget): one fieldset per row with the row's fields,
 * buttons to add and remove rows, and live totals of the number and amount columns.
 */
@Component({
  selector: 'ag-repeating-group',
  imports: [FormField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './repeating-group.html',
  styleUrl: './repeating-group.scss',
})
export class RepeatingGroup {
  protected readonly state = inject(AgendaFormState);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);

  readonly field = input.required<FieldModel>();
  readonly required = input(false);
  readonly editable = input(true);

  protected readonly lang = this.state.lang;
  protected readonly pointer = computed(() => fieldPointer(this.field().name));
  protected readonly id = computed(() => this.state.controlId(this.pointer()));
  protected readonly rows = computed<unknown[]>(() => {
    const value = this.state.read(this.pointer());
    return Array.isArray(value) ? value : [];
  });
  protected readonly canAdd = computed(() => this.editable() && this.rows().length < (this.field().maxItems ?? Infinity));
  protected readonly errors = computed(() => this.state.errorsAt(this.pointer()));
  protected readonly helpId = computed(() => (this.field().help ? `${this.id()}-help` : null));
  protected readonly describedBy = computed(
    () => [this.helpId(), this.errors().length ? `${this.id()}-error` : null].filter(Boolean).join(' ') || null,
  );

  /** Sums of the amount and number columns, recomputed on every keystroke. */
  protected readonly totals = computed<ColumnTotal[]>(() => {
    const lang = this.lang();
    return this.field()
      .columns.filter((column) => column.kind === 'money' || column.kind === 'number')
      .map((column) => {
        const sum = this.rows().reduce<number>((total, row) => {
          const value = (row as Record<string, unknown> | null)?.[column.name];
          return typeof value === 'number' && Number.isFinite(value) ? total + value : total;
        }, 0);
        const value = column.kind === 'money' ? formatCzkText(sum, lang) : formatNumberText(sum, lang);
        return { name: column.name, text: this.state.label('totalOf', { name: column.label[lang], value }) };
      });
  });

  protected cellPointer(row: number, column: FieldModel): string {
    return fieldPointer(this.field().name, row, column.name);
  }

  protected add(): void {
    const index = this.rows().length;
    this.state.update(this.pointer(), [...this.rows(), {}]);
    this.state.announce(this.state.label('rowAdded', { n: index + 1 }));
    this.focusAfterRender(this.state.controlId(this.cellPointer(index, this.field().columns[0])));
  }

  protected remove(index: number): void {
    const rows = this.rows().filter((_, i) => i !== index);
    this.state.update(this.pointer(), rows.length ? rows : undefined);
    this.state.touch(this.pointer());
    this.state.announce(this.state.label('rowRemoved', { n: index + 1 }));
    const next = Math.min(index, rows.length - 1);
    this.focusAfterRender(
      next >= 0 ? this.state.controlId(this.cellPointer(next, this.field().columns[0])) : `${this.id()}-add`,
    );
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => this.document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
