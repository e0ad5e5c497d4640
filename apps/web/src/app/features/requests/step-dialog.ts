import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

export interface StepDialogOptions {
  title: string;
  text: string;
  confirmLabel: string;
  /** Show a comment box; `required` refuses to confirm without text. */
  comment: 'none' | 'optional' | 'required';
  danger?: boolean;
}

let nextId = 0;

/**
 * A modal confirmation on the native `<dialog>` (focus kept inside, Esc closes, focus returns to the
 * button that opened it), optionally asking for a comment that the step requires.
 */
@Component({
  selector: 'ag-step-dialog',
  imports: [MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog class="ag-dialog" [attr.aria-labelledby]="id + '-title'" [attr.aria-describedby]="id + '-text'" (close)="closed()">
      @if (options(); as o) {
        <form class="dialog__form" novalidate (submit)="confirm($event)">
          <h2 class="ag-dialog__title" [id]="id + '-title'">{{ o.title }}</h2>
          <p [id]="id + '-text'">{{ o.text }}</p>
          @if (o.comment !== 'none') {
            <label class="dialog__label" [for]="id + '-comment'">
              {{ (o.comment === 'required' ? 'action.commentRequired' : 'action.comment') | t }}
            </label>
            <textarea
              #comment
              class="dialog__comment"
              rows="4"
              maxlength="4000"
              [id]="id + '-comment'"
              [required]="o.comment === 'required'"
              [attr.aria-invalid]="error() ? 'true' : null"
              [attr.aria-describedby]="error() ? id + '-error' : null"
              (input)="error.set(false)"
            ></textarea>
            @if (error()) {
              <p class="dialog__error" [id]="id + '-error'" role="alert">{{ 'action.commentMissing' | t }}</p>
            }
          }
          <div class="ag-dialog__actions">
            <button matButton type="button" (click)="cancel()">{{ 'common.cancel' | t }}</button>
            <button matButton="filled" type="submit" [class.danger]="o.danger">{{ o.confirmLabel }}</button>
          </div>
        </form>
      }
    </dialog>
  `,
  styles: `
    .ag-dialog {
      --ag-dialog-width: 520px;
    }
    .dialog__label {
      display: block;
      margin-top: 16px;
      font-weight: 600;
    }
    .dialog__comment {
      display: block;
      width: 100%;
      box-sizing: border-box;
      margin-top: 4px;
      padding: 8px;
      font: inherit;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .dialog__comment[aria-invalid='true'] {
      border: 2px solid var(--mat-sys-error);
    }
    .dialog__error {
      margin: 4px 0 0;
      color: var(--mat-sys-error);
    }
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class StepDialog {
  protected readonly id = `ag-step-dialog-${++nextId}`;
  protected readonly options = signal<StepDialogOptions | null>(null);
  protected readonly error = signal(false);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly comment = viewChild<ElementRef<HTMLTextAreaElement>>('comment');
  private readonly document = inject(DOCUMENT);
  private resolve: ((result: { comment: string } | null) => void) | null = null;
  private result: { comment: string } | null = null;
  private opener: HTMLElement | null = null;

  /** Opens the dialog; resolves with the comment on confirm, null on cancel. */
  open(options: StepDialogOptions): Promise<{ comment: string } | null> {
    this.resolve?.(null);
    this.options.set(options);
    this.error.set(false);
    this.result = null;
    this.opener = this.document.activeElement as HTMLElement | null;
    return new Promise((resolve) => {
      this.resolve = resolve;
      // Render the content first, then open modally (the first focusable control gets the focus).
      setTimeout(() => {
        const dialog = this.dialog().nativeElement;
        if (!dialog.open) dialog.showModal();
        const textarea = this.comment()?.nativeElement;
        if (textarea) {
          textarea.value = '';
          textarea.focus();
        }
      });
    });
  }

  protected confirm(event: Event): void {
    event.preventDefault();
    const o = this.options();
    const text = this.comment()?.nativeElement.value.trim() ?? '';
    if (o?.comment === 'required' && !text) {
      this.error.set(true);
      this.comment()?.nativeElement.focus();
      return;
    }
    this.result = { comment: text };
    this.dialog().nativeElement.close();
  }

  protected cancel(): void {
    this.result = null;
    this.dialog().nativeElement.close();
  }

  protected closed(): void {
    const resolve = this.resolve;
    this.resolve = null;
    if (!this.result) this.opener?.focus?.();
    resolve?.(this.result);
  }
}
