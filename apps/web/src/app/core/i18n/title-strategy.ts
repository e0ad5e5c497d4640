import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslationKey } from './dictionary';
import { TranslationService } from './translation.service';

/** Route `title`s are translation keys; the document title follows the language (WCAG 2.4.2). */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(TranslationService);
  private readonly key = signal<TranslationKey | null>(null);

  constructor() {
    super();
    effect(() => {
      const key = this.key();
      const product = this.i18n.t('app.name');
      const region = this.i18n.t('app.region');
      this.title.setTitle(key ? `${this.i18n.t(key)} – ${product} – ${region}` : `${product} – ${region}`);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key.set((this.buildTitle(snapshot) as TranslationKey | undefined) ?? null);
  }
}

/** Marks a route title as a translation key (type-checked). */
export function titleKey(key: TranslationKey): string {
  return key;
}
