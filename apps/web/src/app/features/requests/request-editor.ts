import { computed, signal } from '@angular/core';
import type { RequestDetail } from '@agendy/shared/contracts';
import type { RequestsService } from '@agendy/web/request/data-access';
import type { FormFieldError, FormValue } from '@agendy/web/request/ui-form';
import { dataDiff, filledData, hasPendingFiles, isStale, saveStep, serverFieldErrors, withoutPendingFiles } from './request-model';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'invalid' | 'failed';

export interface RequestEditorOptions {
  requests: Pick<RequestsService, 'create' | 'patch'>;
  /** Agenda code for creating the draft on the first change (filing); omit for existing requests. */
  agenda?: string;
  /** Fields allowed in the draft before it exists (editable fields of the filing steps). */
  filingFields?: () => readonly string[];
  /** Describes an error for the status line. */
  describe: (error: unknown) => string;
  /** Called when the server says the request changed meanwhile (409 STALE). */
  onStale: () => void;
  /** Called once the draft exists. */
  onCreated?: (request: RequestDetail) => void;
  debounceMs?: number;
}

/**
 * Autosave of a request's form: creates the draft on the first change (filing), then PATCHes the
 * changed fields with `expectedVersion`, one save at a time, debounced. Field errors from the server
 * are kept for the form; a STALE answer is handed to the page to reload.
 */
export class RequestEditor {
  readonly request = signal<RequestDetail | null>(null);
  readonly status = signal<SaveStatus>('idle');
  readonly savedAt = signal<Date | null>(null);
  readonly fieldErrors = signal<FormFieldError[]>([]);
  readonly failure = signal<string>('');
  readonly busy = computed(() => this.status() === 'saving' || this.status() === 'pending');

  private saved: FormValue = {};
  private pending: FormValue | null = null;
  private running: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: RequestEditorOptions) {}

  /** Sets the request as loaded from the server (also after a reload). */
  load(request: RequestDetail | null): void {
    clearTimeout(this.timer);
    this.pending = null;
    this.stopped = false;
    this.request.set(request);
    this.saved = request ? { ...request.data } : {};
    this.fieldErrors.set([]);
    this.failure.set('');
    this.status.set('idle');
  }

  /** Whether changes can be saved without taking a step. */
  canAutosave(): boolean {
    const request = this.request();
    return request ? saveStep(request) !== null : !!this.options.agenda;
  }

  /**
   * No more saves until the next load(): the page took a step or is gone. A late debounced save
   * would only meet the step's new version (409) and reload a page nobody looks at.
   */
  stop(): void {
    clearTimeout(this.timer);
    this.pending = null;
    this.stopped = true;
  }

  /**
   * A change is on its way (a picked file is being uploaded): until it arrives the status must not
   * say "saved", or someone leaves the page before the file is in the request.
   */
  expectChange(): void {
    if (this.stopped || !this.canAutosave()) return;
    clearTimeout(this.timer);
    this.status.set('pending');
  }

  /** The form changed: save after a pause — unless a picked file is still uploading (its arrival changes the form again). */
  change(value: FormValue): void {
    if (this.stopped || !this.canAutosave()) return;
    this.pending = value;
    this.status.set('pending');
    clearTimeout(this.timer);
    if (hasPendingFiles(value)) return;
    this.timer = setTimeout(() => void this.flush(), this.options.debounceMs ?? 700);
  }

  /** Saves now (waits for a running save); true when everything is saved. */
  async flush(value?: FormValue): Promise<boolean> {
    clearTimeout(this.timer);
    if (value) this.pending = value;
    while (this.running) await this.running;
    if (this.pending === null) return this.status() !== 'invalid' && this.status() !== 'failed';
    const next = this.pending;
    this.pending = null;
    this.running = this.save(next).finally(() => (this.running = null));
    const ok = await this.running;
    if (ok && this.pending !== null) return this.flush();
    return ok;
  }

  /** Data changed in the form but not yet sent, for a step that carries it (no save step). */
  diffFor(current: FormValue, fields: readonly string[]): FormValue {
    return dataDiff(this.saved, current, fields);
  }

  private async save(picked: FormValue): Promise<boolean> {
    const value = withoutPendingFiles(picked);
    const request = this.request();
    this.status.set('saving');
    try {
      let result: RequestDetail;
      if (!request) {
        if (!this.options.agenda) return false;
        result = await this.options.requests.create({ agenda: this.options.agenda, data: filledData(value, this.options.filingFields?.()) });
        this.options.onCreated?.(result);
      } else {
        const step = saveStep(request);
        if (!step) return false;
        const diff = dataDiff(this.saved, value, step.editableFields);
        if (Object.keys(diff).length === 0) {
          this.status.set(this.savedAt() ? 'saved' : 'idle');
          this.fieldErrors.set([]);
          return true;
        }
        result = await this.options.requests.patch(request.id, { data: diff, expectedVersion: request.version });
      }
      this.request.set(result);
      this.saved = { ...result.data };
      this.fieldErrors.set([]);
      this.failure.set('');
      this.savedAt.set(new Date());
      this.status.set('saved');
      return true;
    } catch (error) {
      if (isStale(error)) {
        this.status.set('failed');
        this.failure.set(this.options.describe(error));
        this.options.onStale();
        return false;
      }
      const fieldErrors = serverFieldErrors(error);
      this.fieldErrors.set(fieldErrors);
      this.failure.set(this.options.describe(error));
      this.status.set(fieldErrors.length ? 'invalid' : 'failed');
      return false;
    }
  }
}
