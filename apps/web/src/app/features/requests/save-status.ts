import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatDateFor } from '../../core/i18n/format';
import { TranslationService } from '../../core/i18n/translation.service';
import type { SaveStatus } from './request-editor';

/** "Uloženo v 14:05" and friends, in a polite live region so screen readers hear it. */
@Component({
  selector: 'ag-save-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-live': 'polite', class: 'save-status', '[attr.data-status]': 'status()' },
  template: `{{ text() }}`,
  styles: `
    :host {
      display: inline-block;
      min-height: 1.5em;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    :host([data-status='invalid']),
    :host([data-status='failed']) {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class SaveStatusLine {
  private readonly i18n = inject(TranslationService);
  readonly status = input.required<SaveStatus>();
  readonly savedAt = input<Date | null>(null);
  readonly failure = input('');
  protected readonly text = computed(() => {
    const i18n = this.i18n;
    switch (this.status()) {
      case 'pending':
        return i18n.t('save.pending');
      case 'saving':
        return i18n.t('save.saving');
      case 'saved':
        return i18n.t('save.saved', { time: formatDateFor(i18n.lang(), this.savedAt() ?? new Date(), 'time') });
      case 'invalid':
        return i18n.t('save.invalid');
      case 'failed':
        return i18n.t('save.failed', { reason: this.failure() });
      default:
        return i18n.t('save.idle');
    }
  });
}
