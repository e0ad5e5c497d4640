import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerStore } from './designer-store';

/** The whole definition as JSON text (the export format); valid JSON is applied and validated as you type. */
@Component({
  selector: 'ag-json-panel',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <label class="field field--wide">
      <span>{{ 'admin.json.label' | t }}</span>
      <textarea
        class="code"
        rows="30"
        spellcheck="false"
        [readonly]="!store.editable()"
        [value]="editing() ? frozen() : text()"
        (focus)="frozen.set(text()); editing.set(true)"
        (blur)="editing.set(false)"
        (input)="edit($any($event.target).value)"
        [attr.aria-invalid]="syntax() !== null"
        aria-describedby="json-status"
      ></textarea>
    </label>
    <p id="json-status" role="status" [class.error-text]="syntax() !== null">
      @if (syntax(); as err) {
        {{ 'admin.json.syntax' | t }} {{ err }}
      } @else if (store.validating()) {
        {{ 'admin.validating' | t }}
      } @else if (store.errors().length) {
        {{ 'admin.errors.count' | t: { n: store.errors().length } }}
      } @else {
        {{ 'admin.errors.none' | t }}
      }
    </p>
  `,
})
export class JsonPanel {
  protected readonly store = inject(DesignerStore);
  private readonly i18n = inject(TranslationService);
  protected readonly text = computed(() => JSON.stringify(this.store.definition(), null, 2));
  protected readonly editing = signal(false);
  protected readonly frozen = signal('');
  protected readonly syntax = signal<string | null>(null);

  protected edit(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      this.syntax.set(e instanceof Error ? e.message : String(e));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.syntax.set(this.i18n.t('admin.json.notObject'));
      return;
    }
    this.syntax.set(null);
    this.store.replace(parsed as AgendaDefinition);
  }
}
