import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { cs } from './cs';
import { en } from './en';
import {
  DEFAULT_LANG,
  Dictionary,
  Lang,
  TranslationKey,
  TranslationParams,
  interpolate,
  isLang,
} from './dictionary';

export const LANG_STORAGE_KEY = 'agendy.lang';

const DICTIONARIES: Record<Lang, Dictionary> = { cs, en };

/**
 * The current UI language as a signal, typed dictionaries and `t()`.
 * Czech by default; the choice is remembered in localStorage and mirrored to `<html lang>`.
 */
@Injectable({ providedIn: 'root' })
export class TranslationService {
  private readonly document = inject(DOCUMENT);
  private readonly _lang = signal<Lang>(this.readStoredLang());

  /** The current language (`cs` | `en`). */
  readonly lang = this._lang.asReadonly();
  /** The other language, the one the toggle switches to. */
  readonly otherLang = computed<Lang>(() => (this._lang() === 'cs' ? 'en' : 'cs'));
  /** Locale id for Angular's formatting functions (`cs` data is registered in main.ts). */
  readonly locale = computed(() => this._lang());

  constructor() {
    this.applyToDocument(this._lang());
  }

  use(lang: Lang): void {
    this._lang.set(lang);
    this.applyToDocument(lang);
    try {
      this.document.defaultView?.localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Storage may be disabled (private mode, policy); the choice then lasts for this page only.
    }
  }

  toggle(): void {
    this.use(this.otherLang());
  }

  /** Translates `key` in the current language; reading it inside a template tracks the language signal. */
  t(key: TranslationKey, params?: TranslationParams): string {
    return this.translate(this._lang(), key, params);
  }

  translate(lang: Lang, key: TranslationKey, params?: TranslationParams): string {
    const template = DICTIONARIES[lang][key] ?? DICTIONARIES[DEFAULT_LANG][key] ?? key;
    return interpolate(template, params);
  }

  private readStoredLang(): Lang {
    try {
      const stored = this.document.defaultView?.localStorage.getItem(LANG_STORAGE_KEY);
      return isLang(stored) ? stored : DEFAULT_LANG;
    } catch {
      return DEFAULT_LANG;
    }
  }

  private applyToDocument(lang: Lang): void {
    this.document.documentElement.lang = lang;
  }
}
