import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { CouncilCandidate, CouncilItemInfo, CouncilSessionDetail, ResolutionOutcome } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { RegistersApi } from './registers-api';

/** `/rada/:id`: the session's agenda: add and order materials, export the PDF bundle, record resolutions. */
@Component({
  selector: 'ag-council-session-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="/rada">← {{ 'nav.council' | t }}</a></p>
    @if (error(); as e) {
      <p class="message" role="alert">{{ e }}</p>
    }
    @if (session(); as s) {
      <h1>{{ s.title }}</h1>
      <p class="intro">{{ s.sessionDate | agDate }}{{ s.place ? ' · ' + s.place : '' }}</p>
      @if (s.canReadPapers) {
        <div class="actions">
          <a matButton="outlined" [href]="api.bundleUrl(s.id)" download>{{ 'registers.council.bundle' | t }}</a>
        </div>
      }
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'registers.council.agenda' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'registers.council.position' | t }}</th>
              <th scope="col">{{ 'registers.council.material' | t }}</th>
              <th scope="col">{{ 'registers.council.resolution' | t }}</th>
              @if (s.canManage) {
                <th scope="col">{{ 'registers.council.actions' | t }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (i of s.items; track i.requestId; let first = $first; let last = $last) {
              <tr>
                <td>{{ i.position }}</td>
                <td>
                  <a [routerLink]="['/zadosti', i.requestId]">{{ i.title }}</a><br />
                  <span class="muted">{{ i.reference }}</span>
                  @if (i.signedPdfUrl) {
                    · <a [href]="i.signedPdfUrl">{{ 'registers.signedPdf' | t }}<span class="visually-hidden"> {{ i.reference }}</span></a>
                  }
                </td>
                <td>
                  @if (i.resolutionOutcome) {
                    {{ i.resolutionNumber ?? '' }} {{ outcomeKey(i.resolutionOutcome) | t }}
                  } @else if (s.canManage && i.state === 'scheduled') {
                    <form class="inline-form" (submit)="$event.preventDefault(); resolve(s, i)">
                      <label class="field">
                        <span>{{ 'registers.council.resolutionNumber' | t }}</span>
                        <input name="number" placeholder="123/26/RK" [value]="number()[i.requestId] ?? ''" (input)="setNumber(i.requestId, $any($event.target).value)" />
                      </label>
                      <label class="field">
                        <span>{{ 'registers.council.outcome' | t }}</span>
                        <select name="outcome" [value]="outcome()[i.requestId] ?? 'prijato'" (change)="setOutcome(i.requestId, $any($event.target).value)">
                          @for (o of outcomes; track o) {
                            <option [value]="o">{{ outcomeKey(o) | t }}</option>
                          }
                        </select>
                      </label>
                      <button matButton="tonal" type="submit">{{ 'registers.save' | t }}<span class="visually-hidden"> {{ i.title }}</span></button>
                    </form>
                  }
                </td>
                @if (s.canManage) {
                  <td>
                    <button matButton type="button" [disabled]="first" (click)="move(s, i, -1)">{{ 'registers.council.up' | t }}<span class="visually-hidden"> {{ i.title }}</span></button>
                    <button matButton type="button" [disabled]="last" (click)="move(s, i, 1)">{{ 'registers.council.down' | t }}<span class="visually-hidden"> {{ i.title }}</span></button>
                  </td>
                }
              </tr>
            } @empty {
              <tr>
                <td colspan="4" class="empty">{{ 'registers.council.noItems' | t }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (s.canManage) {
        <h2>{{ 'registers.council.add' | t }}</h2>
        @if (candidates().length) {
          <form class="inline-form" (submit)="$event.preventDefault(); add(s)">
            <label class="field">
              <span>{{ 'registers.council.material' | t }}</span>
              <select name="candidate" [value]="candidate()" (change)="candidate.set($any($event.target).value)">
                <option value="">—</option>
                @for (c of candidates(); track c.requestId) {
                  <option [value]="c.requestId">{{ c.reference }} – {{ c.title }}</option>
                }
              </select>
            </label>
            <button matButton="filled" type="submit" [disabled]="!candidate()">{{ 'registers.council.addButton' | t }}</button>
          </form>
        } @else {
          <p class="muted">{{ 'registers.council.noCandidates' | t }}</p>
        }
      }
    }
  `,
  styleUrls: ['../requests/list-pages.scss', './registers.scss'],
})
export class CouncilSessionPage {
  protected readonly api = inject(RegistersApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly outcomes: ResolutionOutcome[] = ['prijato', 'neprijato', 'vzato-na-vedomi', 'odlozeno'];
  protected readonly session = signal<CouncilSessionDetail | null>(null);
  protected readonly candidates = signal<CouncilCandidate[]>([]);
  protected readonly candidate = signal('');
  protected readonly number = signal<Partial<Record<string, string>>>({});
  protected readonly outcome = signal<Partial<Record<string, ResolutionOutcome>>>({});
  protected readonly error = signal<string | null>(null);

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((p) => void this.load(p.get('id') ?? ''));
  }

  protected outcomeKey(o: ResolutionOutcome) {
    return `registers.outcome.${o}` as const;
  }
  protected setNumber(id: string, v: string): void {
    this.number.update((m) => ({ ...m, [id]: v }));
  }
  protected setOutcome(id: string, v: ResolutionOutcome): void {
    this.outcome.update((m) => ({ ...m, [id]: v }));
  }

  private async load(id: string): Promise<void> {
    await this.run(async () => {
      const s = await this.api.session(id);
      this.session.set(s);
      if (s.canManage) this.candidates.set(await this.api.candidates());
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.error.set(null);
    try {
      await work();
    } catch (e) {
      this.error.set(this.errors.describe(e, ['resolutionNumber', 'resolutionOutcome']).message);
    }
  }

  protected move(s: CouncilSessionDetail, item: CouncilItemInfo, delta: number): Promise<void> {
    const order = s.items.map((i) => i.requestId);
    const at = order.indexOf(item.requestId);
    [order[at], order[at + delta]] = [order[at + delta], order[at]];
    return this.run(async () => this.session.set(await this.api.reorder(s.id, order)));
  }

  protected add(s: CouncilSessionDetail): Promise<void> {
    return this.run(async () => {
      this.session.set(await this.api.addItem(s.id, this.candidate()));
      this.candidate.set('');
      this.candidates.set(await this.api.candidates());
    });
  }

  protected resolve(s: CouncilSessionDetail, i: CouncilItemInfo): Promise<void> {
    const outcome = this.outcome()[i.requestId] ?? 'prijato';
    const number = (this.number()[i.requestId] ?? '').trim();
    return this.run(async () => this.session.set(await this.api.recordResolution(s.id, i.requestId, { resolutionOutcome: outcome, resolutionNumber: number || null })));
  }
}
