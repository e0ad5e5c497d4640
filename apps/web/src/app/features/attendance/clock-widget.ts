import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AttendanceDay, ClockEventType, PresenceStatus } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationKey } from '../../core/i18n/dictionary';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { AttendanceApi, hoursText, pragueTime } from './attendance-api';
import { officeToday } from '../../core/time/office-date';

/** Events offered besides the main in/out button, by what the person is doing now. */
const SECONDARY: Record<PresenceStatus, ClockEventType[]> = {
  off: ['home-office', 'trip-start', 'doctor'],
  work: ['break-start', 'trip-start', 'doctor'],
  'home-office': ['break-start', 'doctor'],
  break: ['break-end', 'doctor'],
  trip: ['trip-end'],
  doctor: ['in'],
};

/**
 * Today's status and one-click clocking (Příchod / Odchod, breaks, trips, doctor, home office).
 * Standalone so the home page can show it too: `<ag-clock-widget />`.
 */
@Component({
  selector: 'ag-clock-widget',
  imports: [MatButtonModule, TranslatePipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="clock-card" aria-labelledby="att-today">
      <h2 id="att-today">{{ 'attendance.today' | t }}</h2>
      <p class="status" data-testid="attendance-status">
        <span class="dot" [class.dot--on]="clockedIn()" aria-hidden="true"></span>
        {{ statusKey(status()) | t }}
      </p>
      <button matButton="filled" type="button" class="clock" [disabled]="busy()" (click)="toggle()">
        {{ (clockedIn() ? 'attendance.clockOut' : 'attendance.clockIn') | t }}
      </button>
      <div class="secondary" role="group" [attr.aria-label]="'attendance.otherEvents' | t">
        @for (type of secondary(); track type) {
          <button matButton="outlined" type="button" [disabled]="busy()" (click)="clock(type)">{{ eventKey(type) | t }}</button>
        }
      </div>
      <p class="live" role="status" aria-live="polite">{{ message() }}</p>
      @if (error()) {
        <p class="message" role="alert">{{ error() }}</p>
      }
      @if (day(); as d) {
        @if (d.events.length) {
          <ol class="events">
            @for (e of d.events; track e.id) {
              <li><time [attr.datetime]="e.at">{{ e.at | agDate: 'time' }}</time> {{ eventKey(e.type) | t }}</li>
            }
          </ol>
        }
        <p class="muted">{{ 'attendance.workedToday' | t: { hours: hours(d.workedMinutes) } }}</p>
      }
    </section>
  `,
  styles: `
    .clock-card { margin: 0 0 24px; padding: 16px 20px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 16px; background: var(--mat-sys-surface-container-low); }
    h2 { margin: 0 0 12px; font: var(--mat-sys-title-large); }
    .status { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-title-medium); }
    .dot { width: 12px; height: 12px; border-radius: 50%; background: var(--mat-sys-outline); }
    .dot--on { background: #1b7a34; }
    .clock { min-width: 200px; min-height: 48px; font-size: 1.1rem; }
    .secondary { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
    .events { margin: 8px 0; padding-left: 20px; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .live:empty { display: none; }
    .message { padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class ClockWidget {
  private readonly api = inject(AttendanceApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  /** Emitted after each recorded event, so a page can refresh what depends on it. */
  readonly clocked = output<ClockEventType>();
  protected readonly status = signal<PresenceStatus>('off');
  protected readonly day = signal<AttendanceDay | null>(null);
  protected readonly message = signal('');
  protected readonly error = signal('');
  protected readonly busy = signal(false);
  protected readonly clockedIn = computed(() => this.status() !== 'off');
  protected readonly secondary = computed(() => SECONDARY[this.status()]);

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    const today = officeToday();
    try {
      const res = await this.api.days(today, today);
      this.status.set(res.status);
      this.day.set(res.days[0] ?? null);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected toggle(): Promise<void> {
    return this.clock(this.clockedIn() ? 'out' : 'in');
  }

  protected async clock(type: ClockEventType): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.message.set('');
    try {
      const ev = await this.api.clock({ type });
      await this.load();
      this.message.set(this.i18n.t('attendance.recorded', { event: this.i18n.t(this.eventKey(type)), time: pragueTime(ev.at) }));
      this.clocked.emit(type);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.busy.set(false);
    }
  }

  protected hours(minutes: number): string {
    return hoursText(minutes) || '0:00';
  }

  protected statusKey(s: PresenceStatus): TranslationKey {
    return `attendance.status.${s}` as TranslationKey;
  }

  protected eventKey(t: ClockEventType): TranslationKey {
    return `attendance.event.${t}` as TranslationKey;
  }
}
