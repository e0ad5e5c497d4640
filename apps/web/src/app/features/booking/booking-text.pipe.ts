import { Injectable, Pipe, PipeTransform, inject } from '@angular/core';
import { interpolate, type TranslationKey, type TranslationParams } from '../../core/i18n/dictionary';
import { TranslationService } from '../../core/i18n/translation.service';
import { BOOKING_TEXTS, type BookingTextKey } from './booking-texts';

/** Booking strings in the current language; other keys (common.*, error.*) come from the app's dictionaries. */
@Injectable({ providedIn: 'root' })
export class BookingTexts {
  private readonly i18n = inject(TranslationService);

  t(key: BookingTextKey | TranslationKey, params?: TranslationParams): string {
    const own = BOOKING_TEXTS[this.i18n.lang()] as Record<string, string>;
    if (key in own) return interpolate(own[key], params);
    return this.i18n.t(key as TranslationKey, params);
  }
}

/** `{{ 'booking.book' | bt }}`; impure because it follows the language signal. */
@Pipe({ name: 'bt', pure: false })
export class BookingTextPipe implements PipeTransform {
  private readonly texts = inject(BookingTexts);

  transform(key: BookingTextKey | TranslationKey, params?: TranslationParams): string {
    return this.texts.t(key, params);
  }
}
