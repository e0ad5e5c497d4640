import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDetail, RequestDetail } from '@agendy/shared/contracts';
import { AgendasService, RequestsService } from '@agendy/web/request/data-access';
import { ALL_FIELDS, AgendaForm, requiredFieldErrors, type AttachmentSelection, type FormValidator, type FormValue } from '@agendy/web/request/ui-form';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { FlashMessage } from '../../core/ui/flash';
import { RequestEditor } from './request-editor';
import { editableFieldsOf, isStale, serverFieldErrors, submitAction, submitTransitionOf } from './request-model';
import { SaveStatusLine } from './save-status';
import { StepDialog } from './step-dialog';
import { attachToForm, uploadAll, type UploadState } from './uploads';

/**
 * `/nova-zadost/:code[?koncept=<id>]`: fills in a new request from the agenda's published form. The
 * draft is created on the first change and saved automatically; the agenda's submit step sends it.
 */
@Component({
  selector: 'ag-filing-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgendaForm, SaveStatusLine, StepDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './filing.page.html',
  styleUrl: './request-pages.scss',
})
export class FilingPage {
  private readonly agendas = inject(AgendasService);
  private readonly requests = inject(RequestsService);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly flash = inject(FlashMessage);
  private readonly route = inject(ActivatedRoute);
  protected readonly lang = this.i18n.lang;

  private readonly form = viewChild(AgendaForm);
  private readonly dialog = viewChild.required(StepDialog);
  private readonly messageEl = viewChild<ElementRef<HTMLElement>>('messageRef');

  protected readonly code = this.route.snapshot.paramMap.get('code') ?? '';
  protected readonly agenda = signal<AgendaDetail | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly loading = signal(true);
  /** Data handed to the form: set on load and after a reload, not echoed while typing. */
  protected readonly formValue = signal<FormValue>({});
  protected readonly message = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly uploads = signal<UploadState[]>([]);
  private echo = false;

  protected readonly editor = new RequestEditor({
    requests: this.requests,
    agenda: this.code,
    filingFields: () => this.filingFields(),
    describe: (error) => this.errors.describe(error).message,
    onStale: () => void this.reloadAfterStale(),
    onCreated: (request) => this.location.replaceState(`/nova-zadost/${encodeURIComponent(this.code)}`, `koncept=${request.id}`),
  });

  protected readonly editableFields = computed(() => {
    const request = this.editor.request();
    return request ? editableFieldsOf(request) : [ALL_FIELDS];
  });
  protected readonly validate = computed<FormValidator | null>(() => {
    const agenda = this.agenda();
    return agenda ? (value) => requiredFieldErrors(agenda.form, value) : null;
  });
  protected readonly submitStep = computed(() => {
    const request = this.editor.request();
    if (request) {
      const action = submitAction(request);
      return action ? { name: action.name, label: action.label, commentRequired: action.commentRequired, enabled: action.enabled, disabledReason: action.disabledReason } : null;
    }
    const agenda = this.agenda();
    const transition = agenda ? submitTransitionOf(agenda) : null;
    return transition ? { name: transition.name, label: transition.label, commentRequired: false, enabled: true, disabledReason: null } : null;
  });

  constructor() {
    void this.load();
  }

  private filingFields(): string[] {
    const agenda = this.agenda();
    if (!agenda) return [];
    return Object.entries(agenda.form.ui.fields)
      .filter(([, ui]) => ui.readonly !== true)
      .map(([name]) => name);
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      const draftId = this.route.snapshot.queryParamMap.get('koncept');
      const draft = draftId ? await this.requests.get(draftId) : null;
      const agenda = draft ? await this.agendas.version(draft.agenda.code, draft.agenda.version) : await this.agendas.published(this.code);
      if (draft && (draft.state.id !== agenda.initialState || !editableFieldsOf(draft).length)) {
        // Not a draft any more: the detail page shows it.
        void this.router.navigate(['/zadosti', draft.id], { replaceUrl: true });
        return;
      }
      this.agenda.set(agenda);
      this.editor.load(draft);
      this.formValue.set(draft ? { ...draft.data } : {});
    } catch (error) {
      const described = this.errors.describe(error);
      this.loadError.set(described.code === 'NOT_FOUND' ? this.i18n.t('filing.notFound', { code: this.code }) : described.message);
    } finally {
      this.loading.set(false);
    }
  }

  protected changed(value: FormValue): void {
    // The form also reports data we set ourselves (after a STALE reload): that keeps the message.
    if (this.echo) this.echo = false;
    else this.message.set(null);
    this.editor.change(value);
  }

  /** Files picked in an attachment field: the draft must exist first, then upload and reference them. */
  protected async formAttachments(selection: AttachmentSelection): Promise<void> {
    const form = this.form();
    const agenda = this.agenda();
    if (!form || !agenda) return;
    if (!this.editor.request()) await this.editor.flush(form.currentValue());
    const request = this.editor.request();
    if (!request) return;
    this.editor.expectChange();
    const uploaded = await uploadAll(this.requests, request.id, selection.files, this.uploads, this.i18n, this.errors);
    const picked = selection.files.map((f) => f.name);
    const value = attachToForm(agenda.form, form.currentValue(), selection.field, uploaded, picked);
    this.formValue.set(value);
    this.editor.change(value);
  }

  private async reloadAfterStale(): Promise<void> {
    const request = this.editor.request();
    if (!request) return;
    try {
      const fresh = await this.requests.get(request.id);
      this.editor.load(fresh);
      this.echo = true;
      this.formValue.set({ ...fresh.data });
    } catch {
      // the message below still explains what happened
    }
    this.showMessage(this.i18n.t('stale.message'));
  }

  private showMessage(text: string): void {
    this.message.set(text);
    setTimeout(() => this.messageEl()?.nativeElement.focus());
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = this.form();
    const step = this.submitStep();
    const agenda = this.agenda();
    if (!form || !step || !agenda || this.submitting()) return;
    this.message.set(null);
    const validity = form.revealErrors();
    if (!validity.valid) return;
    if (!step.enabled) {
      this.showMessage(step.disabledReason?.[this.lang()] ?? this.i18n.t('error.GUARD_FAILED'));
      return;
    }
    const label = step.label[this.lang()];
    const answer = await this.dialog().open({
      title: this.i18n.t('filing.confirmTitle'),
      text: this.i18n.t('filing.confirmText', { name: agenda.name[this.lang()], step: label }),
      confirmLabel: label,
      comment: step.commentRequired ? 'required' : 'none',
    });
    if (!answer) return;
    this.submitting.set(true);
    try {
      const saved = await this.editor.flush(form.currentValue());
      const request = this.editor.request();
      if (!saved || !request) {
        form.revealErrors();
        if (this.editor.status() === 'failed') this.showMessage(this.editor.failure());
        return;
      }
      const result: RequestDetail = await this.requests.transition(request.id, {
        transition: step.name,
        expectedVersion: request.version,
        ...(answer.comment ? { comment: answer.comment } : {}),
      });
      this.editor.stop();
      this.flash.set(this.i18n.t('detail.done', { step: label, state: result.state.label[this.lang()] }));
      void this.router.navigate(['/zadosti', result.id]);
    } catch (error) {
      if (isStale(error)) {
        await this.reloadAfterStale();
        return;
      }
      const fieldErrors = serverFieldErrors(error);
      if (fieldErrors.length) {
        // The error summary at the top of the form takes the focus and links to the fields.
        this.editor.fieldErrors.set(fieldErrors);
        this.message.set(this.errors.describe(error).message);
        setTimeout(() => this.form()?.revealErrors());
      } else {
        this.showMessage(this.errors.describe(error).message);
      }
    } finally {
      this.submitting.set(false);
    }
  }
}
