import type { FormLang } from './form-spec';

const LOCALES: Record<FormLang, string> = { cs: 'cs-CZ', en: 'en-GB' };

/**
 * Parses what a person typed into a number field: spaces (also non-breaking) as thousands
 * separators, a decimal comma or point, an optional `Kč` / `CZK`. `null` for an empty field,
 * `NaN` for text that is not a number.
 */
export function parseNumberText(text: string): number | null {
  const cleaned = text
    .replace(/kč|czk/gi, '')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  if (cleaned === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/** `1234567.5` → `1 234 567,5` (cs) / `1,234,567.5` (en); used when a number field loses focus. */
export function formatNumberText(value: number, lang: FormLang, maxFractionDigits = 2): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxFractionDigits, useGrouping: true })
    .format(value)
    .replace(/\u00a0|\u202f/g, ' ');
}

/** `1 234 567 Kč` (cs) / `CZK 1,234,567` (en) for totals and read-only amounts. */
export function formatCzkText(value: number, lang: FormLang): string {
  const number = formatNumberText(value, lang);
  return lang === 'cs' ? `${number}\u00a0Kč` : `CZK\u00a0${number}`;
}

/** The text shown in an unfocused number field for a stored value. */
export function numberToText(value: unknown, lang: FormLang): string {
  if (typeof value === 'number' && Number.isFinite(value)) return formatNumberText(value, lang);
  if (typeof value === 'string') return value;
  return '';
}
