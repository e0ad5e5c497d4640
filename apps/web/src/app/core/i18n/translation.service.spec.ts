import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { cs } from './cs';
import { en } from './en';
import { formatCzkFor, formatDateFor, formatNumberFor } from './format';
import { registerAppLocales } from './locale';
import { TranslatePipe } from './translate.pipe';
import { LANG_STORAGE_KEY, TranslationService } from './translation.service';

@Component({
  selector: 'ag-test-host',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ 'home.greeting' | t: { name: 'Jan Novák' } }}</h1>
    <p>{{ 'nav.tasks' | t }}</p>`,
})
class TestHost {}

describe('TranslationService', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = 'en';
    TestBed.resetTestingModule();
  });

  it('is Czech by default and sets <html lang="cs">', () => {
    const i18n = TestBed.inject(TranslationService);
    expect(i18n.lang()).toBe('cs');
    expect(document.documentElement.lang).toBe('cs');
    expect(i18n.t('nav.tasks')).toBe('Moje úkoly');
    expect(i18n.t('home.greeting', { name: 'Jan Novák' })).toBe('Dobrý den, Jan Novák');
  });

  it('switches to English, updates <html lang> and remembers the choice', () => {
    const i18n = TestBed.inject(TranslationService);
    i18n.use('en');
    expect(i18n.lang()).toBe('en');
    expect(i18n.t('nav.tasks')).toBe('My tasks');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');

    i18n.toggle();
    expect(i18n.lang()).toBe('cs');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('cs');
  });

  it('restores the remembered language on the next start', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'en');
    const i18n = TestBed.inject(TranslationService);
    expect(i18n.lang()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('user.logout')).toBe('Sign out');
  });

  it('ignores a garbage stored value', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'de');
    expect(TestBed.inject(TranslationService).lang()).toBe('cs');
  });

  it('re-renders OnPush templates using the pipe when the language changes', async () => {
    const fixture = TestBed.createComponent(TestHost);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toBe('Dobrý den, Jan Novák');
    expect(el.querySelector('p')?.textContent).toBe('Moje úkoly');

    TestBed.inject(TranslationService).use('en');
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe('Good day, Jan Novák');
    expect(el.querySelector('p')?.textContent).toBe('My tasks');
  });

  it('has an English text for every Czech key and no empty strings', () => {
    const csKeys = Object.keys(cs).sort();
    expect(Object.keys(en).sort()).toEqual(csKeys);
    for (const key of csKeys) {
      expect((cs as Record<string, string>)[key].trim()).not.toBe('');
      expect((en as Record<string, string>)[key].trim()).not.toBe('');
    }
  });
});

describe('formatting for cs-CZ and en', () => {
  beforeAll(() => registerAppLocales());
  const NBSP = '\u00a0';

  it('formats Czech crowns with a non-breaking group separator and decimal comma', () => {
    expect(formatCzkFor('cs', 1234567.5)).toBe(`1${NBSP}234${NBSP}567,50${NBSP}Kč`);
    expect(formatCzkFor('en', 1234567.5)).toBe(`CZK${NBSP}1,234,567.50`);
  });

  it('formats numbers per language', () => {
    expect(formatNumberFor('cs', 1234.5)).toBe(`1${NBSP}234,5`);
    expect(formatNumberFor('en', 1234.5)).toBe('1,234.5');
    expect(formatNumberFor('cs', null)).toBe('');
  });

  it('formats dates the Czech office way', () => {
    const date = new Date(2026, 10, 27, 14, 5);
    expect(formatDateFor('cs', date)).toBe('27. 11. 2026');
    expect(formatDateFor('cs', date, 'dateTime')).toBe('27. 11. 2026 14:05');
    expect(formatDateFor('cs', date, 'full')).toBe('pátek 27. listopadu 2026');
    expect(formatDateFor('en', date)).toBe('27 Nov 2026');
    expect(formatDateFor('cs', undefined)).toBe('');
  });
});
