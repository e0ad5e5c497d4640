import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import {
  CLOCK_EVENT_TYPES,
  LEAVE_TYPES,
  type AttendanceDay,
  type ClockEventType,
  type LeaveBalance,
  type LeaveType,
  type TeamCalendarResponse,
  type TimesheetInfo,
} from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { AttendanceApi, hoursText } from './attendance-api';
import { addDays } from '@agendy/shared/util';
import { officeToday } from '../../core/time/office-date';
import { ClockWidget } from './clock-widget';

/** `/dochazka`: today's status with one-click clocking, the month, corrections, leave and the team. */
@Component({
  selector: 'ag-attendance-page',
  imports: [RouterLink, MatButtonModule, TranslatePipe, AgDatePipe, ClockWidget],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attendance.page.html',
  styleUrl: './attendance.page.scss',
})
export class AttendancePage {
  private readonly api = inject(AttendanceApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  protected readonly today = officeToday();
  protected readonly month = signal(this.today.slice(0, 7));
  protected readonly sheet = signal<TimesheetInfo | null>(null);
  protected readonly balance = signal<LeaveBalance | null>(null);
  protected readonly team = signal<TeamCalendarResponse | null>(null);
  protected readonly message = signal('');
  protected readonly error = signal('');
  protected readonly busy = signal(false);
  protected readonly eventTypes = CLOCK_EVENT_TYPES;
  protected readonly leaveTypes = LEAVE_TYPES;
  /** HR or a head of department: the month overview and exports are theirs. */
  protected readonly hr = signal(false);
  // Correction form
  protected readonly cDate = signal(this.today);
  protected readonly cTime = signal('');
  protected readonly cType = signal<ClockEventType>('out');
  protected readonly cReason = signal('');
  // Leave form
  protected readonly lType = signal<LeaveType>('dovolena');
  protected readonly lFrom = signal('');
  protected readonly lTo = signal('');
  protected readonly lHalf = signal(false);
  protected readonly hoursText = hoursText;

  constructor() {
    void this.loadMonth();
    void this.loadLeave();
    void this.api.access().then(
      (a) => this.hr.set(a.hr || a.managesDepartments.length > 0),
      () => undefined,
    );
  }

  protected async loadMonth(): Promise<void> {
    try {
      this.sheet.set(await this.api.timesheet(this.month()));
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  private async loadLeave(): Promise<void> {
    try {
      const [balance, team] = await Promise.all([this.api.balance(), this.api.teamCalendar(this.today, addDays(this.today, 30))]);
      this.balance.set(balance);
      this.team.set(team);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  private async run(action: () => Promise<string>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.message.set('');
    try {
      this.message.set(await action());
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(false);
    }
  }

  /** The month shown may include today: refresh it after clocking. */
  protected onClocked(): void {
    if (this.month() === this.today.slice(0, 7)) void this.loadMonth();
  }

  protected changeMonth(value: string): void {
    if (!/^\d{4}-\d{2}$/.test(value)) return;
    this.month.set(value);
    void this.loadMonth();
  }

  protected submitMonth(): Promise<void> {
    return this.run(async () => {
      this.sheet.set(await this.api.submit(this.month()));
      return this.i18n.t('attendance.submitted', { month: this.month() });
    });
  }

  protected sendCorrection(event: Event): Promise<void> {
    event.preventDefault();
    return this.run(async () => {
      await this.api.correction({ date: this.cDate(), time: this.cTime(), type: this.cType(), reason: this.cReason() });
      this.cReason.set('');
      return this.i18n.t('attendance.correctionSent');
    });
  }

  protected sendLeave(event: Event): Promise<void> {
    event.preventDefault();
    return this.run(async () => {
      const res = await this.api.requestLeave({ type: this.lType(), dateFrom: this.lFrom(), dateTo: this.lTo() || this.lFrom(), ...(this.lHalf() ? { halfDay: true } : {}) });
      this.balance.set(res.balance);
      await this.loadLeave();
      return this.i18n.t('attendance.leaveSent');
    });
  }

  protected pdfUrl(): string {
    return this.api.pdfUrl(this.month());
  }

  protected value(e: Event): string {
    return (e.target as HTMLInputElement).value;
  }

  protected checked(e: Event): boolean {
    return (e.target as HTMLInputElement).checked;
  }

  protected eventKey(t: ClockEventType): TranslationKey {
    return `attendance.event.${t}` as TranslationKey;
  }

  protected anomalyKey(a: string): TranslationKey {
    return `attendance.anomaly.${a}` as TranslationKey;
  }

  protected absenceKey(a: string): TranslationKey {
    return `attendance.absence.${a}` as TranslationKey;
  }

  protected leaveTypeKey(t: string): TranslationKey {
    return `attendance.leaveType.${t}` as TranslationKey;
  }

  protected sheetStateKey(s: string): TranslationKey {
    return `attendance.sheetState.${s}` as TranslationKey;
  }

  protected isWeekendOrHoliday(d: AttendanceDay): boolean {
    return !d.workingDay;
  }
}
