import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { AuthStore } from '../core/auth/auth.store';
import { LOGIN_PATH } from '../core/auth/return-url';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { Icon } from '../ui/icon';

/** The signed-in user's name; opens a menu with "Odhlásit se". */
@Component({
  selector: 'ag-user-menu',
  imports: [MatButtonModule, MatMenuModule, Icon, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (auth.user(); as user) {
      <button matButton type="button" class="user-button" [matMenuTriggerFor]="userMenu">
        <span class="ag-button-content">
          <ag-icon name="account" />
          <span class="user-name">{{ user.displayName }}</span>
        </span>
      </button>
      <mat-menu #userMenu="matMenu" xPosition="before">
        <button mat-menu-item type="button" (click)="logout()">
          <span class="menu-item-content">
            <ag-icon name="logout" />
            <span>{{ 'user.logout' | t }}</span>
          </span>
        </button>
      </mat-menu>
    }
  `,
  styles: `
    .user-button {
      max-width: 16rem;
    }
    .ag-button-content {
      max-width: 100%;
    }
    .menu-item-content {
      display: inline-flex;
      align-items: center;
      gap: 12px;
    }
    .user-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    @media (max-width: 599.98px) {
      /* Visually hidden on phones, still the button's accessible name. */
      .user-name {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .user-button {
        min-width: 48px;
      }
    }
  `,
})
export class UserMenu {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate([LOGIN_PATH], { queryParams: { reason: 'logout' } });
  }
}
