import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { map } from 'rxjs';
import { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** "Připravujeme": the page heading comes from the route's `data.heading` translation key. */
@Component({
  selector: 'ag-coming-soon-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ heading() | t }}</h1>
    <div class="coming-soon">
      <p class="badge">{{ 'placeholder.heading' | t }}</p>
      <p>{{ 'placeholder.text' | t }}</p>
      <a matButton="outlined" routerLink="/">{{ 'placeholder.back' | t }}</a>
    </div>
  `,
  styles: `
    h1 {
      margin: 0 0 16px;
      font: var(--mat-sys-headline-medium);
    }
    .coming-soon {
      padding: 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
    }
    .badge {
      display: inline-block;
      margin: 0;
      padding: 2px 10px;
      border-radius: 999px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      font-weight: 600;
    }
  `,
})
export class ComingSoonPage {
  private readonly data = toSignal(inject(ActivatedRoute).data.pipe(map((data) => data['heading'] as TranslationKey | undefined)));
  protected readonly heading = computed<TranslationKey>(() => this.data() ?? 'placeholder.heading');
}
