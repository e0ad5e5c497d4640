import { cs } from './cs';

export type TranslationKey = keyof typeof cs;
/** Every language provides exactly the keys of the Czech source dictionary. */
export type Dictionary = Record<TranslationKey, string>;
export type TranslationParams = Record<string, string | number>;

export const LANGUAGES = ['cs', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'cs';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function interpolate(template: string, params?: TranslationParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}
