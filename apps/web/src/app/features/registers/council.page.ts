import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { CouncilSessionInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { RegistersApi } from './registers-api';

/** `/rada`: council sessions; the secretariat creates them here. */
@Component({
  selector: 'ag-council-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'nav.council' | t }}</h1>
    <p class="intro">{{ 'registers.council.intro' | t }}</p>
    @if (error(); as e) {
      <p class="message" role="alert">{{ e }}</p>
    }
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{{ 'registers.council.sessions' | t }}</caption>
        <thead>
          <tr>
            <th scope="col">{{ 'registers.council.date' | t }}</th>
            <th scope="col">{{ 'registers.council.title' | t }}</th>
            <th scope="col">{{ 'registers.council.items' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (s of sessions(); track s.id) {
            <tr>
              <td>{{ s.sessionDate | agDate }}</td>
              <td><a [routerLink]="['/rada', s.id]">{{ s.title }}</a></td>
              <td>{{ s.itemCount }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="3" class="empty">{{ 'registers.council.none' | t }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    <h2>{{ 'registers.council.new' | t }}</h2>
    <form class="inline-form" (submit)="$event.preventDefault(); create()">
      <label class="field">
        <span>{{ 'registers.council.date' | t }}</span>
        <input type="date" name="sessionDate" required [value]="date()" (input)="date.set($any($event.target).value)" />
      </label>
      <label class="field">
        <span>{{ 'registers.council.title' | t }}</span>
        <input name="title" required maxlength="200" [value]="title()" (input)="title.set($any($event.target).value)" />
      </label>
      <label class="field">
        <span>{{ 'registers.council.place' | t }}</span>
        <input name="place" maxlength="200" [value]="place()" (input)="place.set($any($event.target).value)" />
      </label>
      <button matButton="filled" type="submit">{{ 'registers.council.create' | t }}</button>
    </form>
  `,
  styleUrls: ['../requests/list-pages.scss', './registers.scss'],
})
export class CouncilPage {
  private readonly api = inject(RegistersApi);
  private readonly errors = inject(ErrorMessages);
  private readonly router = inject(Router);
  protected readonly sessions = signal<CouncilSessionInfo[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly date = signal('');
  protected readonly title = signal('');
  protected readonly place = signal('');

  constructor() {
    this.api.sessions().then(
      (r) => this.sessions.set(r.items),
      (e) => this.error.set(this.errors.describe(e).message),
    );
  }

  protected async create(): Promise<void> {
    this.error.set(null);
    try {
      const s = await this.api.createSession({ sessionDate: this.date(), title: this.title().trim(), place: this.place().trim() || null });
      await this.router.navigate(['/rada', s.id]);
    } catch (e) {
      this.error.set(this.errors.describe(e, ['sessionDate', 'title', 'place']).message);
    }
  }
}
