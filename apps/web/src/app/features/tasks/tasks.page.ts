import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { TaskItem } from '@agendy/shared/contracts';
import { TasksService } from '@agendy/web/request/data-access';
import { AuthStore } from '../../core/auth/auth.store';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { StateChip } from '../requests/state-chip';
import { isOverdue, sortByDeadline, type SortDirection } from './task-sort';

/** `/moje-ukoly`: my inbox — assigned to me, via substitution, pooled (claim / release); by deadline. */
@Component({
  selector: 'ag-tasks-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe, StateChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tasks.page.html',
  styleUrl: '../requests/list-pages.scss',
})
export class TasksPage {
  private readonly tasks = inject(TasksService);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly me = inject(AuthStore).user;
  protected readonly lang = this.i18n.lang;
  protected readonly list = this.tasks.pagedList(() => ({ limit: 100 }));
  protected readonly direction = signal<SortDirection>('asc');
  protected readonly now = signal(new Date());
  protected readonly rows = computed(() => sortByDeadline(this.list.items(), this.direction()));
  protected readonly status = signal('');
  protected readonly working = signal<string | null>(null);

  constructor() {
    void this.list.reload();
  }

  protected toggleSort(): void {
    this.direction.update((d) => (d === 'asc' ? 'desc' : 'asc'));
  }

  protected overdue(task: TaskItem): boolean {
    return isOverdue(task, this.now());
  }

  protected claimedByMe(task: TaskItem): boolean {
    return task.claimedBy?.id === this.me()?.id;
  }

  protected async claim(task: TaskItem, claim: boolean): Promise<void> {
    this.working.set(task.id);
    try {
      if (claim) await this.tasks.claim(task.id);
      else await this.tasks.release(task.id);
      const me = this.me();
      this.list.update(
        (t) => t.id === task.id,
        (t) => ({ ...t, claimedBy: claim && me ? { id: me.id, username: me.username, displayName: me.displayName } : null }),
      );
      this.status.set(this.i18n.t(claim ? 'tasks.claimed' : 'tasks.released', { ref: task.request.reference }));
    } catch (error) {
      this.status.set(this.errors.describe(error).message);
      void this.list.reload();
    } finally {
      this.working.set(null);
    }
  }

  protected viaKey(task: TaskItem): TranslationKey {
    return `tasks.via.${task.via}`;
  }

  protected describe(error: unknown): string {
    return this.errors.describe(error).message;
  }
}
