import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { LocalizedText } from '@agendy/shared/util';
import { TranslationService } from '../../core/i18n/translation.service';

/** The state of a request as a readable label, coloured by how it ended (if it did). */
@Component({
  selector: 'ag-state-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'state-chip', '[attr.data-tone]': 'tone()' },
  template: `{{ label()[lang()] }}`,
  styles: `
    :host {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    :host([data-tone='positive']) {
      background: #d3f0dc;
      color: #0b4a22;
    }
    :host([data-tone='negative']) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    :host([data-tone='closed']) {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
  `,
})
export class StateChip {
  protected readonly lang = inject(TranslationService).lang;
  readonly label = input.required<LocalizedText>();
  readonly outcome = input<string | null>(null);
  readonly final = input(false);
  /** The state id, to colour approvals that are not final yet (e.g. `approved`). */
  readonly stateId = input<string | null>(null);
  protected readonly tone = computed(() => {
    const outcome = this.outcome();
    if (outcome === 'approved' || outcome === 'completed' || this.stateId() === 'approved') return 'positive';
    if (outcome === 'rejected') return 'negative';
    if (this.final()) return 'closed';
    return 'open';
  });
}
