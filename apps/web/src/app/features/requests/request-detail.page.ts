import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaDetail, CommentInfo, HistoryItem, PartyRef, RequestAction, RequestDetail } from '@agendy/shared/contracts';
import { AgendasService, RequestsService } from '@agendy/web/request/data-access';
import { AgendaForm, requiredFieldErrors, type AttachmentSelection, type FormValidator, type FormValue } from '@agendy/web/request/ui-form';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe, AgNumberPipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { FlashMessage } from '../../core/ui/flash';
import { RequestEditor } from './request-editor';
import { editableFieldsOf, isStale, saveStep, serverFieldErrors, stepActions } from './request-model';
import { SaveStatusLine } from './save-status';
import { StateChip } from './state-chip';
import { StepDialog } from './step-dialog';
import { attachToForm, uploadAll, type UploadState } from './uploads';
import { RequestDocumentsPanel } from '../documents/request-documents.panel';

export interface HistoryEntry extends HistoryItem {
  times: number;
}

/** Merges consecutive self-loop steps (autosave) of the same person; their changed fields are united. */
export function collapseSaves(items: readonly HistoryItem[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    const isSave = item.kind === 'transition' && item.from === item.to && !item.comment;
    if (last && isSave && last.kind === 'transition' && last.from === last.to && !last.comment && last.transition === item.transition && last.actor.id === item.actor.id && last.onBehalfOf?.id === item.onBehalfOf?.id) {
      out[out.length - 1] = { ...item, times: last.times + 1, changedFields: [...new Set([...last.changedFields, ...item.changedFields])] };
    } else {
      out.push({ ...item, times: 1 });
    }
  }
  return out;
}

interface ProgressStep {
  id: string;
  label: string;
  status: 'done' | 'current' | 'next';
}

/**
 * `/zadosti/:id` (the e-mails link here): header with reference and state, workflow progress, the
 * form (editable per step), the steps I may take, attachments, comments and the full history.
 */
@Component({
  selector: 'ag-request-detail-page',
  imports: [MatButtonModule, TranslatePipe, AgDatePipe, AgNumberPipe, AgendaForm, SaveStatusLine, StateChip, StepDialog, RequestDocumentsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './request-detail.page.html',
  styleUrls: ['./request-pages.scss', './request-detail.page.scss'],
})
export class RequestDetailPage {
  private readonly agendas = inject(AgendasService);
  private readonly requests = inject(RequestsService);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly flash = inject(FlashMessage);
  protected readonly lang = this.i18n.lang;

  private readonly form = viewChild(AgendaForm);
  private readonly dialog = viewChild.required(StepDialog);
  private readonly noticeEl = viewChild<ElementRef<HTMLElement>>('noticeRef');
  private readonly messageEl = viewChild<ElementRef<HTMLElement>>('messageRef');
  private readonly commentBox = viewChild<ElementRef<HTMLTextAreaElement>>('commentBox');

  protected readonly id = signal('');
  protected readonly agenda = signal<AgendaDetail | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly formValue = signal<FormValue>({});
  protected readonly notice = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly comments = signal<CommentInfo[]>([]);
  protected readonly commentError = signal(false);
  protected readonly commentStatus = signal('');
  protected readonly uploads = signal<UploadState[]>([]);

  protected readonly editor = new RequestEditor({
    requests: this.requests,
    describe: (error) => this.errors.describe(error).message,
    onStale: () => void this.reload(true),
  });
  protected readonly request = this.editor.request;

  protected readonly actions = computed(() => {
    const request = this.request();
    return request ? stepActions(request) : [];
  });
  protected readonly editableFields = computed(() => {
    const request = this.request();
    return request ? editableFieldsOf(request) : [];
  });
  protected readonly autosave = computed(() => {
    const request = this.request();
    return !!request && saveStep(request) !== null;
  });
  protected readonly canUpload = computed(() => {
    const request = this.request();
    return !!request && !request.final;
  });
  protected readonly validate = computed<FormValidator | null>(() => {
    const agenda = this.agenda();
    return agenda && this.editableFields().length ? (value) => requiredFieldErrors(agenda.form, value) : null;
  });
  protected readonly progress = computed<ProgressStep[]>(() => {
    const request = this.request();
    const agenda = this.agenda();
    if (!request || !agenda) return [];
    const visited = new Set(request.history.flatMap((h) => [h.from, h.to]).filter((s): s is string => !!s));
    const lang = this.lang();
    return agenda.states
      .filter((s) => !s.final || s.id === request.state.id)
      .map((s) => ({
        id: s.id,
        label: s.label[lang],
        status: s.id === request.state.id ? 'current' : visited.has(s.id) ? 'done' : 'next',
      }));
  });
  protected readonly dueAt = computed(() => {
    const request = this.request();
    if (!request || request.final) return null;
    return request.deadlines.find((d) => d.state === request.state.id)?.dueAt ?? null;
  });
  /** Newest first; a run of autosaves by the same person reads as one entry ("3×"). */
  protected readonly history = computed(() => collapseSaves(this.request()?.history ?? []).reverse());

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((params) => {
        this.id.set(params.get('id') ?? '');
        void this.reload(false);
      });
    const flash = this.flash.take();
    if (flash) this.showNotice(flash);
  }

  protected async reload(stale: boolean): Promise<void> {
    const id = this.id();
    try {
      const request = await this.requests.get(id);
      const agenda = await this.agendas.version(request.agenda.code, request.agenda.version);
      if (id !== this.id()) return;
      this.agenda.set(agenda);
      this.editor.load(request);
      this.formValue.set({ ...request.data });
      this.loadError.set(null);
      void this.loadComments();
      if (stale) this.showMessage(this.i18n.t('stale.message'));
      else if (this.notice()) setTimeout(() => this.noticeEl()?.nativeElement.focus());
    } catch (error) {
      if (!this.request()) this.loadError.set(this.errors.describe(error).message);
      else this.showMessage(this.errors.describe(error).message);
    }
  }

  private async loadComments(): Promise<void> {
    try {
      this.comments.set(await this.requests.comments(this.id()));
    } catch {
      // the comments section simply stays as it was
    }
  }

  private showNotice(text: string): void {
    this.message.set(null);
    this.notice.set(text);
    setTimeout(() => this.noticeEl()?.nativeElement.focus());
  }

  private showMessage(text: string): void {
    this.message.set(text);
    setTimeout(() => this.messageEl()?.nativeElement.focus());
  }

  protected changed(value: FormValue): void {
    if (this.autosave()) this.editor.change(value);
  }

  protected async act(action: RequestAction): Promise<void> {
    const request = this.request();
    if (!request || this.busy()) return;
    const lang = this.lang();
    const label = action.label[lang];
    const answer = await this.dialog().open({
      title: action.kind === 'vote' ? this.i18n.t('action.vote', { step: label }) : label,
      text: this.i18n.t('action.confirmText', { step: label, ref: request.reference }),
      confirmLabel: label,
      comment: action.commentRequired ? 'required' : 'optional',
      danger: action.style === 'danger',
    });
    if (!answer) return;
    this.busy.set(true);
    this.message.set(null);
    try {
      let data: FormValue | undefined;
      const form = this.form();
      if (form && this.editableFields().length) {
        if (this.autosave()) {
          if (!(await this.editor.flush(form.currentValue()))) {
            this.showMessage(this.editor.failure());
            return;
          }
        } else {
          const diff = Object.fromEntries(
            Object.entries(this.editor.diffFor(form.currentValue(), action.editableFields)).filter(([, v]) => v !== null),
          );
          if (Object.keys(diff).length) data = diff;
        }
      }
      const current = this.request() ?? request;
      const result: RequestDetail = await this.requests.transition(current.id, {
        transition: action.name,
        ...(action.kind === 'vote' ? { kind: 'vote' as const } : {}),
        expectedVersion: current.version,
        ...(data ? { data } : {}),
        ...(answer.comment ? { comment: answer.comment } : {}),
      });
      this.editor.load(result);
      this.formValue.set({ ...result.data });
      this.showNotice(this.i18n.t('detail.done', { step: label, state: result.state.label[lang] }));
      void this.loadComments();
    } catch (error) {
      if (isStale(error)) {
        await this.reload(true);
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
      this.busy.set(false);
    }
  }

  protected async addComment(event: Event): Promise<void> {
    event.preventDefault();
    const box = this.commentBox()?.nativeElement;
    const body = box?.value.trim() ?? '';
    if (!box || !body) {
      this.commentError.set(true);
      box?.focus();
      return;
    }
    this.commentError.set(false);
    try {
      const comment = await this.requests.addComment(this.id(), body);
      this.comments.update((list) => [...list, comment]);
      box.value = '';
      this.commentStatus.set(this.i18n.t('detail.commentAdded'));
    } catch (error) {
      this.commentStatus.set(this.errors.describe(error).message);
    }
  }

  protected async uploadFiles(input: HTMLInputElement): Promise<void> {
    const files = Array.from(input.files ?? []);
    input.value = '';
    const request = this.request();
    if (!request || !files.length) return;
    const uploaded = await uploadAll(this.requests, request.id, files, this.uploads, this.i18n, this.errors);
    if (uploaded.length) this.request.update((r) => (r ? { ...r, attachments: [...r.attachments, ...uploaded] } : r));
  }

  /** Files picked in an attachment field of the form: upload, then put the references into the data. */
  protected async formAttachments(selection: AttachmentSelection): Promise<void> {
    const request = this.request();
    const form = this.form();
    const agenda = this.agenda();
    if (!request || !form || !agenda) return;
    const uploaded = await uploadAll(this.requests, request.id, selection.files, this.uploads, this.i18n, this.errors);
    const picked = selection.files.map((f) => f.name);
    this.request.update((r) => (r ? { ...r, attachments: [...r.attachments, ...uploaded] } : r));
    const value = attachToForm(agenda.form, form.currentValue(), selection.field, uploaded, picked);
    this.formValue.set(value);
    this.changed(value);
  }

  protected attachmentUrl(fileId: string): string {
    return this.requests.attachmentUrl(this.id(), fileId);
  }

  protected party(party: PartyRef): string {
    switch (party.kind) {
      case 'user':
        return party.displayName ?? party.userId;
      case 'role':
        return party.label?.[this.lang()] ?? party.role;
      default:
        return this.i18n.t('detail.deptHead', { name: party.departmentName ?? '' });
    }
  }

  protected what(item: HistoryItem): string {
    const lang = this.lang();
    switch (item.kind) {
      case 'transition':
        return item.transitionLabel?.[lang] ?? item.transition ?? this.i18n.t('detail.history.transition');
      case 'vote':
        return `${this.i18n.t('detail.history.vote')}: ${this.i18n.t(item.vote === 'reject' ? 'detail.voteReject' : 'detail.voteApprove')}`;
      case 'created':
        return this.i18n.t('detail.history.created');
      case 'approvalResolved':
        return this.i18n.t('detail.history.approvalResolved');
      case 'reminder':
        return this.i18n.t('detail.history.reminder');
      case 'migration':
        return this.i18n.t('detail.history.migration', { version: String(item.agendaVersion ?? '') });
      default:
        return this.i18n.t('detail.history.escalation');
    }
  }

  protected stateLabel(id: string | null): string {
    if (!id) return '';
    return this.agenda()?.states.find((s) => s.id === id)?.label[this.lang()] ?? id;
  }

  protected fieldLabels(fields: readonly string[]): string {
    const ui = this.agenda()?.form.ui.fields ?? {};
    return fields.map((f) => ui[f]?.label[this.lang()] ?? f).join(', ');
  }

  protected kb(size: number): number {
    return Math.max(1, Math.round(size / 1024));
  }

}
