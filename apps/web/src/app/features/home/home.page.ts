import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaUsageResponse, NotificationItem, RequestSummary, TaskItem } from '@agendy/shared/contracts';
import { NotificationsStore, RequestsService, TasksService } from '@agendy/web/request/data-access';
import { AuthStore } from '../../core/auth/auth.store';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { Icon } from '../../ui/icon';
import { StateChip } from '../requests/state-chip';
import { isOverdue, sortByDeadline } from '../tasks/task-sort';
import { ClockWidget } from '../attendance/clock-widget';
import { NotificationsEmptyState, RequestsEmptyState, TasksEmptyState } from './empty-states';
import { VACANCIES_PATH, isAssignmentAlert } from '../admin/vacancy-text';

@Component({
  selector: 'ag-home-page',
  imports: [
    RouterLink,
    MatButtonModule,
    TranslatePipe,
    AgDatePipe,
    Icon,
    StateChip,
    TasksEmptyState,
    RequestsEmptyState,
    NotificationsEmptyState,
    ClockWidget,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
})
export class HomePage {
  private readonly tasksApi = inject(TasksService);
  private readonly requestsApi = inject(RequestsService);
  private readonly notificationsStore = inject(NotificationsStore);
  private readonly auth = inject(AuthStore);
  protected readonly user = this.auth.user;
  protected readonly vacanciesPath = VACANCIES_PATH;
  protected readonly lang = inject(TranslationService).lang;
  protected readonly today = new Date();

  private readonly allTasks = signal<TaskItem[]>([]);
  protected readonly taskCount = computed(() => this.allTasks().length);
  protected readonly tasks = computed(() => sortByDeadline(this.allTasks(), 'asc').slice(0, 5));
  protected readonly requests = signal<RequestSummary[]>([]);
  protected readonly notifications = signal<NotificationItem[]>([]);
  /** The agendas I file most (from my filings), as one-click shortcuts to a new request. */
  protected readonly shortcuts = signal<AgendaUsageResponse['items']>([]);

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    // Each block loads on its own: one failing leaves the others (and its empty state) in place.
    await Promise.allSettled([
      this.tasksApi.list({ limit: 50 }).then((page) => this.allTasks.set(page.items)),
      this.requestsApi.list({ limit: 5 }).then((page) => this.requests.set(page.items)),
      this.notificationsStore.load({ unreadOnly: true, limit: 5 }).then((items) => this.notifications.set(items)),
      this.requestsApi.agendaUsage().then((usage) => this.shortcuts.set(usage.items.slice(0, 4))),
    ]);
  }

  /** An assignment alert links the agenda administrators' vacancies page (issue 19), its request marked there. */
  protected vacanciesQuery(item: NotificationItem): Record<string, string> | null {
    if (!isAssignmentAlert(item) || !(this.auth.hasAnyRole(['agenda-admin']) || this.auth.administersAgendas())) return null;
    return item.request ? { zadost: item.request.id } : {};
  }

  protected overdue(task: TaskItem): boolean {
    return isOverdue(task, this.today);
  }

  protected async markRead(item: NotificationItem): Promise<void> {
    await this.notificationsStore.markRead(item.id).catch(() => undefined);
    this.notifications.update((list) => list.filter((n) => n.id !== item.id));
  }
}
