import { Directive, inject, InjectionToken, type Signal } from '@angular/core';

/** What every control of a form field shares: its id, state for assistive technology, and blur. */
export interface FieldControlBinding {
  readonly id: Signal<string>;
  readonly required: Signal<boolean>;
  readonly invalid: Signal<boolean>;
  readonly describedBy: Signal<string | null>;
  leave(): void;
}

export const FIELD_CONTROL = new InjectionToken<FieldControlBinding>('FIELD_CONTROL');

/**
 * Binds a native control to its field: id (the label's `for`), aria-required, aria-invalid,
 * aria-describedby (help and errors) and leaving the field — once, instead of on every widget.
 */
@Directive({
  selector: '[agFieldControl]',
  host: {
    '[id]': 'field.id()',
    '[attr.aria-required]': 'field.required() || null',
    '[attr.aria-invalid]': 'field.invalid() || null',
    '[attr.aria-describedby]': 'field.describedBy()',
    '(blur)': 'field.leave()',
  },
})
export class FieldControl {
  protected readonly field = inject(FIELD_CONTROL);
}
