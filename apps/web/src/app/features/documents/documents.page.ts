import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { MySigningCertificateResponse, SignatureValidationResponse } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DocumentsApi } from './documents-api';

/** /dokumenty: my signing certificate (request, revoke) and validation of any signed PDF. */
@Component({
  selector: 'ag-documents-page',
  imports: [MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'nav.documents' | t }}</h1>
    <section class="card" aria-labelledby="cert-heading">
      <h2 id="cert-heading">{{ 'documents.page.certificate' | t }}</h2>
      @if (certNotice(); as n) {
        <p class="notice" role="status">{{ n }}</p>
      }
      @if (certError(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
      @if (mine(); as m) {
        @if (m.certificate; as c) {
          <dl class="facts">
            <dt>{{ 'documents.page.subject' | t }}</dt>
            <dd>{{ c.subject }}</dd>
            <dt>{{ 'documents.page.issuer' | t }}</dt>
            <dd>{{ c.issuer }}</dd>
            <dt>{{ 'documents.page.serial' | t }}</dt>
            <dd class="mono">{{ c.serialNumber }}</dd>
            <dt>{{ 'documents.page.validity' | t }}</dt>
            <dd>{{ c.notBefore | agDate }} – {{ c.notAfter | agDate }}</dd>
            <dt>{{ 'documents.page.state' | t }}</dt>
            <dd>{{ (c.status === 'active' ? 'documents.page.active' : 'documents.page.revokedState') | t }}</dd>
          </dl>
        } @else {
          <p>{{ 'documents.page.certificateNone' | t }}</p>
        }
        <div class="actions">
          @if (m.certificate?.status === 'active') {
            <button matButton="outlined" type="button" class="danger" [disabled]="busy()" (click)="revoke()">{{ 'documents.page.revoke' | t }}</button>
          } @else {
            <button matButton="filled" type="button" [disabled]="busy()" (click)="issue()">{{ 'documents.page.request' | t }}</button>
          }
          <a matButton [href]="api.caUrl" download>{{ 'documents.page.ca' | t }}</a>
        </div>
      }
    </section>

    <section class="card" aria-labelledby="validate-heading">
      <h2 id="validate-heading">{{ 'documents.page.validate' | t }}</h2>
      <p id="validate-help">{{ 'documents.page.validateHelp' | t }}</p>
      <form class="validate" (submit)="validate($event, file)">
        <label for="validate-file">{{ 'documents.page.file' | t }}</label>
        <input #file id="validate-file" type="file" accept="application/pdf,.pdf" aria-describedby="validate-help" />
        <button matButton="filled" type="submit" [disabled]="busy()">{{ 'documents.page.check' | t }}</button>
      </form>
      @if (validationError(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
      @if (report(); as r) {
        <p class="result" role="status" [attr.data-valid]="r.valid">
          {{ (r.signatures.length === 0 ? 'documents.page.noSignatures' : r.valid ? 'documents.page.resultValid' : 'documents.page.resultInvalid') | t }}
        </p>
        @if (r.signatures.length) {
          <table class="report">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{{ 'documents.page.signer' | t }}</th>
                <th scope="col">{{ 'documents.page.time' | t }}</th>
                <th scope="col">{{ 'documents.page.level' | t }}</th>
                <th scope="col">{{ 'documents.page.checks' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (s of r.signatures; track s.index) {
                <tr [attr.data-valid]="s.valid">
                  <td>{{ s.index + 1 }}</td>
                  <td>{{ s.signer?.commonName ?? s.name ?? '—' }}</td>
                  <td>{{ (s.timestamp?.time ?? s.claimedSigningTime) | agDate: 'dateTime' }}</td>
                  <td>{{ s.level }}</td>
                  <td>
                    <strong>{{ (s.valid ? 'documents.page.valid' : 'documents.page.invalid') | t }}</strong>:
                    {{ 'documents.page.integrity' | t }} {{ mark(s.digestValid && s.signatureValid) }},
                    {{ 'documents.page.trusted' | t }} {{ mark(s.chainTrusted) }},
                    @if (s.timestamp) {
                      {{ 'documents.page.timestamp' | t }} {{ mark(s.timestamp.valid) }},
                    }
                    {{ 'documents.page.wholeDocument' | t }} {{ mark(s.coversWholeDocument || s.laterChangesAllowed) }}
                    @if (s.revocation.status === 'revoked') {
                      <div>{{ 'documents.page.certRevoked' | t: { date: (s.revocation.revokedAt | agDate: 'dateTime') } }}</div>
                    }
                    @for (e of s.errors; track e) {
                      <div class="muted">{{ e }}</div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>
  `,
  styles: `
    h1 {
      margin: 0 0 16px;
      font: var(--mat-sys-headline-medium);
    }
    .card {
      margin-bottom: 24px;
      padding: 16px 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
    }
    .card h2 {
      margin: 0 0 12px;
      font: var(--mat-sys-title-large);
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0 0 12px;
    }
    .facts dt {
      font-weight: 600;
    }
    .facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .mono {
      font-family: monospace;
    }
    .actions,
    .validate {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .validate label {
      font-weight: 600;
    }
    input[type='file']:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .notice,
    .result {
      font-weight: 600;
    }
    .result[data-valid='false'] {
      color: var(--mat-sys-error);
    }
    .report {
      width: 100%;
      border-collapse: collapse;
    }
    .report th,
    .report td {
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
      vertical-align: top;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
})
export class DocumentsPage {
  protected readonly api = inject(DocumentsApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);

  protected readonly mine = signal<MySigningCertificateResponse | null>(null);
  protected readonly report = signal<SignatureValidationResponse | null>(null);
  protected readonly busy = signal(false);
  protected readonly certError = signal<string | null>(null);
  protected readonly certNotice = signal<string | null>(null);
  protected readonly validationError = signal<string | null>(null);

  constructor() {
    void this.loadCertificate();
  }

  protected mark(ok: boolean): string {
    return ok ? '✓' : '✗';
  }

  private async loadCertificate(): Promise<void> {
    try {
      this.mine.set(await this.api.myCertificate());
    } catch (e) {
      this.certError.set(this.errors.describe(e).message);
    }
  }

  protected async issue(): Promise<void> {
    await this.certificateAction(() => this.api.requestCertificate(), 'documents.page.issued');
  }

  protected async revoke(): Promise<void> {
    const id = this.mine()?.certificate?.id;
    if (!id || !confirm(this.i18n.t('documents.page.revokeConfirm'))) return;
    await this.certificateAction(() => this.api.revoke(id), 'documents.page.revoked');
  }

  private async certificateAction(action: () => Promise<unknown>, done: 'documents.page.issued' | 'documents.page.revoked'): Promise<void> {
    this.busy.set(true);
    this.certError.set(null);
    this.certNotice.set(null);
    try {
      await action();
      await this.loadCertificate();
      this.certNotice.set(this.i18n.t(done));
    } catch (e) {
      this.certError.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async validate(event: Event, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const file = input.files?.[0];
    this.report.set(null);
    this.validationError.set(null);
    if (!file) {
      this.validationError.set(this.i18n.t('error.PDF_INVALID'));
      input.focus();
      return;
    }
    this.busy.set(true);
    try {
      this.report.set(await this.api.validate(file));
    } catch (e) {
      this.validationError.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(false);
    }
  }
}
