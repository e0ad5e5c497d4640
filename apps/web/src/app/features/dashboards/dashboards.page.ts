import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import type { AgendaListResponse, DashboardChart as ChartName, DashboardData } from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgNumberPipe } from '../../core/i18n/format.pipes';
import { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { officeMonthStart, officeToday } from '../../core/time/office-date';
import { DashboardChart, type BarSeries } from './dashboard-chart';

/** `/prehledy`: numbers for managers (their departments), the director, auditors and administrators; each chart also as a table and CSV. */
@Component({
  selector: 'ag-dashboards-page',
  imports: [MatButtonModule, TranslatePipe, AgNumberPipe, DashboardChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboards.page.html',
  styleUrl: './dashboards.page.scss',
})
export class DashboardsPage {
  private readonly http = inject(HttpClient);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  protected readonly lang = this.i18n.lang;
  protected readonly from = signal(officeMonthStart(12));
  protected readonly to = signal(officeToday());
  protected readonly department = signal('');
  protected readonly data = signal<DashboardData | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly agendaNames = signal<Record<string, { cs: string; en: string }>>({});

  protected readonly perMonth = computed(() => {
    const d = this.data();
    if (!d) return { categories: [] as string[], series: [] as BarSeries[] };
    const months = [...new Set(d.requestsPerMonth.map((r) => r.month))].sort();
    const agendas = [...new Set(d.requestsPerMonth.map((r) => r.agenda))].sort();
    return {
      categories: months,
      series: agendas.map((a) => ({ name: this.agenda(a), values: months.map((m) => d.requestsPerMonth.find((r) => r.agenda === a && r.month === m)?.count ?? 0) })),
    };
  });
  protected readonly lead = computed(() => {
    const rows = this.data()?.leadTimes ?? [];
    return {
      categories: rows.map((r) => this.agenda(r.agenda)),
      series: [
        { name: this.tr('dashboards.median'), values: rows.map((r) => r.medianHours) },
        { name: this.tr('dashboards.p90'), values: rows.map((r) => r.p90Hours) },
      ],
    };
  });
  protected readonly missed = computed(() => {
    const rows = this.data()?.missedDeadlines ?? [];
    return { categories: rows.map((r) => this.agenda(r.agenda)), series: [{ name: this.tr('dashboards.missed'), values: rows.map((r) => r.missed) }] };
  });
  protected readonly workload = computed(() => {
    const rows = this.data()?.workload ?? [];
    return {
      categories: rows.map((r) => r.department),
      series: [
        { name: this.tr('dashboards.open'), values: rows.map((r) => r.open) },
        { name: this.tr('dashboards.filed'), values: rows.map((r) => r.filed) },
      ],
    };
  });
  protected readonly booking = computed(() => {
    const rows = this.data()?.bookingUtilisation ?? [];
    return { categories: rows.map((r) => r.resource), series: [{ name: this.tr('dashboards.utilisation'), values: rows.map((r) => r.utilisation) }] };
  });

  constructor() {
    firstValueFrom(this.http.get<AgendaListResponse>(`${API_BASE}/agendas`)).then(
      (r) => this.agendaNames.set(Object.fromEntries(r.items.map((a) => [a.code, a.name]))),
      () => undefined,
    );
    void this.load();
  }

  private tr(key: TranslationKey): string {
    return this.i18n.translate(this.lang(), key);
  }

  protected agenda(code: string): string {
    return this.agendaNames()[code]?.[this.lang()] ?? code;
  }

  private query(): HttpParams {
    let p = new HttpParams().set('from', this.from()).set('to', this.to());
    if (this.department()) p = p.set('departmentId', this.department());
    return p;
  }

  protected csvUrl(chart: ChartName): string {
    return `${API_BASE}/dashboards/csv?${this.query().set('chart', chart).toString()}`;
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.data.set(await firstValueFrom(this.http.get<DashboardData>(`${API_BASE}/dashboards`, { params: this.query() })));
    } catch (e) {
      this.error.set(this.errors.describe(e, ['from', 'to', 'departmentId']).message);
    } finally {
      this.loading.set(false);
    }
  }
}
