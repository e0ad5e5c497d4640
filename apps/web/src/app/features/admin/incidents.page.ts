import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { EffectIncidentListResponse } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { IncidentsApi } from './incidents-api';

/**
 * `/administrace/incidenty` (system administrators): effects whose jobs ran out of tries. The
 * system keeps redelivering them; an incident closes by itself once its effect is processed.
 */
@Component({
  selector: 'ag-incidents-page',
  imports: [FormsModule, RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <h1>{{ 'admin.incidents.heading' | t }}</h1>
    <p class="intro">{{ 'admin.incidents.intro' | t }}</p>
    <div class="row">
      <label>
        <input type="checkbox" [ngModel]="all()" (ngModelChange)="show($event)" />
        {{ 'admin.incidents.showClosed' | t }}
      </label>
      <button matButton type="button" (click)="reload()">{{ 'admin.incidents.refresh' | t }}</button>
    </div>
    @if (error(); as e) {
      <p class="message message--error" role="alert">{{ e }}</p>
    }
    @if (data(); as list) {
      <p role="status">{{ 'admin.incidents.open' | t: { n: list.open } }}</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'admin.incidents.heading' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'admin.incidents.effect' | t }}</th>
              <th scope="col">{{ 'admin.incidents.state' | t }}</th>
              <th scope="col">{{ 'admin.incidents.tries' | t }}</th>
              <th scope="col">{{ 'admin.incidents.lastError' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (item of list.items; track item.id) {
              <tr>
                <td>
                  <code>{{ item.effectType }}</code>
                  @if (item.request; as r) {
                    <br /><a [routerLink]="['/zadosti', r.id]">{{ r.reference }}</a>
                  }
                  <br /><small><code>{{ item.effectId }}</code></small>
                </td>
                <td>
                  @if (item.closedAt) {
                    <span class="chip" data-status="published">{{ 'admin.incidents.closed' | t }}</span>
                    <br />{{ item.closedAt | agDate: 'dateTime' }}
                  } @else {
                    <span class="chip" data-status="draft">{{ 'admin.incidents.openChip' | t }}</span>
                    <br />{{ 'admin.incidents.since' | t }} {{ item.openedAt | agDate: 'dateTime' }}
                    @if (item.nextAttemptAt) {
                      <br />{{ 'admin.incidents.next' | t }} {{ item.nextAttemptAt | agDate: 'dateTime' }}
                    } @else {
                      <br />{{ 'admin.incidents.retrying' | t }}
                    }
                  }
                </td>
                <td>{{ 'admin.incidents.counts' | t: { failures: item.failures, redeliveries: item.redeliveries } }}</td>
                <td><small>{{ item.lastError }}</small><br />{{ item.lastFailedAt | agDate: 'dateTime' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="4">{{ 'admin.incidents.none' | t }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class IncidentsPage {
  private readonly api = inject(IncidentsApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly data = signal<EffectIncidentListResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly all = signal(false);

  constructor() {
    void this.reload();
  }

  protected show(all: boolean): void {
    this.all.set(all);
    void this.reload();
  }

  protected async reload(): Promise<void> {
    try {
      this.data.set(await this.api.list(this.all()));
      this.error.set(null);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }
}
