import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { RegulationDetail, RegulationStatus } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { RegistersApi } from './registers-api';

/** `/predpisy/:id`: one regulation, its versions, and who must acknowledge it and who has (for those who may see names). */
@Component({
  selector: 'ag-regulation-detail-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="/predpisy">← {{ 'nav.regulations' | t }}</a></p>
    @if (error(); as e) {
      <p class="message" role="alert">{{ e }}</p>
    }
    @if (reg(); as r) {
      <h1>{{ r.number }} – {{ r.title }}</h1>
      <dl class="facts">
        <dt>{{ 'registers.status' | t }}</dt>
        <dd>{{ statusKey(r.status) | t }}</dd>
        <dt>{{ 'registers.regulation.effective' | t }}</dt>
        <dd>{{ r.effectiveFrom | agDate }} – {{ r.effectiveTo ? (r.effectiveTo | agDate) : '' }}</dd>
        @if (r.repeals; as old) {
          <dt>{{ 'registers.regulation.repeals' | t }}</dt>
          <dd>
            @if (old.id) {
              <a [routerLink]="['/predpisy', old.id]">{{ old.number }}</a>
            } @else {
              {{ old.number }}
            }
          </dd>
        }
        @if (r.replacedBy; as next) {
          <dt>{{ 'registers.regulation.replacedBy' | t }}</dt>
          <dd>
            @if (next.id) {
              <a [routerLink]="['/predpisy', next.id]">{{ next.number }}</a>
            } @else {
              {{ next.number }}
            }
          </dd>
        }
        <dt>{{ 'registers.signedPdf' | t }}</dt>
        <dd>
          @if (r.signedPdfUrl) {
            <a [href]="r.signedPdfUrl">{{ 'registers.download' | t }}</a>
          } @else {
            {{ 'registers.noPdf' | t }}
          }
        </dd>
        <dt>{{ 'registers.regulation.acknowledgement' | t }}</dt>
        <dd>{{ 'registers.regulation.ackCount' | t: { done: r.acknowledgement.acknowledged, of: r.acknowledgement.required } }}</dd>
      </dl>
      @if (r.summary) {
        <h2>{{ 'registers.regulation.summary' | t }}</h2>
        <p class="intro">{{ r.summary }}</p>
      }
      @if (r.acknowledgements; as rows) {
        <h2>{{ 'registers.regulation.who' | t }}</h2>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{{ 'registers.regulation.who' | t }}</caption>
            <thead>
              <tr>
                <th scope="col">{{ 'registers.person' | t }}</th>
                <th scope="col">{{ 'registers.department' | t }}</th>
                <th scope="col">{{ 'registers.regulation.ackAt' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (p of rows; track p.userId) {
                <tr>
                  <td>{{ p.displayName }}</td>
                  <td>{{ p.department }}</td>
                  <td>{{ p.acknowledgedAt ? (p.acknowledgedAt | agDate: 'dateTime') : ('registers.regulation.notYet' | t) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
  styleUrls: ['../requests/list-pages.scss', './registers.scss'],
})
export class RegulationDetailPage {
  private readonly api = inject(RegistersApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly reg = signal<RegulationDetail | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((p) => {
        this.reg.set(null);
        this.api.regulation(p.get('id') ?? '').then(
          (r) => this.reg.set(r),
          (e) => this.error.set(this.errors.describe(e).message),
        );
      });
  }

  protected statusKey(s: RegulationStatus) {
    return `registers.regulation.${s}` as const;
  }
}
