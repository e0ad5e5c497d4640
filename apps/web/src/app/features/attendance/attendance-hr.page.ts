import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DepartmentMonthResponse, TimesheetState } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AttendanceApi, hoursText } from './attendance-api';
import { officeToday } from '../../core/time/office-date';

/** `/dochazka/personalni`: HR's (and managers') month — who has not submitted, hours, anomalies, payroll exports. */
@Component({
  selector: 'ag-attendance-hr-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attendance-hr.page.html',
  styleUrl: './attendance.page.scss',
})
export class AttendanceHrPage {
  private readonly api = inject(AttendanceApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly month = signal(officeToday().slice(0, 7));
  protected readonly data = signal<DepartmentMonthResponse | null>(null);
  protected readonly error = signal('');
  protected readonly notSubmitted = computed(() => (this.data()?.rows ?? []).filter((r) => r.state === 'open').length);
  protected readonly hoursText = hoursText;

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.error.set('');
    try {
      this.data.set(await this.api.hrMonth(this.month()));
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected changeMonth(e: Event): void {
    const value = (e.target as HTMLInputElement).value;
    if (!/^\d{4}-\d{2}$/.test(value)) return;
    this.month.set(value);
    void this.load();
  }

  protected payrollUrl(format: 'csv' | 'xlsx'): string {
    return this.api.payrollUrl(this.month(), format);
  }

  protected trainingUrl(): string {
    return this.api.trainingCostsUrl(Number(this.month().slice(0, 4)));
  }

  protected stateKey(s: TimesheetState): TranslationKey {
    return `attendance.sheetState.${s}` as TranslationKey;
  }
}
