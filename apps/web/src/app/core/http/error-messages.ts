import { Injectable, inject } from '@angular/core';
import { ERROR_CODES, ErrorCode, ProblemDetails } from '@agendy/shared/contracts';
import { Lang, TranslationKey, TranslationParams } from '../i18n/dictionary';
import { TranslationService } from '../i18n/translation.service';
import { isNetworkProblem, pointerToField, toProblem } from './problem';

/** The dictionary key of each stable error code's sentence. */
export function errorMessageKey(code: ErrorCode): TranslationKey {
  return `error.${code}`;
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

export type Translate = (lang: Lang, key: TranslationKey, params?: TranslationParams) => string;

export interface DescribedError {
  code: ErrorCode;
  status: number;
  /** The sentence for the form or page as a whole (includes field errors that match no field). */
  message: string;
  /** Server messages per field name of the form (`/username` → `username`), in the current language. */
  fieldErrors: Record<string, string>;
  requestId?: string;
}

function retryAfterText(problem: ProblemDetails, lang: Lang, translate: Translate): string | null {
  const raw = problem['retryAfterSeconds'];
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) return null;
  const seconds = Math.ceil(raw);
  const time =
    seconds < 60
      ? translate(lang, 'time.seconds', { n: seconds })
      : translate(lang, 'time.minutes', { n: Math.ceil(seconds / 60) });
  return translate(lang, 'error.retryAfter', { time });
}

/**
 * Maps a problem (or anything thrown by HttpClient) to sentences in the user's language.
 * `knownFields` are the form's field names; server field errors for other pointers become part
 * of the general message so nothing the server said gets lost.
 */
export function describeProblem(
  error: unknown,
  lang: Lang,
  translate: Translate,
  knownFields: readonly string[] = [],
): DescribedError {
  const problem = toProblem(error);
  const code: ErrorCode = isErrorCode(problem.code) ? problem.code : 'INTERNAL';
  const parts: string[] = [
    isNetworkProblem(problem) ? translate(lang, 'error.network') : translate(lang, errorMessageKey(code)),
  ];

  if (code === 'LOGIN_THROTTLED' || code === 'RATE_LIMITED') {
    const retry = retryAfterText(problem, lang, translate);
    if (retry) parts.push(retry);
  }

  const fieldErrors: Record<string, string> = {};
  for (const fieldError of problem.errors ?? []) {
    const text = fieldError.message?.[lang] ?? fieldError.message?.cs ?? fieldError.rule;
    const field = pointerToField(fieldError.pointer ?? '');
    if (field && knownFields.includes(field)) {
      fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${text}` : text;
    } else if (text) {
      parts.push(text);
    }
  }

  if (code === 'INTERNAL' && problem.requestId) {
    parts.push(translate(lang, 'error.requestId', { id: problem.requestId }));
  }

  return { code, status: problem.status, message: parts.join(' '), fieldErrors, requestId: problem.requestId };
}

/** `describeProblem` in the current language. */
@Injectable({ providedIn: 'root' })
export class ErrorMessages {
  private readonly i18n = inject(TranslationService);

  describe(error: unknown, knownFields: readonly string[] = []): DescribedError {
    return describeProblem(error, this.i18n.lang(), (lang, key, params) => this.i18n.translate(lang, key, params), knownFields);
  }
}
