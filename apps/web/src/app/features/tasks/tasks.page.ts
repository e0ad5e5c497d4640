import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { BulkActionRef, BulkTransitionResponse, TaskItem } from '@agendy/shared/contracts';
import { TasksService } from '@agendy/web/request/data-access';
import { AuthStore } from '../../core/auth/auth.store';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { StateChip } from '../requests/state-chip';
import { commonBulkActions, filterByAgenda, type AgendaOption, agendaOptions } from './task-bulk';
import { isOverdue, sortByDeadline, type SortDirection } from './task-sort';

/**
 * `/moje-ukoly`: my inbox — assigned to me, via substitution, pooled (claim / release); by
 * deadline, filtered by agenda; steps the agenda allows in bulk (approve without a comment) can be
 * taken on several selected requests at once, with a result per request.
 */
@Component({
  selector: 'ag-tasks-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe, StateChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tasks.page.html',
  styleUrls: ['../requests/list-pages.scss', './tasks.page.scss'],
})
export class TasksPage {
  private readonly tasks = inject(TasksService);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly me = inject(AuthStore).user;
  protected readonly lang = this.i18n.lang;
  protected readonly list = this.tasks.pagedList(() => ({ limit: 100 }));
  protected readonly direction = signal<SortDirection>('asc');
  protected readonly agenda = signal('');
  protected readonly now = signal(new Date());
  protected readonly agendas = computed<AgendaOption[]>(() => agendaOptions(this.list.items(), this.lang()));
  protected readonly rows = computed(() => sortByDeadline(filterByAgenda(this.list.items(), this.agenda()), this.direction()));
  protected readonly status = signal('');
  protected readonly working = signal<string | null>(null);

  /** Selected task ids (only tasks with a bulk step can be selected; hidden rows drop out). */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly selectable = computed(() => this.rows().filter((t) => t.bulkActions.length > 0));
  protected readonly selection = computed(() => this.selectable().filter((t) => this.selected().has(t.id)));
  protected readonly allSelected = computed(() => this.selectable().length > 0 && this.selection().length === this.selectable().length);
  protected readonly bulkActions = computed(() => commonBulkActions(this.selection()));
  protected readonly confirming = signal<BulkActionRef | null>(null);
  protected readonly bulkBusy = signal(false);
  protected readonly bulkResult = signal<{ action: BulkActionRef; response: BulkTransitionResponse } | null>(null);
  private readonly resultHeading = viewChild('resultHeading', { read: ElementRef<HTMLElement> });
  private readonly confirmButton = viewChild('confirmButton', { read: ElementRef<HTMLButtonElement> });

  constructor() {
    void this.list.reload();
  }

  protected toggleSort(): void {
    this.direction.update((d) => (d === 'asc' ? 'desc' : 'asc'));
  }

  protected filterAgenda(code: string): void {
    this.agenda.set(code);
    this.confirming.set(null);
  }

  protected overdue(task: TaskItem): boolean {
    return isOverdue(task, this.now());
  }

  protected claimedByMe(task: TaskItem): boolean {
    return task.claimedBy?.id === this.me()?.id;
  }

  protected isSelected(task: TaskItem): boolean {
    return this.selected().has(task.id);
  }

  protected toggle(task: TaskItem, on: boolean): void {
    this.selected.update((set) => {
      const next = new Set(set);
      if (on) next.add(task.id);
      else next.delete(task.id);
      return next;
    });
    this.confirming.set(null);
  }

  protected toggleAll(on: boolean): void {
    this.selected.set(new Set(on ? this.selectable().map((t) => t.id) : []));
    this.confirming.set(null);
  }

  protected askBulk(action: BulkActionRef): void {
    this.confirming.set(action);
    this.bulkResult.set(null);
    setTimeout(() => this.confirmButton()?.nativeElement.focus());
  }

  protected cancelBulk(): void {
    this.confirming.set(null);
  }

  protected async runBulk(action: BulkActionRef): Promise<void> {
    const items = this.selection().map((t) => ({ requestId: t.request.id, expectedVersion: t.request.version }));
    if (!items.length) return;
    this.bulkBusy.set(true);
    try {
      const response = await this.tasks.bulkTransition({ transition: action.name, kind: action.kind, items });
      this.bulkResult.set({ action, response });
      this.confirming.set(null);
      // Failed ones stay selected, so the user sees at once what is left.
      const failed = new Set(response.results.filter((r) => !r.ok).map((r) => r.requestId));
      this.selected.set(new Set(this.selection().filter((t) => failed.has(t.request.id)).map((t) => t.id)));
      await this.list.reload();
      setTimeout(() => this.resultHeading()?.nativeElement.focus());
    } catch (error) {
      this.status.set(this.errors.describe(error).message);
    } finally {
      this.bulkBusy.set(false);
    }
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
