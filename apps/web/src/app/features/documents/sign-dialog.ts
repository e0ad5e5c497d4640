import { ChangeDetectionStrategy, Component, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { DocumentsApi } from './documents-api';

let nextId = 0;

/**
 * The signing step: the PDF shown in the browser's viewer, then the password (or TOTP code) that
 * re-confirms who signs. A native `<dialog>`: focus stays inside, Esc closes.
 */
@Component({
  selector: 'ag-sign-dialog',
  imports: [MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialogEl class="ag-dialog" [attr.aria-labelledby]="id + '-title'" (close)="busy.set(false)">
      <form class="dialog__form" novalidate (submit)="submit($event)">
        <h2 class="ag-dialog__title" [id]="id + '-title'">{{ 'documents.signTitle' | t }}: {{ title() }}</h2>
        <p>{{ 'documents.signText' | t }}</p>
        @if (pdf(); as src) {
          <iframe class="dialog__pdf" [src]="src" [title]="'documents.preview' | t: { title: title() }"></iframe>
        }
        <label class="dialog__label" [for]="id + '-secret'">{{ (confirmation() === 'otp' ? 'documents.otp' : 'documents.password') | t }}</label>
        <input
          #secret
          class="dialog__input"
          [id]="id + '-secret'"
          [type]="confirmation() === 'otp' ? 'text' : 'password'"
          [attr.inputmode]="confirmation() === 'otp' ? 'numeric' : null"
          [attr.autocomplete]="confirmation() === 'otp' ? 'one-time-code' : 'current-password'"
          required
          [attr.aria-invalid]="error() ? 'true' : null"
          [attr.aria-describedby]="error() ? id + '-error' : null"
        />
        @if (error(); as message) {
          <p class="dialog__error" [id]="id + '-error'" role="alert">{{ message }}</p>
        }
        <div class="ag-dialog__actions">
          <button matButton type="button" (click)="dialogEl.close()">{{ 'common.cancel' | t }}</button>
          <button matButton="filled" type="submit" [disabled]="busy()">{{ 'documents.confirmSign' | t }}</button>
        </div>
      </form>
    </dialog>
  `,
  styles: `
    .ag-dialog {
      --ag-dialog-width: 900px;
    }
    .dialog__pdf {
      display: block;
      width: 100%;
      height: min(60vh, 640px);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: #fff;
    }
    .dialog__label {
      display: block;
      margin-top: 16px;
      font-weight: 600;
    }
    .dialog__input {
      display: block;
      width: min(320px, 100%);
      margin-top: 4px;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 8px;
      font: inherit;
    }
    .dialog__input:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 1px;
    }
    .dialog__error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class SignDialog {
  readonly title = input.required<string>();
  readonly confirmation = input<'password' | 'otp'>('password');
  /** Emitted after the server accepted the signature. */
  readonly signed = output<void>();

  protected readonly id = `ag-sign-${nextId++}`;
  protected readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialogEl');
  private readonly secret = viewChild.required<ElementRef<HTMLInputElement>>('secret');
  protected readonly pdf = signal<SafeResourceUrl | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  private target: { documentId: string; taskId: string } | null = null;

  private readonly api = inject(DocumentsApi);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);

  open(documentId: string, taskId: string): void {
    this.target = { documentId, taskId };
    this.error.set(null);
    // Same-origin URL of our own API (the PDF answers with frame-ancestors 'self').
    this.pdf.set(this.sanitizer.bypassSecurityTrustResourceUrl(this.api.pdfUrl(documentId, true)));
    this.secret().nativeElement.value = '';
    this.dialog().nativeElement.showModal();
    this.secret().nativeElement.focus();
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const value = this.secret().nativeElement.value.trim();
    if (!value || !this.target) {
      this.error.set(this.i18n.t('error.VALIDATION_FAILED'));
      this.secret().nativeElement.focus();
      return;
    }
    this.busy.set(true);
    try {
      await this.api.sign(this.target.documentId, this.target.taskId, this.confirmation() === 'otp' ? { otp: value } : { password: value });
      this.dialog().nativeElement.close();
      this.signed.emit();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
      this.secret().nativeElement.select();
    } finally {
      this.busy.set(false);
    }
  }
}
