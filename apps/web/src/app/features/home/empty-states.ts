import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Icon, IconName } from '../../ui/icon';

/** A friendly "nothing here yet" block: an icon, one sentence and a hint. */
@Component({
  selector: 'ag-empty-state',
  imports: [Icon, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ag-icon class="empty-icon" [name]="icon()" />
    <div>
      <p class="empty-title">{{ title() | t }}</p>
      <p class="empty-hint">{{ hint() | t }}</p>
      <ng-content />
    </div>
  `,
  styles: `
    :host {
      display: flex;
      gap: 16px;
      align-items: flex-start;
      padding: 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
    }
    .empty-icon {
      width: 32px;
      height: 32px;
      color: var(--mat-sys-primary);
    }
    p {
      margin: 0;
    }
    .empty-title {
      font-weight: 600;
    }
    .empty-hint {
      margin-top: 4px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class EmptyState {
  readonly icon = input.required<IconName>();
  readonly title = input.required<TranslationKey>();
  readonly hint = input.required<TranslationKey>();
}

/** "Moje úkoly" with no tasks (the inbox arrives in a later issue). */
@Component({
  selector: 'ag-tasks-empty-state',
  imports: [EmptyState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ag-empty-state icon="inbox" title="home.tasksEmpty" hint="home.tasksEmptyHint" />`,
})
export class TasksEmptyState {}

/** "Moje žádosti" with no requests; offers filing a new one. */
@Component({
  selector: 'ag-requests-empty-state',
  imports: [EmptyState, RouterLink, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ag-empty-state icon="requests" title="home.requestsEmpty" hint="home.requestsEmptyHint">
      <a matButton="tonal" routerLink="/nova-zadost" class="empty-action">{{ 'home.requestsEmptyAction' | t }}</a>
    </ag-empty-state>
  `,
  styles: `
    .empty-action {
      margin-top: 12px;
    }
  `,
})
export class RequestsEmptyState {}

/** "Oznámení" with nothing unread. */
@Component({
  selector: 'ag-notifications-empty-state',
  imports: [EmptyState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ag-empty-state icon="notifications" title="home.notificationsEmpty" hint="home.notificationsEmptyHint" />`,
})
export class NotificationsEmptyState {}
