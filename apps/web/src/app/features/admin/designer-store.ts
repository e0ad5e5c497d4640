import { Injectable, computed, inject, signal } from '@angular/core';
import type { AgendaDirectoryWarning, DesignerVersion } from '@agendy/shared/contracts';
import type { AgendaDefinition, DefinitionError } from '@agendy/workflow/engine';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { TranslationService } from '../../core/i18n/translation.service';
import { DesignerApi } from './designer-api';
import { locateErrors } from './model/definition-errors';

const VALIDATE_DELAY_MS = 400;

/**
 * State of one agenda in the designer: its versions, the version on screen, the definition being
 * edited (a draft) and the validator's errors for it. Every edit goes through `update()`, which
 * copies the definition (signals compare by identity) and asks the server to validate it.
 */
@Injectable()
export class DesignerStore {
  private readonly api = inject(DesignerApi);
  private readonly errorMessages = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);

  readonly code = signal('');
  readonly versions = signal<DesignerVersion[]>([]);
  readonly version = signal<number | null>(null);
  readonly definition = signal<AgendaDefinition | null>(null);
  readonly errors = signal<DefinitionError[]>([]);
  readonly located = computed(() => locateErrors(this.errors()));
  readonly dirty = signal(false);
  readonly busy = signal(false);
  readonly message = signal<{ text: string; error: boolean } | null>(null);
  readonly validating = signal(false);

  readonly status = computed(() => this.versions().find((v) => v.version === this.version())?.status ?? null);
  readonly editable = computed(() => this.status() === 'draft');
  readonly draft = computed(() => this.versions().find((v) => v.status === 'draft') ?? null);
  readonly published = computed(() => this.versions().find((v) => v.status === 'published') ?? null);

  /**
   * What the last publish said about the directory (issue 19): parties of the published version nobody
   * can act for now. Publishing goes ahead regardless; cleared when another version is opened.
   */
  readonly directoryWarnings = signal<AgendaDirectoryWarning[]>([]);

  /** Document codes of the published version (its templates can be edited while a draft is open). */
  readonly publishedDocuments = signal<string[]>([]);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private validationRun = 0;

  async load(code: string, version?: number): Promise<void> {
    this.code.set(code);
    this.directoryWarnings.set([]);
    await this.run(async () => {
      const versions = await this.api.versions(code);
      this.versions.set(versions);
      const chosen = version ?? (versions.find((v) => v.status === 'draft') ?? versions.find((v) => v.status === 'published') ?? versions[versions.length - 1]).version;
      this.version.set(chosen);
      const definition = await this.api.definition(code, chosen);
      this.definition.set(definition);
      const published = versions.find((v) => v.status === 'published');
      this.publishedDocuments.set(
        published ? (published.version === chosen ? definition : await this.api.definition(code, published.version)).documents.map((d) => d.code) : [],
      );
      this.errors.set([]);
      this.dirty.set(false);
    });
  }

  /** Applies an edit to a copy of the draft and schedules validation. */
  update(edit: (d: AgendaDefinition) => void): void {
    const current = this.definition();
    if (!current || !this.editable()) return;
    const copy = structuredClone(current);
    edit(copy);
    this.replace(copy);
  }

  /** Replaces the whole definition (the JSON editor). */
  replace(definition: AgendaDefinition): void {
    this.definition.set(definition);
    this.dirty.set(true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.validateNow(), VALIDATE_DELAY_MS);
  }

  async validateNow(): Promise<boolean> {
    const definition = this.definition();
    if (!definition) return false;
    const run = ++this.validationRun;
    this.validating.set(true);
    try {
      const result = await this.api.validate(definition);
      if (run === this.validationRun) this.errors.set(result.errors);
      return result.ok;
    } catch (e) {
      this.say(this.errorMessages.describe(e).message, true);
      return false;
    } finally {
      if (run === this.validationRun) this.validating.set(false);
    }
  }

  async save(): Promise<boolean> {
    const definition = this.definition();
    const version = this.version();
    if (!definition || version === null) return false;
    clearTimeout(this.timer);
    return this.run(async () => {
      try {
        await this.api.saveDraft(this.code(), version, definition);
      } catch (e) {
        // Saving answers with the same error shape as validating (pointer, rule, message: issue 20).
        const problem = (e as { error?: { errors?: DefinitionError[] } }).error;
        if (problem?.errors) this.errors.set(problem.errors);
        throw e;
      }
      this.dirty.set(false);
      this.errors.set([]);
      this.versions.set(await this.api.versions(this.code()));
    }, 'admin.saved');
  }

  async createDraft(): Promise<void> {
    await this.run(async () => {
      const info = await this.api.createDraft(this.code());
      await this.load(this.code(), info.version);
    }, 'admin.draftCreated');
  }

  async publish(): Promise<boolean> {
    const version = this.version();
    if (version === null) return false;
    if (this.dirty() && !(await this.save())) return false;
    this.directoryWarnings.set([]);
    return this.run(async () => {
      const published = await this.api.publish(this.code(), version);
      const warnings = published.directoryWarnings ?? [];
      this.versions.set(await this.api.versions(this.code()));
      this.publishedDocuments.set(this.definition()?.documents.map((d) => d.code) ?? []);
      this.directoryWarnings.set(warnings);
      this.say(warnings.length ? this.i18n.t('admin.publishWarnings.published', { n: warnings.length }) : this.i18n.t('admin.published'));
    });
  }

  async retire(): Promise<void> {
    await this.run(async () => {
      await this.api.retire(this.code());
      this.versions.set(await this.api.versions(this.code()));
    }, 'admin.retired');
  }

  async discard(): Promise<void> {
    const version = this.version();
    if (version === null) return;
    await this.run(async () => {
      await this.api.discardDraft(this.code(), version);
    });
    await this.load(this.code());
  }

  say(text: string, error = false): void {
    this.message.set({ text, error });
  }

  private async run(work: () => Promise<void>, success?: TranslationKey): Promise<boolean> {
    this.busy.set(true);
    try {
      await work();
      if (success) this.say(this.i18n.t(success));
      return true;
    } catch (e) {
      this.say(this.errorMessages.describe(e).message, true);
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
