import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';

let registered = false;

/** Registers Czech locale data for Angular's date/number/currency formatting (English is built in). */
export function registerAppLocales(): void {
  if (registered) return;
  registerLocaleData(localeCs, 'cs');
  registered = true;
}
