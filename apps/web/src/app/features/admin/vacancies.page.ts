import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaVacanciesResponse, DesignerAgenda } from '@agendy/shared/contracts';
import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { AuthStore } from '../../core/auth/auth.store';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey, TranslationParams } from '../../core/i18n/dictionary';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerApi } from './designer-api';
import { VACANCIES_PATH, capitalize, linkKey, reasonKey, severityKey, stateLabel } from './vacancy-text';

/** How many agendas are asked at once (each answer reads the whole directory on the server). */
const PARALLEL = 3;

/** One agenda's answer as loaded, with the definitions its states are named from. */
interface AgendaVacancies {
  agenda: DesignerAgenda;
  data: AgendaVacanciesResponse | null;
  error: string | null;
  /** Definitions by version (the published one for the directory, the requests' own versions). */
  definitions: ReadonlyMap<number, AgendaDefinition>;
}

interface DirectoryRow {
  state: string;
  severity: 'error' | 'warning';
  severityText: string;
  message: string;
  fallback: string;
}

interface RequestRow {
  key: string;
  /** The first row of its request carries the link's id (the target of a notification). */
  first: boolean;
  requestId: string;
  reference: string;
  state: string;
  /** Shown when the request runs on another version than the published one. */
  version: string | null;
  party: string;
  reason: string;
  fallbacks: string | null;
  updatedAt: string;
}

interface AgendaSection {
  /** A party nobody can act for, a request with a fallback or nobody, or an agenda that could not be read — not just warnings. */
  urgent: boolean;
  code: string;
  name: string;
  error: string | null;
  directory: DirectoryRow[];
  requests: RequestRow[];
}

/**
 * `/administrace/neobsazene-role[?agenda=<code>][&zadost=<id>]` (issue 19, docs/agendas.md 4.7): for every
 * agenda the user administers, the parties of its published version nobody in the directory can act
 * for now, and the running requests a fallback (or nobody) stands in on — in the agenda's own words
 * (state labels, role names), never engine keys. `zadost` (from an assignment alert) marks and
 * focuses that request's row.
 */
@Component({
  selector: 'ag-vacancies-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <p><a routerLink="/administrace">← {{ 'admin.back' | t }}</a></p>
    <h1>{{ 'admin.vacancies.heading' | t }}</h1>
    @if (!agendaAdmin()) {
      <p class="intro">{{ 'admin.vacancies.systemAdminOnly' | t }}</p>
    } @else {
      <p class="intro">{{ 'admin.vacancies.intro' | t }}</p>
      @if (onlyName(); as name) {
        <p>
          {{ 'admin.vacancies.onlyAgenda' | t: { name } }}
          <a [routerLink]="vacanciesPath">{{ 'admin.vacancies.showAll' | t }}</a>
        </p>
      }
      <div class="row">
        <button matButton="outlined" type="button" [disabled]="loading()" (click)="reload()">{{ 'admin.vacancies.refresh' | t }}</button>
      </div>
      <p role="status" class="hint">
        @if (loading()) {
          {{ 'admin.vacancies.loading' | t }}
        } @else if (loaded()) {
          @if (total() === 0) {
            {{ 'admin.vacancies.noAgendas' | t }}
          } @else {
            {{ 'admin.vacancies.summary' | t: { n: urgent(), total: total() } }}
            @if (sections().length > urgent()) {
              {{ 'admin.vacancies.summaryWarnings' | t: { w: sections().length - urgent() } }}
            }
          }
        }
      </p>
      @if (listError(); as e) {
        <p class="message message--error" role="alert">{{ e }}</p>
      }
      @if (highlightMissing()) {
        <p class="message">{{ 'admin.vacancies.notificationResolved' | t }}</p>
      }
      @if (!loading() && loaded() && total() > 0 && urgent() === 0) {
        <section class="panel panel--ok" aria-labelledby="vacancies-clear">
          <h2 id="vacancies-clear">{{ 'admin.vacancies.allClearHeading' | t }}</h2>
          <p>{{ 'admin.vacancies.allClear' | t }}</p>
        </section>
      }
      @for (s of sections(); track s.code) {
        <section class="panel" [attr.aria-labelledby]="'vacancies-' + s.code" [attr.data-agenda]="s.code">
          <h2 [id]="'vacancies-' + s.code">{{ s.name }}</h2>
          <p>
            <a [routerLink]="['/administrace/agendy', s.code]">{{ 'admin.vacancies.openDesigner' | t }}<span class="visually-hidden">: {{ s.name }}</span></a>
          </p>
          @if (s.error) {
            <p class="message message--error">{{ s.error }}</p>
          } @else {
            <h3>{{ 'admin.vacancies.directoryHeading' | t }}</h3>
            @if (s.directory.length) {
              <div class="table-wrap">
                <table class="table">
                  <caption class="visually-hidden">{{ 'admin.vacancies.directoryCaption' | t: { name: s.name } }}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{{ 'admin.vacancies.col.state' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.problem' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.fallback' | t }}</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of s.directory; track $index) {
                      <tr>
                        <th scope="row">{{ row.state }}</th>
                        <td>
                          <span class="chip" [attr.data-severity]="row.severity">{{ row.severityText }}</span>
                          {{ row.message }}
                        </td>
                        <td>{{ row.fallback }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
              <p class="hint">{{ 'admin.vacancies.fallbackHint' | t }}</p>
            } @else {
              <p>{{ 'admin.vacancies.directoryNone' | t }}</p>
            }
            <h3>{{ 'admin.vacancies.requestsHeading' | t }}</h3>
            @if (s.requests.length) {
              <div class="table-wrap">
                <table class="table">
                  <caption class="visually-hidden">{{ 'admin.vacancies.requestsCaption' | t: { name: s.name } }}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{{ 'admin.vacancies.col.request' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.state' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.party' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.actsFor' | t }}</th>
                      <th scope="col">{{ 'admin.vacancies.col.updated' | t }}</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of s.requests; track row.key) {
                      <tr [class.row--highlight]="row.requestId === highlight()" [attr.data-request]="row.requestId">
                        <th scope="row">
                          <a [attr.id]="row.first ? 'vacancy-request-' + row.requestId : null" [routerLink]="['/zadosti', row.requestId]">{{ row.reference }}</a>
                          @if (row.first && row.requestId === highlight()) {
                            <br /><span class="chip">{{ 'admin.vacancies.fromNotification' | t }}</span>
                          }
                        </th>
                        <td>
                          {{ row.state }}
                          @if (row.version) {
                            <br /><small>{{ row.version }}</small>
                          }
                        </td>
                        <td>
                          {{ row.party }}
                          <br /><small>{{ row.reason }}</small>
                        </td>
                        <td>
                          @if (row.fallbacks) {
                            {{ row.fallbacks }}
                          } @else {
                            <strong class="error-text">{{ 'admin.vacancies.nobody' | t }}</strong>
                          }
                        </td>
                        <td>{{ row.updatedAt | agDate: 'dateTime' }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            } @else {
              <p>{{ 'admin.vacancies.requestsNone' | t }}</p>
            }
          }
        </section>
      }
    }
  `,
})
export class VacanciesPage {
  private readonly api = inject(DesignerApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly auth = inject(AuthStore);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  protected readonly lang = this.i18n.lang;
  protected readonly vacanciesPath = VACANCIES_PATH;

  /** Agendas are administered by agenda administrators; a system administrator as such sees none (ADR 0004). */
  protected readonly agendaAdmin = computed(() => this.auth.hasAnyRole(['agenda-admin']) || this.auth.administersAgendas());
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly listError = signal<string | null>(null);
  private readonly results = signal<AgendaVacancies[]>([]);
  /** `?agenda=`: one agenda only (the designer's publish warnings link here). */
  protected readonly only = signal<string | null>(null);
  /** `?zadost=`: the request of an assignment alert. */
  protected readonly highlight = signal<string | null>(null);
  private run = 0;

  protected readonly total = computed(() => this.results().length);
  protected readonly onlyName = computed(() => {
    const code = this.only();
    const found = code ? this.results().find((r) => r.agenda.code === code) : undefined;
    return found ? found.agenda.name[this.lang()] : null;
  });

  /** The agendas that need attention, in words of the current language: vacancies first, agendas with warnings only after them. */
  protected readonly sections = computed<AgendaSection[]>(() => {
    const lang = this.lang();
    const sections = this.results()
      .filter((r) => r.error !== null || (r.data && (r.data.directory.length > 0 || r.data.requests.length > 0)))
      .map((r) => this.section(r, lang));
    return [...sections.filter((s) => s.urgent), ...sections.filter((s) => !s.urgent)];
  });
  protected readonly urgent = computed(() => this.sections().filter((s) => s.urgent).length);

  protected readonly highlightMissing = computed(() => {
    const id = this.highlight();
    return id !== null && this.loaded() && !this.loading() && !this.sections().some((s) => s.requests.some((row) => row.requestId === id));
  });

  constructor() {
    inject(ActivatedRoute)
      .queryParamMap.pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((params) => {
        this.only.set(params.get('agenda'));
        this.highlight.set(params.get('zadost'));
        if (this.agendaAdmin()) void this.reload();
      });
  }

  protected async reload(): Promise<void> {
    const run = ++this.run;
    this.loading.set(true);
    this.listError.set(null);
    try {
      const list = await this.api.list();
      const only = this.only();
      const agendas = list.items.filter((a) => !only || a.code === only);
      const results = await pool(agendas, PARALLEL, (agenda) => this.loadAgenda(agenda));
      if (run !== this.run) return;
      this.results.set(results);
      this.loaded.set(true);
    } catch (e) {
      if (run === this.run) this.listError.set(this.errors.describe(e).message);
    } finally {
      if (run === this.run) this.loading.set(false);
    }
    if (run === this.run) this.focusHighlighted();
  }

  private async loadAgenda(agenda: DesignerAgenda): Promise<AgendaVacancies> {
    let data: AgendaVacanciesResponse;
    try {
      data = await this.api.vacancies(agenda.code);
    } catch (e) {
      return { agenda, data: null, error: this.errors.describe(e).message, definitions: new Map() };
    }
    // Name the states from the versions they belong to; a definition that cannot be read leaves its states readable but unnamed.
    const versions = new Set<number>(data.requests.map((r) => r.version));
    if (data.directory.length > 0 && agenda.publishedVersion !== null) versions.add(agenda.publishedVersion);
    const definitions = new Map<number, AgendaDefinition>();
    await Promise.all(
      [...versions].map(async (v) => {
        try {
          definitions.set(v, await this.api.definition(agenda.code, v));
        } catch {
          // stateLabel() falls back to the id in words.
        }
      }),
    );
    return { agenda, data, error: null, definitions };
  }

  private section(r: AgendaVacancies, lang: 'cs' | 'en'): AgendaSection {
    const t = (key: TranslationKey, params?: TranslationParams) => this.i18n.translate(lang, key, params);
    const text = (l: LocalizedText) => l[lang];
    const published = r.agenda.publishedVersion;
    const publishedDefinition = published !== null ? r.definitions.get(published) : undefined;
    const directory: DirectoryRow[] = (r.data?.directory ?? []).map((w) => ({
      state: stateLabel(publishedDefinition, w.state, lang),
      severity: w.severity,
      severityText: t(severityKey(w.severity)),
      message: text(w.message),
      fallback: w.fallback ? capitalize(text(w.fallback)) : t('admin.vacancies.fallbackUnknown'),
    }));
    const requests: RequestRow[] = (r.data?.requests ?? []).flatMap((req) =>
      req.vacancies.map((v, i) => ({
        key: `${req.id}|${v.party}`,
        first: i === 0,
        requestId: req.id,
        reference: req.reference,
        state: stateLabel(r.definitions.get(req.version), req.state, lang),
        version: published !== null && req.version !== published ? t('admin.vacancies.version', { v: req.version }) : null,
        party: capitalize(text(v.label)),
        reason: t(reasonKey(v.reason)),
        fallbacks:
          v.fallbacks.length > 0
            ? `${v.fallbacks.map((f) => f.displayName ?? t('admin.vacancies.unknownUser')).join(', ')}${v.link ? ` (${t(linkKey(v.link))})` : ''}`
            : null,
        updatedAt: req.updatedAt,
      })),
    );
    const urgent = r.error !== null || requests.length > 0 || directory.some((d) => d.severity === 'error');
    return { urgent, code: r.agenda.code, name: r.agenda.name[lang], error: r.error ? t('admin.vacancies.loadFailed', { message: r.error }) : null, directory, requests };
  }

  /** The request of the notification: its link takes the focus once the page shows it. */
  private focusHighlighted(): void {
    const id = this.highlight();
    if (!id || !/^[\w-]+$/.test(id)) return;
    setTimeout(() => {
      const link = this.host.nativeElement.querySelector<HTMLElement>(`[id="vacancy-request-${id}"]`);
      link?.scrollIntoView?.({ block: 'center' });
      link?.focus();
    });
  }
}

/** Runs `work` over `items` with at most `limit` at a time, answers in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
