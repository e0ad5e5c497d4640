import { Pipe, PipeTransform, inject } from '@angular/core';
import { TranslationKey, TranslationParams } from './dictionary';
import { TranslationService } from './translation.service';

/**
 * `{{ 'nav.home' | t }}`. Impure on purpose: it reads the language signal, so a template using it
 * re-renders when the language changes (keys are type-checked by strict templates).
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(key: TranslationKey, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}
