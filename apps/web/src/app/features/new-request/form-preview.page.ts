import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { map } from 'rxjs';
import { findAgendaDefinition } from '@agendy/workflow/agendas';
import { AgendaForm, type FormValidator, type FormValidity, type FormValue } from '@agendy/web/request/ui-form';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { filingFields } from './agenda-areas';
import { browserFormValidator } from './browser-form-validator';

/**
 * `/nova-zadost/nahled/:code`: any shipped agenda's form rendered from its definition and checked
 * in the browser with the engine's `validateForm` — the same schema and messages as the server.
 * Nothing is saved; the agenda designer will reuse this preview.
 */
@Component({
  selector: 'ag-form-preview-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgendaForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './form-preview.page.html',
  styleUrl: './form-preview.page.scss',
})
export class FormPreviewPage {
  protected readonly lang = inject(TranslationService).lang;
  private readonly form = viewChild(AgendaForm);

  protected readonly code = toSignal(inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('code') ?? '')), {
    initialValue: '',
  });
  protected readonly definition = computed(() => findAgendaDefinition(this.code()));
  protected readonly editableFields = computed(() => {
    const definition = this.definition();
    return definition ? filingFields(definition) : [];
  });

  /** Full validation, as on submitting; the form shows each error once its field was visited. */
  protected readonly validate = computed<FormValidator | null>(() => {
    const definition = this.definition();
    return definition ? browserFormValidator(definition) : null;
  });

  protected readonly data = signal<FormValue>({});
  protected readonly validity = signal<FormValidity | null>(null);
  /** The result of the last "Zkontrolovat", announced in a status region. */
  protected readonly checkResult = signal<FormValidity | null>(null);

  protected check(): void {
    const form = this.form();
    if (form) this.checkResult.set(form.revealErrors());
  }
}
