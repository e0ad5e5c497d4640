import { Pipe, PipeTransform, inject } from '@angular/core';
import { DateInput, DateStyle, formatCzkFor, formatDateFor, formatNumberFor } from './format';
import { TranslationService } from './translation.service';

/** `{{ value | agDate }}`, `{{ value | agDate: 'dateTime' }}` in the current language. */
@Pipe({ name: 'agDate', pure: false })
export class AgDatePipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);
  transform(value: DateInput | null | undefined, style: DateStyle = 'date'): string {
    return formatDateFor(this.i18n.lang(), value, style);
  }
}

/** `{{ 1234.5 | agNumber }}` → `1 234,5` in Czech. */
@Pipe({ name: 'agNumber', pure: false })
export class AgNumberPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);
  transform(value: number | null | undefined, digitsInfo?: string): string {
    return formatNumberFor(this.i18n.lang(), value, digitsInfo);
  }
}

/** `{{ 1234567.5 | agCzk }}` → `1 234 567,50 Kč` in Czech. */
@Pipe({ name: 'agCzk', pure: false })
export class AgCzkPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);
  transform(value: number | null | undefined, digitsInfo?: string): string {
    return formatCzkFor(this.i18n.lang(), value, digitsInfo);
  }
}
