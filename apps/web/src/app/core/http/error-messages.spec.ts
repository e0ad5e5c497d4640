import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ERROR_CODES, ProblemDetails } from '@agendy/shared/contracts';
import { cs } from '../i18n/cs';
import { en } from '../i18n/en';
import { Lang, TranslationKey, TranslationParams, interpolate } from '../i18n/dictionary';
import { describeProblem, errorMessageKey } from './error-messages';
import { pointerToField, toProblem } from './problem';

const translate = (lang: Lang, key: TranslationKey, params?: TranslationParams) =>
  interpolate((lang === 'cs' ? cs : en)[key], params);

function problem(partial: Partial<ProblemDetails> & Pick<ProblemDetails, 'code' | 'status'>): ProblemDetails {
  return { type: 'about:blank', title: 'x', ...partial };
}

function httpError(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    error: body,
    url: '/api/v1/auth/login',
    headers: new HttpHeaders({ 'content-type': 'application/problem+json' }),
  });
}

describe('error mapper', () => {
  it('has its own Czech and English sentence for every error code', () => {
    const csTexts = new Set<string>();
    for (const code of ERROR_CODES) {
      const csText = describeProblem(problem({ code, status: 400 }), 'cs', translate).message;
      const enText = describeProblem(problem({ code, status: 400 }), 'en', translate).message;
      expect(csText).toBe(cs[errorMessageKey(code)]);
      expect(enText).toBe(en[errorMessageKey(code)]);
      expect(csText).not.toBe(enText);
      csTexts.add(csText);
    }
    expect(csTexts.size).toBe(ERROR_CODES.length);
  });

  it('maps a 401 INVALID_CREDENTIALS problem from HttpClient', () => {
    const err = httpError(401, problem({ code: 'INVALID_CREDENTIALS', status: 401 }));
    const described = describeProblem(err, 'cs', translate, ['username', 'password']);
    expect(described.code).toBe('INVALID_CREDENTIALS');
    expect(described.message).toBe('Uživatelské jméno nebo heslo není správné.');
    expect(described.fieldErrors).toEqual({});
  });

  it('tells how long to wait when login is throttled', () => {
    const throttled = problem({ code: 'LOGIN_THROTTLED', status: 429, retryAfterSeconds: 90 });
    expect(describeProblem(throttled, 'cs', translate).message).toBe(
      'Příliš mnoho neúspěšných pokusů o přihlášení. Zkuste to znovu za 2 min.',
    );
    const soon = problem({ code: 'LOGIN_THROTTLED', status: 429, retryAfterSeconds: 30 });
    expect(describeProblem(soon, 'en', translate).message).toBe('Too many failed sign-in attempts. Try again in 30 s.');
  });

  it('puts field errors at the matching field in the current language and keeps the rest in the message', () => {
    const validation = problem({
      code: 'VALIDATION_FAILED',
      status: 400,
      errors: [
        { pointer: '/username', rule: 'required', message: { cs: 'Vyplňte jméno.', en: 'Fill in the name.' } },
        { pointer: '/other', rule: 'x', message: { cs: 'Jiná chyba.', en: 'Other error.' } },
      ],
    });
    const inCzech = describeProblem(httpError(400, validation), 'cs', translate, ['username', 'password']);
    expect(inCzech.fieldErrors).toEqual({ username: 'Vyplňte jméno.' });
    expect(inCzech.message).toBe('Zkontrolujte prosím vyplněné údaje. Jiná chyba.');

    const inEnglish = describeProblem(validation, 'en', translate, ['username', 'password']);
    expect(inEnglish.fieldErrors).toEqual({ username: 'Fill in the name.' });
  });

  it('explains a network failure (status 0) differently from a server error', () => {
    const offline = describeProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }), 'cs', translate);
    expect(offline.message).toBe(cs['error.network']);
    const proxyPage = describeProblem(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }), 'cs', translate);
    expect(proxyPage.code).toBe('INTERNAL');
    const unavailable = describeProblem(new HttpErrorResponse({ status: 503, error: null }), 'cs', translate);
    expect(unavailable.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('parses a problem sent as text and shows the request id for internal errors', () => {
    const body = JSON.stringify(problem({ code: 'INTERNAL', status: 500, requestId: 'req-42' }));
    const described = describeProblem(httpError(500, body), 'cs', translate);
    expect(described.message).toContain('req-42');
    expect(toProblem(httpError(500, body)).code).toBe('INTERNAL');
  });

  it('decodes JSON pointers to field names', () => {
    expect(pointerToField('/username')).toBe('username');
    expect(pointerToField('/budget/0/amount')).toBe('budget.0.amount');
    expect(pointerToField('/a~1b')).toBe('a/b');
    expect(pointerToField('')).toBe('');
  });
});
