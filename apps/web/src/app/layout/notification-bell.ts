import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { NotificationItem } from '@agendy/shared/contracts';
import { NotificationsStore } from '@agendy/web/request/data-access';
import { AuthStore } from '../core/auth/auth.store';
import { AgDatePipe } from '../core/i18n/format.pipes';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';
import { Icon } from '../ui/icon';
import { VACANCIES_PATH, isAssignmentAlert } from '../features/admin/vacancy-text';

/**
 * The bell in the header: unread count (live from the notification stream) and a panel with the latest
 * notifications; opening one marks it read and goes to its request — an assignment alert (work nobody
 * can act for, issue 19) to the vacancies page of the agenda administrators, with its request marked.
 */
@Component({
  selector: 'ag-notification-bell',
  imports: [MatButtonModule, TranslatePipe, AgDatePipe, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'close(true)', '(document:click)': 'outside($event)' },
  template: `
    <button
      #bell
      matIconButton
      type="button"
      class="bell"
      aria-controls="notification-panel"
      [attr.aria-expanded]="open()"
      [attr.aria-label]="label()"
      (click)="toggle()"
    >
      <ag-icon name="notifications" />
      @if (store.unread() > 0) {
        <span class="bell__count" aria-hidden="true">{{ store.unread() > 99 ? '99+' : store.unread() }}</span>
      }
    </button>
    <div id="notification-panel" class="panel" role="region" [attr.aria-label]="'notifications.panel' | t" [hidden]="!open()">
      <div class="panel__head">
        <h2 #heading class="panel__title" tabindex="-1">{{ 'notifications.heading' | t }}</h2>
        @if (store.unread() > 0) {
          <button matButton type="button" (click)="markAll()">{{ 'notifications.markAllRead' | t }}</button>
        }
      </div>
      @if (store.items().length) {
        <ul class="panel__list">
          @for (item of store.items(); track item.id) {
            <li class="panel__item" [class.unread]="!item.readAt">
              <button type="button" class="panel__open" (click)="openItem(item)">
                @if (!item.readAt) {
                  <span class="panel__new">{{ 'notifications.new' | t }}</span>
                }
                <span class="panel__text">{{ item.message[lang()] }}</span>
                <span class="panel__meta">
                  {{ item.request?.reference }} {{ item.createdAt | agDate: 'dateTime' }}
                </span>
              </button>
              @if (!item.readAt) {
                <button matButton type="button" class="panel__mark" [attr.aria-label]="('notifications.markRead' | t) + ': ' + item.message[lang()]" (click)="markRead(item)">
                  {{ 'notifications.markRead' | t }}
                </button>
              }
            </li>
          }
        </ul>
      } @else if (!store.loading()) {
        <p class="panel__empty">{{ 'notifications.empty' | t }}</p>
      }
    </div>
  `,
  styles: `
    :host {
      position: relative;
      display: inline-block;
    }
    .bell {
      position: relative;
    }
    .bell__count {
      position: absolute;
      top: 2px;
      right: 0;
      min-width: 18px;
      padding: 0 4px;
      box-sizing: border-box;
      border-radius: 9px;
      background: #ffdad6;
      color: #410002;
      font: 700 12px/18px var(--ag-font);
      text-align: center;
    }
    .panel {
      position: absolute;
      right: 0;
      top: calc(100% + 4px);
      z-index: 20;
      width: min(400px, calc(100vw - 16px));
      max-height: min(70vh, 560px);
      overflow-y: auto;
      box-sizing: border-box;
      padding: 12px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      box-shadow: var(--mat-sys-level3);
      font: var(--mat-sys-body-medium);
      --ag-focus-ring: var(--mat-sys-primary);
      --mat-focus-indicator-border-color: var(--mat-sys-primary);
    }
    /* The toolbar paints its buttons white; the panel is light. */
    .panel .mat-mdc-button-base.mat-mdc-button-base.mat-unthemed {
      --mat-button-text-label-text-color: var(--mat-sys-primary);
      --mat-button-text-state-layer-color: var(--mat-sys-primary);
      color: var(--mat-sys-primary);
    }
    .panel__text {
      font: var(--mat-sys-body-large);
    }
    .panel[hidden] {
      display: none;
    }
    .panel__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .panel__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .panel__list {
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
    }
    .panel__item {
      padding: 8px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .panel__open {
      display: flex;
      flex-direction: column;
      gap: 2px;
      width: 100%;
      padding: 4px;
      border: none;
      background: none;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .unread .panel__text {
      font-weight: 700;
    }
    .panel__new {
      align-self: flex-start;
      padding: 0 6px;
      border-radius: 999px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-small);
    }
    .panel__meta,
    .panel__empty {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class NotificationBell {
  protected readonly store = inject(NotificationsStore);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  private readonly host = inject(ElementRef<HTMLElement>);
  private readonly bell = viewChild.required<ElementRef<HTMLButtonElement>>('bell');
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');
  protected readonly lang = this.i18n.lang;
  protected readonly open = signal(false);
  protected readonly label = computed(() => {
    const n = this.store.unread();
    return n > 0 ? this.i18n.t('notifications.bellUnread', { n }) : this.i18n.t('notifications.bell');
  });

  constructor() {
    inject(DestroyRef).onDestroy(this.store.startPolling());
  }

  protected toggle(): void {
    if (this.open()) {
      this.close(false);
      return;
    }
    this.open.set(true);
    void this.store.load({ limit: 20 }).catch(() => undefined);
    setTimeout(() => this.heading().nativeElement.focus());
  }

  close(returnFocus: boolean): void {
    if (!this.open()) return;
    this.open.set(false);
    if (returnFocus) this.bell().nativeElement.focus();
  }

  protected outside(event: Event): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) this.close(false);
  }

  protected async markRead(item: NotificationItem): Promise<void> {
    await this.store.markRead(item.id).catch(() => undefined);
  }

  protected async markAll(): Promise<void> {
    await this.store.markAllRead().catch(() => undefined);
  }

  protected async openItem(item: NotificationItem): Promise<void> {
    if (!item.readAt) void this.store.markRead(item.id).catch(() => undefined);
    this.close(false);
    if (isAssignmentAlert(item)) {
      // System administrators are told only when an agenda has no administrator; the alert says all they may know.
      if (this.auth.hasAnyRole(['agenda-admin']) || this.auth.administersAgendas()) {
        await this.router.navigate([VACANCIES_PATH], item.request ? { queryParams: { zadost: item.request.id } } : {});
      }
      return;
    }
    if (item.request) await this.router.navigate(['/zadosti', item.request.id]);
  }
}
