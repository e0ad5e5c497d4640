import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AgendaDirectoryWarning } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { VACANCIES_PATH, severityKey, stateLabel } from './vacancy-text';

/**
 * After publishing (issue 19): the parties of the published version that nobody in the directory
 * can act for now, as the publish answer's `directoryWarnings` lists them — the state by its label,
 * the server's sentence, and who the resolution chain hands such work to. Same wording as the
 * vacancies page, which it links to.
 */
@Component({
  selector: 'ag-publish-warnings',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    <section class="panel panel--warning" aria-labelledby="publish-warnings-heading">
      <h2 id="publish-warnings-heading">{{ 'admin.publishWarnings.heading' | t }}</h2>
      <p>{{ 'admin.publishWarnings.intro' | t }}</p>
      <ul class="publish-warnings">
        @for (w of items(); track $index) {
          <li>
            <strong>{{ 'admin.publishWarnings.inState' | t: { state: w.state } }}:</strong>&ngsp;<span class="chip" [attr.data-severity]="w.severity">{{ w.severityKey | t }}</span>
            {{ w.message }}
            @if (w.fallback) {
              <br />{{ 'admin.publishWarnings.takesOver' | t: { who: w.fallback } }}
            }
          </li>
        }
      </ul>
      <p>{{ 'admin.vacancies.fallbackHint' | t }}</p>
      <p>
        <a [routerLink]="vacanciesPath" [queryParams]="{ agenda: code() }">{{ 'admin.publishWarnings.overview' | t }}</a>
      </p>
    </section>
  `,
  styles: `
    .publish-warnings {
      margin: 8px 0;
      padding-left: 1.25rem;
    }
    .publish-warnings li + li {
      margin-top: 6px;
    }
  `,
})
export class PublishWarnings {
  readonly warnings = input.required<readonly AgendaDirectoryWarning[]>();
  /** The published definition: its states' labels. */
  readonly definition = input<AgendaDefinition | null>(null);
  readonly code = input.required<string>();

  private readonly lang = inject(TranslationService).lang;
  protected readonly vacanciesPath = VACANCIES_PATH;

  protected readonly items = computed(() => {
    const lang = this.lang();
    return this.warnings().map((w) => ({
      state: stateLabel(this.definition(), w.state, lang),
      severity: w.severity,
      severityKey: severityKey(w.severity),
      message: w.message[lang],
      fallback: w.fallback ? w.fallback[lang] : null,
    }));
  });
}
