import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import type { DocumentInfo, SignatureTaskInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DocumentsApi } from './documents-api';
import { SignDialog } from './sign-dialog';

/**
 * The request's documents and signatures, shown on the request detail page: generated PDFs with
 * their versions, the signature order and — when it is my turn — the signing action.
 */
@Component({
  selector: 'ag-request-documents',
  imports: [MatButtonModule, TranslatePipe, AgDatePipe, SignDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <p class="docs__error" role="alert">{{ message }}</p>
    }
    @if (documents().length) {
      <section class="docs" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{{ 'documents.heading' | t }}</h2>
        @if (notice(); as n) {
          <p class="docs__notice" role="status">{{ n }}</p>
        }
        <ul class="docs__list">
          @for (doc of documents(); track doc.id) {
            <li class="docs__item" [attr.data-status]="doc.status">
              <div class="docs__head">
                <span class="docs__title">{{ doc.title }}</span>
                <span class="docs__meta">{{ 'documents.version' | t: { n: doc.version } }} · {{ doc.createdAt | agDate: 'dateTime' }}</span>
                <span class="docs__chip">{{ statusKey(doc) | t }}</span>
              </div>
              <div class="docs__actions">
                <a matButton [href]="api.pdfUrl(doc.id)" [attr.download]="doc.fileName">{{ 'documents.download' | t }}</a>
                <button matButton type="button" [attr.aria-expanded]="previewOf() === doc.id" (click)="togglePreview(doc)">
                  {{ (previewOf() === doc.id ? 'documents.hide' : 'documents.show') | t }}
                </button>
                @for (task of doc.signatures; track task.id) {
                  @if (task.canSign && task.level !== 'qualified') {
                    <button matButton="filled" type="button" (click)="sign(doc, task)">{{ 'documents.sign' | t }}</button>
                  }
                }
              </div>
              @for (task of doc.signatures; track task.id) {
                @if (task.canSign && task.level === 'qualified') {
                  <div class="docs__upload">
                    <p [id]="'upload-help-' + task.id">{{ 'documents.uploadHelp' | t }}</p>
                    <label [for]="'upload-' + task.id">{{ 'documents.uploadSigned' | t }}</label>
                    <input #signedFile type="file" accept="application/pdf,.pdf" [id]="'upload-' + task.id" [attr.aria-describedby]="'upload-help-' + task.id" />
                    <button matButton="filled" type="button" [disabled]="busy()" (click)="uploadSigned(doc, task, signedFile)">{{ 'documents.sign' | t }}</button>
                  </div>
                }
              }
              @if (previewOf() === doc.id && preview(); as src) {
                <iframe class="docs__pdf" [src]="src" [title]="'documents.preview' | t: { title: doc.title }"></iframe>
              }
              @if (doc.signatures.length) {
                <h3 class="docs__sub">{{ 'documents.signatures' | t }}</h3>
                <ol class="docs__order">
                  @for (task of doc.signatures; track task.id) {
                    <li [attr.data-status]="task.status">
                      <strong>{{ task.signerLabel ?? ('documents.seal' | t) }}</strong>
                      ({{ levelKey(task) | t }}) — {{ taskKey(task) | t }}
                      @if (task.signedAt) {
                        · {{ 'documents.signedBy' | t: { name: task.signedBy?.displayName ?? ('documents.seal' | t), date: (task.signedAt | agDate: 'dateTime') } }}
                        @if (task.onBehalfOf; as p) {
                          · {{ 'documents.onBehalfOf' | t: { name: p.displayName } }}
                        }
                      }
                    </li>
                  }
                </ol>
              }
            </li>
          }
        </ul>
      </section>
    }
    <ag-sign-dialog #signDialog [title]="signing()?.title ?? ''" [confirmation]="confirmation()" (signed)="afterSigning()" />
  `,
  styles: `
    .docs {
      margin-top: 24px;
      padding: 16px 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
    }
    .docs h2 {
      margin: 0 0 12px;
      font: var(--mat-sys-title-large);
    }
    .docs__list,
    .docs__order {
      margin: 0;
      padding: 0;
    }
    .docs__list {
      list-style: none;
    }
    .docs__order {
      padding-left: 24px;
    }
    .docs__item + .docs__item {
      margin-top: 16px;
      padding-top: 16px;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .docs__item[data-status='superseded'] .docs__title {
      text-decoration: line-through;
    }
    .docs__head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 12px;
    }
    .docs__title {
      font-weight: 600;
    }
    .docs__meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .docs__chip {
      padding: 2px 10px;
      border-radius: 999px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
    .docs__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }
    .docs__sub {
      margin: 12px 0 4px;
      font: var(--mat-sys-title-small);
    }
    .docs__pdf {
      display: block;
      width: 100%;
      height: 70vh;
      margin-top: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: #fff;
    }
    .docs__upload {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin-top: 8px;
    }
    .docs__upload p {
      flex-basis: 100%;
      margin: 0;
    }
    .docs__upload label {
      font-weight: 600;
    }
    .docs__error {
      color: var(--mat-sys-error);
    }
    .docs__notice {
      font-weight: 600;
    }
  `,
})
export class RequestDocumentsPanel {
  readonly requestId = input.required<string>();
  /** A signature was made: the request may have moved on (the detail page can reload it). */
  readonly changed = output<void>();

  protected readonly api = inject(DocumentsApi);
  private readonly errors = inject(ErrorMessages);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = viewChild.required<SignDialog>('signDialog');

  protected readonly documents = signal<DocumentInfo[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly previewOf = signal<string | null>(null);
  protected readonly preview = signal<SafeResourceUrl | null>(null);
  protected readonly signing = signal<DocumentInfo | null>(null);
  protected readonly confirmation = signal<'password' | 'otp'>('password');
  protected readonly busy = signal(false);

  constructor() {
    effect(() => void this.load(this.requestId()));
  }

  protected statusKey(doc: DocumentInfo) {
    return `documents.status.${doc.status}` as const;
  }

  protected levelKey(task: SignatureTaskInfo) {
    return `documents.level.${task.level}` as const;
  }

  protected taskKey(task: SignatureTaskInfo) {
    return `documents.task.${task.status}` as const;
  }

  private async load(requestId: string): Promise<void> {
    try {
      this.documents.set((await this.api.list(requestId)).items);
      this.error.set(null);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected togglePreview(doc: DocumentInfo): void {
    if (this.previewOf() === doc.id) {
      this.previewOf.set(null);
      return;
    }
    this.preview.set(this.sanitizer.bypassSecurityTrustResourceUrl(this.api.pdfUrl(doc.id, true)));
    this.previewOf.set(doc.id);
  }

  protected async sign(doc: DocumentInfo, task: SignatureTaskInfo): Promise<void> {
    this.notice.set(null);
    try {
      const mine = await this.api.myCertificate();
      this.confirmation.set(mine.confirmation);
      if (task.level !== 'simple' && mine.certificate?.status !== 'active') {
        this.error.set(this.i18n.t('error.SIGNING_CERTIFICATE_MISSING'));
        return;
      }
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
      return;
    }
    this.error.set(null);
    this.signing.set(doc);
    this.dialog().open(doc.id, task.id);
  }

  protected async uploadSigned(doc: DocumentInfo, task: SignatureTaskInfo, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) {
      this.error.set(this.i18n.t('error.PDF_INVALID'));
      input.focus();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.uploadSigned(doc.id, task.id, file);
      await this.afterSigning();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async afterSigning(): Promise<void> {
    await this.load(this.requestId());
    this.notice.set(this.i18n.t('documents.signed'));
    this.changed.emit();
  }
}
