import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { map } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { safeReturnUrl } from '../../core/auth/return-url';
import { ErrorMessages } from '../../core/http/error-messages';
import { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Brand } from '../../ui/brand';
import { Icon } from '../../ui/icon';
import { LanguageToggle } from '../../ui/language-toggle';
import { DemoAccountsNote } from './demo-accounts-note';

type LoginField = 'username' | 'password';
const LOGIN_FIELDS: readonly LoginField[] = ['username', 'password'];

@Component({
  selector: 'ag-login-page',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    Brand,
    Icon,
    LanguageToggle,
    TranslatePipe,
    DemoAccountsNote,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.page.html',
  styleUrl: './login.page.scss',
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly errors = inject(ErrorMessages);
  private readonly usernameInput = viewChild.required<ElementRef<HTMLInputElement>>('usernameInput');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('passwordInput');

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });

  protected readonly submitting = signal(false);
  protected readonly passwordVisible = signal(false);
  /** The error of the whole form (wrong credentials, throttling, server down), announced by role="alert". */
  protected readonly formError = signal<string | null>(null);
  /** Server messages per field, shown in that field's mat-error (bound by aria-describedby). */
  protected readonly serverFieldErrors = signal<Partial<Record<LoginField, string>>>({});

  private readonly reason = toSignal(this.route.queryParamMap.pipe(map((params) => params.get('reason'))), {
    initialValue: null,
  });

  /** Info from how we got here: the session expired, the user signed out, or the API is unreachable. */
  protected readonly notice = computed<TranslationKey | null>(() => {
    switch (this.reason()) {
      case 'expired':
        return 'login.sessionExpired';
      case 'logout':
        return 'login.loggedOut';
      default:
        return null;
    }
  });

  protected readonly loadError = computed(() => {
    const problem = this.auth.loadProblem();
    return problem ? this.errors.describe(problem).message : null;
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.formError.set(null);
    this.serverFieldErrors.set({});
    this.clearServerErrors();

    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }

    this.submitting.set(true);
    try {
      await this.auth.login(this.form.getRawValue());
      const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
      await this.router.navigateByUrl(returnUrl);
    } catch (error) {
      const described = this.errors.describe(error, LOGIN_FIELDS);
      const fieldErrors = described.fieldErrors as Partial<Record<LoginField, string>>;
      this.serverFieldErrors.set(fieldErrors);
      for (const field of LOGIN_FIELDS) {
        const control = this.form.controls[field];
        if (fieldErrors[field]) {
          control.setErrors({ ...(control.errors ?? {}), server: fieldErrors[field] });
          control.markAsTouched();
        }
      }
      this.formError.set(described.message);
      if (described.code === 'INVALID_CREDENTIALS') {
        this.form.controls.password.reset('');
      }
      this.focusFirstInvalid();
    } finally {
      this.submitting.set(false);
    }
  }

  protected togglePasswordVisibility(): void {
    this.passwordVisible.update((visible) => !visible);
  }

  /** Drops old server errors before a new attempt (editing a field re-runs its validators and drops them too). */
  private clearServerErrors(): void {
    for (const field of LOGIN_FIELDS) {
      const control = this.form.controls[field];
      if (control.hasError('server')) {
        control.updateValueAndValidity();
      }
    }
  }

  private focusFirstInvalid(): void {
    const target = this.form.controls.username.invalid
      ? this.usernameInput()
      : this.form.controls.password.invalid
        ? this.passwordInput()
        : null;
    target?.nativeElement.focus();
  }
}
