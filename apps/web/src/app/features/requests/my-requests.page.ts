import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { RequestsService } from '@agendy/web/request/data-access';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { StateChip } from './state-chip';

type StatusFilter = 'open' | 'closed' | 'all';

/** `/moje-zadosti`: the requests I filed, newest first, open / closed, keyset "Načíst další". */
@Component({
  selector: 'ag-my-requests-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe, StateChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'requests.heading' | t }}</h1>
    <fieldset class="filter">
      <legend>{{ 'requests.filter' | t }}</legend>
      @for (option of filters; track option.value) {
        <label class="filter__option">
          <input type="radio" name="status" [value]="option.value" [checked]="status() === option.value" (change)="setStatus(option.value)" />
          {{ option.label | t }}
        </label>
      }
    </fieldset>

    @if (list.error(); as error) {
      <p class="message" role="alert">
        {{ describe(error) }}
        <button matButton type="button" (click)="list.reload()">{{ 'common.retry' | t }}</button>
      </p>
    }

    @if (list.items().length) {
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'requests.caption' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'common.reference' | t }}</th>
              <th scope="col">{{ 'common.agenda' | t }}</th>
              <th scope="col">{{ 'common.state' | t }}</th>
              <th scope="col">{{ 'common.updated' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (request of list.items(); track request.id) {
              <tr>
                <td><a [routerLink]="['/zadosti', request.id]">{{ request.reference }}</a></td>
                <td>{{ request.agenda.name[lang()] }}</td>
                <td><ag-state-chip [label]="request.state.label" [outcome]="request.outcome" [final]="request.final" [stateId]="request.state.id" /></td>
                <td>{{ request.updatedAt | agDate: 'dateTime' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (list.loaded() && !list.error()) {
      <p class="empty">{{ 'requests.empty' | t }}</p>
      <a matButton="tonal" routerLink="/nova-zadost">{{ 'home.requestsEmptyAction' | t }}</a>
    }

    <div class="footer">
      <span role="status" class="muted">
        @if (list.loading()) {
          {{ 'app.loading' | t }}
        } @else if (list.loaded()) {
          {{ 'requests.shown' | t: { n: list.items().length } }}
        }
      </span>
      @if (list.hasMore()) {
        <button matButton="outlined" type="button" [disabled]="list.loading()" (click)="list.loadMore()">{{ 'common.loadMore' | t }}</button>
      }
    </div>
  `,
  styleUrl: './list-pages.scss',
})
export class MyRequestsPage {
  private readonly errors = inject(ErrorMessages);
  protected readonly lang = inject(TranslationService).lang;
  protected readonly status = signal<StatusFilter>('open');
  protected readonly filters = [
    { value: 'open', label: 'requests.filterOpen' },
    { value: 'closed', label: 'requests.filterClosed' },
    { value: 'all', label: 'requests.filterAll' },
  ] as const;
  protected readonly list = inject(RequestsService).pagedList(() => {
    const status = this.status();
    return status === 'all' ? { limit: 25 } : { status, limit: 25 };
  });

  constructor() {
    void this.list.reload();
  }

  protected setStatus(status: StatusFilter): void {
    this.status.set(status);
    void this.list.reload();
  }

  protected describe(error: unknown): string {
    return this.errors.describe(error).message;
  }
}
