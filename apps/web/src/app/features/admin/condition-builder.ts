import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { OPERATORS, fromLogic, parseValue, toLogic, type Operator } from './model/condition';
import { properties, valueTypeOf } from './model/field-kinds';

/**
 * A condition as "field – comparison – value" ("částka > 50 000"); anything more complex is shown
 * and edited as JSONLogic text. Emits the JSONLogic, or null when the condition is removed.
 */
@Component({
  selector: 'ag-condition-builder',
  imports: [FormsModule, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    @let simple = parsed();
    @if (logic() === null || simple) {
      <div class="row" role="group" [attr.aria-label]="'admin.cond.label' | t">
        <div class="field">
          <label [for]="idPrefix() + '-field'">{{ 'admin.cond.field' | t }}</label>
          <select [id]="idPrefix() + '-field'" [disabled]="disabled()" [ngModel]="simple?.field ?? ''" (ngModelChange)="change($event, simple?.op ?? '>', valueText())">
            <option value="">{{ 'admin.cond.none' | t }}</option>
            @for (f of fields(); track f.name) {
              <option [value]="f.name">{{ f.label }}</option>
            }
          </select>
        </div>
        @if (simple) {
          <div class="field">
            <label [for]="idPrefix() + '-op'">{{ 'admin.cond.op' | t }}</label>
            <select [id]="idPrefix() + '-op'" [disabled]="disabled()" [ngModel]="simple.op" (ngModelChange)="change(simple.field, $event, valueText())">
              @for (op of operators; track op) {
                <option [value]="op">{{ op }}</option>
              }
            </select>
          </div>
          <div class="field">
            <label [for]="idPrefix() + '-value'">{{ 'admin.cond.value' | t }}</label>
            <input [id]="idPrefix() + '-value'" [disabled]="disabled()" [ngModel]="valueText()" (ngModelChange)="change(simple.field, simple.op, $event)" [ngModelOptions]="{ updateOn: 'blur' }" />
          </div>
        }
      </div>
      @if (valueError()) {
        <p class="error-text" role="alert">{{ 'admin.cond.badValue' | t }}</p>
      }
    } @else {
      <label class="field field--wide">
        <span>{{ 'admin.cond.json' | t }}</span>
        <textarea class="code" rows="3" [disabled]="disabled()" [value]="json()" (change)="changeJson($any($event.target).value)"></textarea>
      </label>
      <button matButton type="button" [disabled]="disabled()" (click)="logicChange.emit(null)">{{ 'admin.cond.clear' | t }}</button>
    }
  `,
})
export class ConditionBuilder {
  private readonly i18n = inject(TranslationService);
  readonly definition = input.required<AgendaDefinition>();
  readonly logic = input<unknown>(null);
  readonly disabled = input(false);
  readonly idPrefix = input('cond');
  readonly logicChange = output<unknown>();
  protected readonly operators = OPERATORS;
  protected readonly valueError = signal(false);

  protected readonly parsed = computed(() => fromLogic(this.logic()));
  protected readonly valueText = computed(() => {
    const v = this.parsed()?.value;
    return v === undefined ? '' : String(v);
  });
  protected readonly json = computed(() => JSON.stringify(this.logic()));
  protected readonly fields = computed(() => {
    const d = this.definition();
    return Object.keys(properties(d)).map((name) => ({ name, label: `${d.form.ui.fields[name]?.label?.[this.i18n.lang()] ?? name} (${name})` }));
  });

  protected change(field: string, op: Operator, valueText: string): void {
    if (!field) {
      this.valueError.set(false);
      this.logicChange.emit(null);
      return;
    }
    const type = valueTypeOf(this.definition(), field);
    const value = parseValue(valueText, type) ?? (type === 'number' ? 0 : type === 'boolean' ? true : '');
    this.valueError.set(valueText.trim() !== '' && parseValue(valueText, type) === null);
    this.logicChange.emit(toLogic({ field, op, value }));
  }

  protected changeJson(text: string): void {
    try {
      this.logicChange.emit(JSON.parse(text));
    } catch {
      this.valueError.set(true);
    }
  }
}
