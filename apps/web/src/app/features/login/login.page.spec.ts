import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ProblemDetails } from '@agendy/shared/contracts';
import { AuthStore } from '../../core/auth/auth.store';
import { TranslationService } from '../../core/i18n/translation.service';
import { LoginPage } from './login.page';

@Component({ selector: 'ag-stub', template: 'stub' })
class Stub {}

class AuthStoreStub {
  readonly loadProblem = signal<ProblemDetails | null>(null);
  login = jest.fn<Promise<unknown>, [{ username: string; password: string }]>();
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LoginPage', () => {
  let store: AuthStoreStub;
  let harness: RouterTestingHarness;
  let el: HTMLElement;

  async function open(url = '/prihlaseni'): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, LoginPage);
    await harness.fixture.whenStable();
    el = harness.routeNativeElement as HTMLElement;
  }

  function input(id: string): HTMLInputElement {
    return el.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
  }

  function type(id: string, value: string): void {
    const field = input(id);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  function submitButton(): HTMLButtonElement {
    return el.querySelector<HTMLButtonElement>('button[type="submit"]') as HTMLButtonElement;
  }

  async function submit(): Promise<void> {
    submitButton().click();
    await harness.fixture.whenStable();
  }

  /** The text of the elements an input's aria-describedby points at. */
  function describedBy(field: HTMLInputElement): string {
    return (field.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ');
  }

  beforeEach(() => {
    localStorage.clear();
    store = new AuthStoreStub();
    TestBed.configureTestingModule({
      providers: [
        { provide: AuthStore, useValue: store },
        provideRouter([
          { path: 'prihlaseni', component: LoginPage },
          { path: 'moje-ukoly', component: Stub },
          { path: '', component: Stub },
        ]),
      ],
    });
  });

  it('renders an accessible form with labelled fields', async () => {
    await open();
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Přihlášení');
    const username = input('login-username');
    const password = input('login-password');
    expect(el.querySelector(`label[for="login-username"]`)?.textContent).toContain('Uživatelské jméno');
    expect(el.querySelector(`label[for="login-password"]`)?.textContent).toContain('Heslo');
    expect(username.getAttribute('autocomplete')).toBe('username');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(password.type).toBe('password');
    expect(submitButton().textContent?.trim()).toBe('Přihlásit se');
    expect(el.textContent).toContain('Demo účty: jnovak, jdvorakova, triha, pstastny, lcerna – heslo demo');
  });

  it('shows and hides the password with a labelled toggle', async () => {
    await open();
    const toggle = el.querySelector<HTMLButtonElement>('button[aria-controls="login-password"]') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-label')).toBe('Zobrazit znaky hesla');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    toggle.click();
    await harness.fixture.whenStable();
    expect(input('login-password').type).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('does not call the store with empty fields and explains what is missing', async () => {
    await open();
    await submit();
    expect(store.login).not.toHaveBeenCalled();
    expect(describedBy(input('login-username'))).toContain('Zadejte uživatelské jméno.');
    expect(describedBy(input('login-password'))).toContain('Zadejte heslo.');
    expect(document.activeElement).toBe(input('login-username'));
  });

  it('calls the store with the credentials and goes to the return address', async () => {
    store.login.mockResolvedValue({});
    await open('/prihlaseni?returnUrl=%2Fmoje-ukoly');
    type('login-username', 'jnovak');
    type('login-password', 'demo');
    await submit();
    expect(store.login).toHaveBeenCalledWith({ username: 'jnovak', password: 'demo' });
    expect(TestBed.inject(Router).url).toBe('/moje-ukoly');
  });

  it('disables the button while signing in', async () => {
    const pending = deferred<unknown>();
    store.login.mockReturnValue(pending.promise);
    await open();
    type('login-username', 'jnovak');
    type('login-password', 'demo');
    submitButton().click();
    await harness.fixture.whenStable();
    expect(submitButton().disabled).toBe(true);
    expect(submitButton().textContent?.trim()).toBe('Přihlašuji…');
    pending.reject({ type: 'about:blank', title: 'x', status: 401, code: 'INVALID_CREDENTIALS' });
    await harness.fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    expect(submitButton().disabled).toBe(false);
  });

  it('announces wrong credentials in the alert region', async () => {
    store.login.mockRejectedValue({ type: 'about:blank', title: 'x', status: 401, code: 'INVALID_CREDENTIALS' });
    await open();
    type('login-username', 'jnovak');
    type('login-password', 'spatne');
    await submit();
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).toBe('Uživatelské jméno nebo heslo není správné.');
    expect(input('login-password').value).toBe('');
    expect(TestBed.inject(Router).url).toBe('/prihlaseni');
  });

  it('shows the server field error at the matching field, bound by aria-describedby', async () => {
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Validation failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [
        {
          pointer: '/password',
          rule: 'maxLength',
          message: { cs: 'Heslo je příliš dlouhé.', en: 'The password is too long.' },
        },
      ],
    };
    store.login.mockRejectedValue(problem);
    await open();
    type('login-username', 'jnovak');
    type('login-password', 'x'.repeat(300));
    await submit();

    const password = input('login-password');
    expect(describedBy(password)).toContain('Heslo je příliš dlouhé.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(input('login-username'))).not.toContain('Heslo je příliš dlouhé.');
    expect(input('login-username').getAttribute('aria-invalid')).toBe('false');
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Zkontrolujte prosím vyplněné údaje.');
    expect(document.activeElement).toBe(password);

    // In English the same server error comes in English.
    TestBed.inject(TranslationService).use('en');
    await submit();
    expect(describedBy(input('login-password'))).toContain('The password is too long.');
  });

  it('tells how long to wait when throttled', async () => {
    store.login.mockRejectedValue({
      type: 'about:blank',
      title: 'Too many',
      status: 429,
      code: 'LOGIN_THROTTLED',
      retryAfterSeconds: 300,
    });
    await open();
    type('login-username', 'jnovak');
    type('login-password', 'demo');
    await submit();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Zkuste to znovu za 5 min.');
  });

  it('explains that the session expired', async () => {
    await open('/prihlaseni?reason=expired&returnUrl=%2Fmoje-ukoly');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Vaše přihlášení vypršelo');
  });

  it('switches the page to English with the toggle', async () => {
    await open();
    const toggle = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('English'));
    expect(toggle?.getAttribute('lang')).toBe('en');
    toggle?.click();
    await harness.fixture.whenStable();
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Sign in');
    expect(submitButton().textContent?.trim()).toBe('Sign in');
    expect(document.documentElement.lang).toBe('en');
  });
});
