import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { RegulationInfo, RegulationStatus } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { RegistersApi } from './registers-api';

type View = 'all' | 'mine';

/** `/predpisy`: the internal-regulations register, full-text search, and what I still must acknowledge. */
@Component({
  selector: 'ag-regulations-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'nav.regulations' | t }}</h1>
    <p class="intro">{{ 'registers.regulations.intro' | t }}</p>
    <form class="filter" role="search" (submit)="$event.preventDefault(); load()">
      <label class="field">
        <span>{{ 'registers.regulations.search' | t }}</span>
        <input type="search" name="q" [value]="q()" (input)="q.set($any($event.target).value)" />
      </label>
      <label class="field">
        <span>{{ 'registers.status' | t }}</span>
        <select name="status" [value]="status()" (change)="status.set($any($event.target).value); load()">
          <option value="">{{ 'registers.status.any' | t }}</option>
          <option value="in-force">{{ 'registers.regulation.in-force' | t }}</option>
          <option value="upcoming">{{ 'registers.regulation.upcoming' | t }}</option>
          <option value="repealed">{{ 'registers.regulation.repealed' | t }}</option>
        </select>
      </label>
      <label class="filter__option">
        <input type="checkbox" name="mine" [checked]="view() === 'mine'" (change)="view.set($any($event.target).checked ? 'mine' : 'all'); load()" />
        {{ 'registers.regulations.mine' | t }}
      </label>
      <button matButton="filled" type="submit">{{ 'registers.search' | t }}</button>
    </form>

    @if (error(); as e) {
      <p class="message" role="alert">{{ e }}</p>
    }
    <p role="status" class="muted">
      @if (loading()) {
        {{ 'app.loading' | t }}
      } @else {
        {{ 'registers.found' | t: { n: total() } }}
      }
    </p>
    @if (items().length) {
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'nav.regulations' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'registers.regulation.number' | t }}</th>
              <th scope="col">{{ 'registers.regulation.title' | t }}</th>
              <th scope="col">{{ 'registers.regulation.effective' | t }}</th>
              <th scope="col">{{ 'registers.status' | t }}</th>
              <th scope="col">{{ 'registers.regulation.versions' | t }}</th>
              <th scope="col">{{ 'registers.regulation.acknowledgement' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (r of items(); track r.id) {
              <tr>
                <td><a [routerLink]="['/predpisy', r.id]">{{ r.number }}</a></td>
                <td>
                  {{ r.title }}
                  @if (r.signedPdfUrl) {
                    <br /><a [href]="r.signedPdfUrl">{{ 'registers.signedPdf' | t }}<span class="visually-hidden"> {{ r.number }}</span></a>
                  }
                </td>
                <td>{{ r.effectiveFrom | agDate }} – {{ r.effectiveTo ? (r.effectiveTo | agDate) : '' }}</td>
                <td><span class="badge">{{ statusKey(r.status) | t }}</span></td>
                <td>
                  @if (r.repeals) {
                    <div>{{ 'registers.regulation.repeals' | t }} {{ r.repeals.number }}</div>
                  }
                  @if (r.replacedBy) {
                    <div>{{ 'registers.regulation.replacedBy' | t }} {{ r.replacedBy.number }}</div>
                  }
                </td>
                <td>
                  {{ 'registers.regulation.ackCount' | t: { done: r.acknowledgement.acknowledged, of: r.acknowledgement.required } }}
                  @if (r.mine; as mine) {
                    @if (mine.acknowledgedAt) {
                      <div class="muted">{{ 'registers.regulation.ackDone' | t: { date: (mine.acknowledgedAt | agDate) } }}</div>
                    } @else {
                      <div>
                        <button matButton="tonal" type="button" [disabled]="busy() === r.id" (click)="acknowledge(r)">
                          {{ 'registers.regulation.ack' | t }}<span class="visually-hidden"> {{ r.number }}</span>
                        </button>
                      </div>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (!loading()) {
      <p class="empty">{{ (view() === 'mine' ? 'registers.regulations.noneMine' : 'registers.regulations.none') | t }}</p>
    }
  `,
  styleUrls: ['../requests/list-pages.scss', './registers.scss'],
})
export class RegulationsPage {
  private readonly api = inject(RegistersApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly q = signal('');
  protected readonly status = signal<'' | RegulationStatus>('');
  protected readonly view = signal<View>('all');
  protected readonly items = signal<RegulationInfo[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected statusKey(s: RegulationStatus) {
    return `registers.regulation.${s}` as const;
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const res = await this.api.regulations({ q: this.q().trim() || undefined, status: this.status() || undefined, pendingMine: this.view() === 'mine' || undefined });
      this.items.set(res.items);
      this.total.set(res.total);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected async acknowledge(r: RegulationInfo): Promise<void> {
    this.busy.set(r.id);
    this.error.set(null);
    try {
      const updated = await this.api.acknowledge(r.id);
      this.items.update((list) => (this.view() === 'mine' ? list.filter((x) => x.id !== r.id) : list.map((x) => (x.id === r.id ? { ...x, ...updated } : x))));
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(null);
    }
  }
}
