import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { ContractInfo, ContractPublicationStatus } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgCzkPipe, AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { officeToday } from '../../core/time/office-date';
import { RegistersApi } from './registers-api';

/** `/smlouvy`: the contract register, publication deadlines, exports for the state register, and recording the publication back. */
@Component({
  selector: 'ag-contracts-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe, AgCzkPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'nav.contracts' | t }}</h1>
    <p class="intro">{{ 'registers.contracts.intro' | t }}</p>
    <form class="filter" role="search" (submit)="$event.preventDefault(); load()">
      <label class="field">
        <span>{{ 'registers.contracts.search' | t }}</span>
        <input type="search" name="q" [value]="q()" (input)="q.set($any($event.target).value)" />
      </label>
      <label class="field">
        <span>{{ 'registers.status' | t }}</span>
        <select name="status" [value]="status()" (change)="status.set($any($event.target).value); load()">
          <option value="">{{ 'registers.status.any' | t }}</option>
          @for (s of statuses; track s) {
            <option [value]="s">{{ statusKey(s) | t }}</option>
          }
        </select>
      </label>
      <button matButton="filled" type="submit">{{ 'registers.search' | t }}</button>
    </form>
    <div class="actions">
      <a matButton="outlined" [href]="api.contractExportUrl('xml', status() || undefined)" download>{{ 'registers.contracts.exportXml' | t }}</a>
      <a matButton="outlined" [href]="api.contractExportUrl('csv', status() || undefined)" download>{{ 'registers.contracts.exportCsv' | t }}</a>
    </div>

    @if (error(); as e) {
      <p class="message" role="alert">{{ e }}</p>
    }
    @if (saved(); as s) {
      <p class="ok" role="status">{{ 'registers.contracts.saved' | t: { ref: s } }}</p>
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
          <caption class="visually-hidden">{{ 'nav.contracts' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'registers.contracts.reference' | t }}</th>
              <th scope="col">{{ 'registers.contracts.subject' | t }}</th>
              <th scope="col">{{ 'registers.contracts.counterparty' | t }}</th>
              <th scope="col">{{ 'registers.contracts.amount' | t }}</th>
              <th scope="col">{{ 'registers.contracts.signedOn' | t }}</th>
              <th scope="col">{{ 'registers.contracts.publication' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of items(); track c.id) {
              <tr [class.overdue]="c.publicationStatus === 'overdue'">
                <td><a [routerLink]="['/zadosti', c.requestId]">{{ c.reference }}</a></td>
                <td>
                  {{ c.subject }}
                  @if (c.signedPdfUrl) {
                    <br /><a [href]="c.signedPdfUrl">{{ 'registers.signedPdf' | t }}<span class="visually-hidden"> {{ c.reference }}</span></a>
                  }
                </td>
                <td>{{ c.counterpartyName }}<br /><span class="muted">{{ 'registers.contracts.ico' | t }} {{ c.counterpartyIco }}</span></td>
                <td>
                  {{ c.amountWithoutVat | agCzk: '1.0-0' }} {{ 'registers.contracts.withoutVat' | t }}<br />
                  <span class="muted">{{ c.amountWithVat | agCzk: '1.0-0' }} {{ 'registers.contracts.withVat' | t }}</span>
                </td>
                <td>{{ c.signedOn | agDate }}</td>
                <td>
                  <span class="badge">{{ statusKey(c.publicationStatus) | t }}</span>
                  @if (c.publicationDeadline && !c.publishedOn) {
                    <div [class.overdue-text]="c.publicationStatus === 'overdue'">{{ 'registers.contracts.deadline' | t: { date: (c.publicationDeadline | agDate) } }}</div>
                  }
                  @if (c.publishedOn) {
                    <div>{{ 'registers.contracts.published' | t: { id: c.registerId ?? '', date: (c.publishedOn | agDate) } }}</div>
                  }
                  @if (c.publicationRequired && !c.publishedOn && c.signedOn) {
                    @if (editing() === c.id) {
                      <form class="inline-form" (submit)="$event.preventDefault(); record(c)">
                        <label class="field">
                          <span>{{ 'registers.contracts.registerId' | t }}</span>
                          <input name="registerId" inputmode="numeric" required [value]="registerId()" (input)="registerId.set($any($event.target).value)" />
                        </label>
                        <label class="field">
                          <span>{{ 'registers.contracts.publishedOn' | t }}</span>
                          <input name="publishedOn" type="date" required [value]="publishedOn()" (input)="publishedOn.set($any($event.target).value)" />
                        </label>
                        <button matButton="filled" type="submit">{{ 'registers.save' | t }}</button>
                        <button matButton type="button" (click)="editing.set(null)">{{ 'registers.cancel' | t }}</button>
                      </form>
                    } @else {
                      <button matButton="tonal" type="button" (click)="editing.set(c.id)">
                        {{ 'registers.contracts.record' | t }}<span class="visually-hidden"> {{ c.reference }}</span>
                      </button>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (!loading()) {
      <p class="empty">{{ 'registers.contracts.none' | t }}</p>
    }
  `,
  styleUrls: ['../requests/list-pages.scss', './registers.scss'],
})
export class ContractsPage {
  protected readonly api = inject(RegistersApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly statuses: ContractPublicationStatus[] = ['overdue', 'due-soon', 'pending', 'published', 'not-required'];
  protected readonly q = signal('');
  protected readonly status = signal<'' | ContractPublicationStatus>('');
  protected readonly items = signal<ContractInfo[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);
  protected readonly registerId = signal('');
  protected readonly publishedOn = signal(officeToday());

  constructor() {
    void this.load();
  }

  protected statusKey(s: ContractPublicationStatus) {
    return `registers.contract.${s}` as const;
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const res = await this.api.contracts({ q: this.q().trim() || undefined, status: this.status() || undefined });
      this.items.set(res.items);
      this.total.set(res.total);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected async record(c: ContractInfo): Promise<void> {
    this.error.set(null);
    this.saved.set(null);
    try {
      const updated = await this.api.recordPublication(c.id, { registerId: this.registerId().trim(), publishedOn: this.publishedOn() });
      this.items.update((list) => list.map((x) => (x.id === c.id ? updated : x)));
      this.editing.set(null);
      this.registerId.set('');
      this.saved.set(c.reference);
    } catch (e) {
      this.error.set(this.errors.describe(e, ['registerId', 'publishedOn']).message);
    }
  }
}
