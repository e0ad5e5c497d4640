import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { AgendasService } from '@agendy/web/request/data-access';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { groupByArea, matchesSearch } from './agenda-areas';

/** "Nová žádost": the agendas I may file (`GET /agendas`), grouped by area, with a search. */
@Component({
  selector: 'ag-agenda-list-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agenda-list.page.html',
  styleUrl: './agenda-list.page.scss',
})
export class AgendaListPage {
  private readonly agendas = inject(AgendasService);
  private readonly errors = inject(ErrorMessages);
  protected readonly lang = inject(TranslationService).lang;
  protected readonly query = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly loaded = computed(() => this.agendas.list() !== null);
  protected readonly filtered = computed(() => (this.agendas.list() ?? []).filter((a) => matchesSearch(a, this.query())));
  protected readonly areas = computed(() => groupByArea(this.filtered(), this.lang()));

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      await this.agendas.loadList(true);
    } catch (error) {
      this.error.set(this.errors.describe(error).message);
    }
  }
}
