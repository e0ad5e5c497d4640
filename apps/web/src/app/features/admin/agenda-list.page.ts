import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { DesignerAgendaListResponse } from '@agendy/shared/contracts';
import { AuthStore } from '../../core/auth/auth.store';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerApi } from './designer-api';
import { newAgenda } from './model/field-kinds';
import { statusKey } from './status-key';
import { VACANCIES_PATH } from './vacancy-text';

const CODE = /^[a-z0-9][a-z0-9-]{1,60}$/;

/** `/administrace`: the agendas the user administers, their versions and running requests; new agenda and import. */
@Component({
  selector: 'ag-agenda-list-page',
  imports: [RouterLink, FormsModule, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <h1>{{ 'admin.agendas.heading' | t }}</h1>
    @if (agendaAdmin()) {
      <p class="intro">{{ 'admin.agendas.intro' | t }}</p>
      <p><a [routerLink]="vacanciesPath">{{ 'admin.vacancies.link' | t }}</a></p>
    } @else {
      <p class="intro">{{ 'admin.agendas.systemAdminOnly' | t }}</p>
    }
    @if (systemAdmin()) {
      <p><a routerLink="/administrace/incidenty">{{ 'admin.incidents.link' | t }}</a></p>
    }
    @if (message(); as m) {
      <p class="message" [class.message--error]="m.error" role="status">{{ m.text }}</p>
    }
    @if (data(); as list) {
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'admin.agendas.heading' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'admin.agendas.name' | t }}</th>
              <th scope="col">{{ 'admin.agendas.code' | t }}</th>
              <th scope="col">{{ 'admin.agendas.versions' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (agenda of list.items; track agenda.code) {
              <tr>
                <td>
                  <a [routerLink]="['/administrace/agendy', agenda.code]">{{ agenda.name[lang()] }}</a>
                  @if (agenda.retired) {
                    <span class="chip chip--retired">{{ 'admin.status.retiredAgenda' | t }}</span>
                  }
                </td>
                <td><code>{{ agenda.code }}</code></td>
                <td>
                  <ul class="versions">
                    @for (v of agenda.versions; track v.version) {
                      <li>
                        v{{ v.version }} <span class="chip" [attr.data-status]="v.status">{{ statusKey(v.status) | t }}</span>
                        @if (v.runningRequests > 0) {
                          <span>{{ 'admin.agendas.running' | t: { n: v.runningRequests } }}</span>
                        }
                      </li>
                    }
                  </ul>
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="3">{{ 'admin.agendas.empty' | t }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>

      @if (list.mayCreate) {
        <section class="panel" aria-labelledby="new-agenda-heading">
          <h2 id="new-agenda-heading">{{ 'admin.new.heading' | t }}</h2>
          <form class="row" (ngSubmit)="create()">
            <label class="field">
              <span>{{ 'admin.new.nameCs' | t }}</span>
              <input name="nameCs" [(ngModel)]="nameCs" required />
            </label>
            <label class="field">
              <span>{{ 'admin.new.nameEn' | t }}</span>
              <input name="nameEn" [(ngModel)]="nameEn" />
            </label>
            <label class="field">
              <span>{{ 'admin.new.code' | t }}</span>
              <input name="code" [(ngModel)]="code" required pattern="[a-z0-9][a-z0-9-]+" aria-describedby="code-help" />
              <small id="code-help">{{ 'admin.new.codeHelp' | t }}</small>
            </label>
            <button matButton="filled" type="submit" [disabled]="busy()">{{ 'admin.new.create' | t }}</button>
          </form>
        </section>
      }
      <section class="panel" aria-labelledby="import-heading">
        <h2 id="import-heading">{{ 'admin.import.heading' | t }}</h2>
        <p>{{ 'admin.import.intro' | t }}</p>
        <label class="field">
          <span>{{ 'admin.import.file' | t }}</span>
          <input type="file" accept=".json,application/json" (change)="importFile($event)" />
        </label>
      </section>
    }
  `,
})
export class AgendaListPage {
  private readonly api = inject(DesignerApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  protected readonly lang = this.i18n.lang;
  /** Effect incidents are for system administrators only (the API checks it again). */
  private readonly auth = inject(AuthStore);
  protected readonly systemAdmin = computed(() => this.auth.hasAnyRole(['system-admin']));
  /**
   * Agendas are administered by agenda administrators (the global role or an agenda's admin grant).
   * A system administrator as such does not see them (ADR 0004): the list is not even asked for.
   */
  protected readonly agendaAdmin = computed(() => this.auth.hasAnyRole(['agenda-admin']) || this.auth.administersAgendas());
  protected readonly data = signal<DesignerAgendaListResponse | null>(null);
  protected readonly message = signal<{ text: string; error: boolean } | null>(null);
  protected readonly busy = signal(false);
  protected nameCs = '';
  protected nameEn = '';
  protected code = '';

  protected readonly statusKey = statusKey;
  protected readonly vacanciesPath = VACANCIES_PATH;

  constructor() {
    if (this.agendaAdmin()) void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      this.data.set(await this.api.list());
    } catch (e) {
      this.message.set({ text: this.errors.describe(e).message, error: true });
    }
  }

  protected async create(): Promise<void> {
    const code = this.code.trim();
    if (!this.nameCs.trim() || !CODE.test(code)) {
      this.message.set({ text: this.i18n.t('admin.new.invalid'), error: true });
      return;
    }
    this.busy.set(true);
    try {
      await this.api.import(newAgenda(code, { cs: this.nameCs.trim(), en: this.nameEn.trim() || this.nameCs.trim() }), false);
      await this.router.navigate(['/administrace/agendy', code]);
    } catch (e) {
      this.message.set({ text: this.errors.describe(e).message, error: true });
    } finally {
      this.busy.set(false);
    }
  }

  protected async importFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      this.message.set({ text: this.i18n.t('admin.import.notJson'), error: true });
      return;
    }
    try {
      const info = await this.api.import(parsed, true);
      await this.router.navigate(['/administrace/agendy', info.code], { queryParams: { verze: info.version } });
    } catch (e) {
      this.message.set({ text: this.errors.describe(e).message, error: true });
    }
  }
}
