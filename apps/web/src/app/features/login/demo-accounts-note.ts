import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/**
 * The demo accounts hint on the login page. Kept in one component so it can be removed (or shown
 * only when `GET /api/v1/config` says the server runs in demo mode) by touching one line.
 */
@Component({
  selector: 'ag-demo-accounts-note',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <aside class="demo-note" [attr.aria-label]="'login.demoHeading' | t">
      <p>{{ 'login.demoText' | t }}</p>
    </aside>
  `,
  styles: `
    .demo-note {
      margin-top: 24px;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.875rem;
      line-height: 1.4;
    }
    p {
      margin: 0;
    }
  `,
})
export class DemoAccountsNote {}
