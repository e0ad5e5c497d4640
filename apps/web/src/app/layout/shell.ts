import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { map } from 'rxjs';
import { AuthStore } from '../core/auth/auth.store';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { Brand } from '../ui/brand';
import { Icon } from '../ui/icon';
import { LanguageToggle } from '../ui/language-toggle';
import { NAV_ITEMS } from './nav-items';
import { NotificationBell } from './notification-bell';
import { UserMenu } from './user-menu';

/** Below this width the navigation becomes a drawer behind the menu button. */
export const HANDSET_QUERY = '(max-width: 959.98px)';

@Component({
  selector: 'ag-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatButtonModule,
    Brand,
    Icon,
    LanguageToggle,
    UserMenu,
    NotificationBell,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly auth = inject(AuthStore);
  private readonly sidenav = viewChild.required<MatSidenav>('sidenav');

  protected readonly isHandset = toSignal(
    inject(BreakpointObserver)
      .observe(HANDSET_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  protected readonly navItems = computed(() =>
    NAV_ITEMS.filter((item) => !item.roles || this.auth.hasAnyRole(item.roles) || (item.agendaAdmins === true && this.auth.administersAgendas())),
  );

  protected closeOnHandset(): void {
    if (this.isHandset()) void this.sidenav().close();
  }
}
