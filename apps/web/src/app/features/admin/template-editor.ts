import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import type { DocumentTemplateBody, DocumentTemplateInfo } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { API_BASE } from '../../core/http/api';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { kindOf, properties } from './model/field-kinds';

/**
 * A document template of the agenda (endpoints of feature-documents): its blocks as JSON with the
 * placeholders the form offers, saved to the database and previewed as PDF over sample data.
 * Templates belong to the published agenda, so the editor opens once the agenda is published.
 */
@Component({
  selector: 'ag-template-editor',
  imports: [MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin-pages.scss',
  template: `
    @if (!info()) {
      <button matButton type="button" (click)="load()">{{ 'admin.tpl.open' | t: { name: name() } }}</button>
    } @else {
      <p class="hint">{{ (info()!.origin === 'database' ? 'admin.tpl.fromDb' : 'admin.tpl.shipped') | t: { v: info()!.version } }}</p>
      <label class="field field--wide">
        <span>{{ 'admin.tpl.body' | t: { name: name() } }}</span>
        <textarea class="code" rows="14" spellcheck="false" [value]="text()" (input)="edit($any($event.target).value)" [attr.aria-invalid]="syntax() !== null"></textarea>
      </label>
      @if (syntax(); as err) {
        <p class="error-text" role="alert">{{ 'admin.json.syntax' | t }} {{ err }}</p>
      }
      <details>
        <summary>{{ 'admin.tpl.placeholders' | t }}</summary>
        <ul class="placeholders">
          @for (p of placeholders(); track p.code) {
            <li><code>{{ p.code }}</code> – {{ p.label }}</li>
          }
        </ul>
      </details>
      <div class="row">
        <button matButton="outlined" type="button" [disabled]="busy() || syntax() !== null" (click)="preview()">{{ 'admin.tpl.preview' | t }}</button>
        <button matButton="filled" type="button" [disabled]="busy() || syntax() !== null" (click)="save()">{{ 'admin.tpl.save' | t }}</button>
      </div>
    }
    @if (message(); as m) {
      <p [class.error-text]="m.error" [attr.role]="m.error ? 'alert' : 'status'">{{ m.text }}</p>
    }
  `,
})
export class TemplateEditor {
  private readonly http = inject(HttpClient);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly document = inject(DOCUMENT);
  readonly definition = input.required<AgendaDefinition>();
  readonly code = input.required<string>();
  protected readonly info = signal<DocumentTemplateInfo | null>(null);
  protected readonly text = signal('');
  protected readonly syntax = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly message = signal<{ text: string; error: boolean } | null>(null);
  protected readonly name = computed(() => this.definition().documents.find((d) => d.code === this.code())?.name[this.i18n.lang()] ?? this.code());
  private body: DocumentTemplateBody | null = null;

  /** What a template may print: the form's fields (dates and amounts formatted), the request and the office. */
  protected readonly placeholders = computed(() => {
    const d = this.definition();
    const lang = this.i18n.lang();
    const fields = Object.keys(properties(d)).map((f) => {
      const kind = kindOf(d, f);
      const code = kind === 'date' ? `{{date:${f}}}` : kind === 'money' ? `{{money:${f}}}` : kind === 'select' ? `{{label:${f}}}` : `{{data.${f}}}`;
      return { code, label: d.form.ui.fields[f]?.label?.[lang] ?? f };
    });
    return [
      ...fields,
      { code: '{{request.reference}}', label: this.i18n.t('admin.tpl.reference') },
      { code: '{{office.name}}', label: this.i18n.t('admin.tpl.office') },
    ];
  });

  private url(suffix = ''): string {
    return `${API_BASE}/admin/agendas/${this.definition().code}/templates/${this.code()}${suffix}`;
  }

  protected async load(): Promise<void> {
    await this.guard(async () => {
      const info = await firstValueFrom(this.http.get<DocumentTemplateInfo>(this.url()));
      this.info.set(info);
      this.body = info.body;
      this.text.set(JSON.stringify(info.body, null, 2));
    });
  }

  protected edit(text: string): void {
    try {
      this.body = JSON.parse(text) as DocumentTemplateBody;
      this.syntax.set(null);
    } catch (e) {
      this.syntax.set(e instanceof Error ? e.message : String(e));
    }
  }

  protected async save(): Promise<void> {
    await this.guard(async () => {
      const info = await firstValueFrom(this.http.put<DocumentTemplateInfo>(this.url(), this.body));
      this.info.set(info);
      this.message.set({ text: this.i18n.t('admin.tpl.saved', { v: info.version }), error: false });
    });
  }

  /** Renders the template on screen (unsaved) over sample data and opens the PDF in a new tab. */
  protected async preview(): Promise<void> {
    await this.guard(async () => {
      const pdf = await firstValueFrom(this.http.post(this.url('/preview'), { template: this.body, data: {} }, { responseType: 'blob' }));
      const href = URL.createObjectURL(pdf);
      const a = this.document.createElement('a');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener';
      a.download = `${this.code()}-nahled.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      this.message.set({ text: this.i18n.t('admin.tpl.previewReady'), error: false });
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      await work();
    } catch (e) {
      this.message.set({ text: this.errors.describe(e).message, error: true });
    } finally {
      this.busy.set(false);
    }
  }
}
