import { formatCurrency, formatDate, formatNumber } from '@angular/common';
import { Lang } from './dictionary';

export type DateStyle = 'date' | 'dateTime' | 'time' | 'long' | 'full';

/** Czech office conventions: `27. 11. 2026`, `27. 11. 2026 14:05`, `čtvrtek 27. listopadu 2026`. */
const DATE_FORMATS: Record<Lang, Record<DateStyle, string>> = {
  cs: {
    date: 'd. M. y',
    dateTime: 'd. M. y H:mm',
    time: 'H:mm',
    long: 'd. MMMM y',
    full: 'EEEE d. MMMM y',
  },
  en: {
    date: 'd MMM y',
    dateTime: 'd MMM y, HH:mm',
    time: 'HH:mm',
    long: 'd MMMM y',
    full: 'EEEE, d MMMM y',
  },
};

export type DateInput = Date | string | number;

/** Formats a date in the user's language (local time zone of the browser, i.e. Europe/Prague in the office). */
export function formatDateFor(lang: Lang, value: DateInput | null | undefined, style: DateStyle = 'date'): string {
  if (value === null || value === undefined || value === '') return '';
  return formatDate(value, DATE_FORMATS[lang][style], lang);
}

/** `1 234 567,5` (cs) / `1,234,567.5` (en). `digitsInfo` as in Angular's DecimalPipe. */
export function formatNumberFor(lang: Lang, value: number | null | undefined, digitsInfo?: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return formatNumber(value, lang, digitsInfo);
}

/** Czech crowns: `1 234 567,50 Kč` (cs) / `CZK 1,234,567.50` (en). */
export function formatCzkFor(lang: Lang, value: number | null | undefined, digitsInfo = '1.2-2'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return lang === 'cs'
    ? formatCurrency(value, 'cs', 'Kč', 'CZK', digitsInfo)
    : formatCurrency(value, 'en', 'CZK\u00a0', 'CZK', digitsInfo);
}
