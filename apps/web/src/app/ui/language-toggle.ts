import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';
import { Icon } from './icon';

/**
 * Switches between Czech and English. The label is written in the target language ("English" /
 * "Čeština") and marked with its `lang`, as WCAG 3.1.2 asks.
 */
@Component({
  selector: 'ag-language-toggle',
  imports: [MatButtonModule, Icon, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button matButton type="button" class="lang-toggle" (click)="i18n.toggle()" [attr.lang]="i18n.otherLang()">
      <span class="ag-button-content">
        <ag-icon name="translate" />
        <span>{{ 'lang.switch' | t }}</span>
      </span>
    </button>
  `,
  styles: `
    @media (max-width: 599.98px) {
      .lang-toggle {
        --mat-button-text-horizontal-padding: 8px;
      }
    }
  `,
})
export class LanguageToggle {
  protected readonly i18n = inject(TranslationService);
}
