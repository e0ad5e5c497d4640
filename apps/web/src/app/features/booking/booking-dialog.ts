import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { BookingInfo, OccurrencePreview, ResourceInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { BookingTextPipe, BookingTexts } from './booking-text.pipe';
import { TranslationService } from '../../core/i18n/translation.service';
import { BookingApi, type NewBooking } from './booking-api';
import { WEEKDAY_CODES, addDays, buildRRule, fromInputs, toDateInput, toTimeInput } from './calendar-model';

let nextId = 0;

type Mode = 'create' | 'edit';

/**
 * Create or edit one booking in a modal native `<dialog>` (focus stays inside, Esc closes, focus
 * returns to the calendar cell). Creating offers recurrence with a conflict preview (book the free
 * dates and skip the rest, or cancel) and, for cars, destination, car sharing and the licence check.
 */
@Component({
  selector: 'ag-booking-dialog',
  imports: [MatButtonModule, BookingTextPipe, AgDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './booking-dialog.html',
  styleUrl: './booking-dialog.scss',
})
export class BookingDialog {
  readonly resources = input.required<ResourceInfo[]>();
  /** After a booking was created, changed or cancelled (the calendar reloads). */
  readonly changed = output<string>();

  protected readonly id = `ag-booking-dialog-${++nextId}`;
  protected readonly weekdays = WEEKDAY_CODES;
  private readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly texts = inject(BookingTexts);
  private readonly document = inject(DOCUMENT);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private opener: HTMLElement | null = null;

  protected readonly mode = signal<Mode>('create');
  protected readonly booking = signal<BookingInfo | null>(null);
  protected readonly resourceId = signal('');
  protected readonly title = signal('');
  protected readonly date = signal('');
  protected readonly startTime = signal('09:00');
  protected readonly endTime = signal('10:00');
  protected readonly endDate = signal('');
  protected readonly attendees = signal(1);
  protected readonly destination = signal('');
  protected readonly purpose = signal('');
  protected readonly passengers = signal(0);
  protected readonly shared = signal(false);
  protected readonly licence = signal(false);
  protected readonly repeat = signal(false);
  protected readonly freq = signal<'WEEKLY' | 'MONTHLY'>('WEEKLY');
  protected readonly interval = signal(1);
  protected readonly days = signal<string[]>([]);
  protected readonly until = signal('');
  protected readonly preview = signal<OccurrencePreview[] | null>(null);
  /** Editing an occurrence of a series: change every future occurrence instead (title, local time, duration). */
  protected readonly wholeSeries = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly notice = signal<string | null>(null);

  protected readonly resource = computed(() => this.resources().find((r) => r.id === this.resourceId()) ?? null);
  protected readonly isCar = computed(() => this.resource()?.type === 'car');
  protected readonly conflicts = computed(() => (this.preview() ?? []).filter((o) => o.conflict || o.violations.length > 0));
  protected readonly lang = this.i18n.lang;

  openCreate(init: { resourceId?: string; start: Date; end: Date }): void {
    this.reset();
    this.mode.set('create');
    this.resourceId.set(init.resourceId ?? this.resources()[0]?.id ?? '');
    this.date.set(toDateInput(init.start));
    this.endDate.set(toDateInput(init.end));
    this.startTime.set(toTimeInput(init.start));
    this.endTime.set(toTimeInput(init.end));
    this.until.set(toDateInput(addDays(init.start, 91)));
    this.show();
  }

  openEdit(b: BookingInfo): void {
    this.reset();
    this.mode.set('edit');
    this.booking.set(b);
    this.resourceId.set(b.resourceId);
    this.title.set(b.title);
    const start = new Date(b.start);
    const end = new Date(b.end);
    this.date.set(toDateInput(start));
    this.endDate.set(toDateInput(end));
    this.startTime.set(toTimeInput(start));
    this.endTime.set(toTimeInput(end));
    this.show();
  }

  private reset(): void {
    this.booking.set(null);
    this.title.set('');
    this.attendees.set(1);
    this.destination.set('');
    this.purpose.set('');
    this.passengers.set(0);
    this.shared.set(false);
    this.licence.set(false);
    this.repeat.set(false);
    this.freq.set('WEEKLY');
    this.interval.set(1);
    this.days.set([]);
    this.preview.set(null);
    this.wholeSeries.set(false);
    this.error.set(null);
    this.fieldErrors.set({});
    this.notice.set(null);
    this.busy.set(false);
  }

  private show(): void {
    this.opener = this.document.activeElement as HTMLElement | null;
    setTimeout(() => {
      const dialog = this.dialog().nativeElement;
      if (!dialog.open) dialog.showModal();
    });
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  protected closed(): void {
    this.opener?.focus?.();
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected toggleDay(code: string, on: boolean): void {
    this.days.update((d) => (on ? [...d, code] : d.filter((x) => x !== code)));
    this.preview.set(null);
  }

  private body(): NewBooking {
    const start = fromInputs(this.date(), this.startTime());
    const end = fromInputs(this.isCar() ? this.endDate() || this.date() : this.date(), this.endTime());
    const body: NewBooking = { resourceId: this.resourceId(), title: this.title().trim(), start, end };
    if (this.isCar()) {
      if (this.destination().trim()) body.destination = this.destination().trim();
      if (this.purpose().trim()) body.purpose = this.purpose().trim();
      body.passengers = this.passengers();
      body.shared = this.shared();
      body.licenceConfirmed = this.licence();
    } else if (this.resource()?.needsApproval) {
      body.attendees = this.attendees();
    }
    return body;
  }

  private rrule(): string {
    return buildRRule({ freq: this.freq(), interval: this.interval(), days: this.days(), until: this.until(), first: new Date(fromInputs(this.date(), this.startTime())) });
  }

  private fail(e: unknown): void {
    const described = this.errors.describe(e, ['title', 'start', 'end', 'destination', 'purpose', 'licenceConfirmed', 'rrule']);
    this.error.set(described.message);
    this.fieldErrors.set(described.fieldErrors);
    this.busy.set(false);
  }

  private validTitle(): boolean {
    if (this.title().trim()) return true;
    this.fieldErrors.set({ title: this.texts.t('booking.titleRequired') });
    this.document.getElementById(`${this.id}-title`)?.focus();
    return false;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.error.set(null);
    this.fieldErrors.set({});
    if (!this.validTitle()) return;
    this.busy.set(true);
    try {
      if (this.mode() === 'edit') {
        const b = this.booking() as BookingInfo;
        const body = this.body();
        if (b.seriesId && this.wholeSeries()) {
          const minutes = Math.round((Date.parse(body.end) - Date.parse(body.start)) / 60_000);
          await this.api.updateSeries(b.seriesId, { title: body.title, startTime: this.startTime(), durationMinutes: minutes });
          this.finish(this.texts.t('booking.seriesSaved'));
          return;
        }
        await this.api.update(b.id, { expectedVersion: b.version, title: body.title, start: body.start, end: body.end });
        this.finish(this.texts.t('booking.saved'));
        return;
      }
      if (this.repeat()) {
        const preview = await this.api.previewSeries({ ...this.body(), rrule: this.rrule() });
        this.preview.set(preview.occurrences);
        this.busy.set(false);
        if (this.conflicts().length > 0) return; // the user decides: skip them or cancel
        await this.bookSeries();
        return;
      }
      const { pending } = await this.api.create(this.body());
      this.finish(this.texts.t(pending ? 'booking.createdPending' : 'booking.created'));
    } catch (e) {
      this.fail(e);
    }
  }

  protected async bookSeries(): Promise<void> {
    this.busy.set(true);
    try {
      const result = await this.api.createSeries({ ...this.body(), rrule: this.rrule(), onConflict: 'skip' });
      this.finish(this.texts.t('booking.seriesCreated', { created: result.created.length, skipped: result.skipped.length }));
    } catch (e) {
      this.fail(e);
    }
  }

  protected async cancelBooking(): Promise<void> {
    const b = this.booking();
    if (!b) return;
    this.busy.set(true);
    try {
      await this.api.cancel(b.id);
      this.finish(this.texts.t('booking.cancelled'));
    } catch (e) {
      this.fail(e);
    }
  }

  protected async cancelSeries(): Promise<void> {
    const b = this.booking();
    if (!b?.seriesId) return;
    this.busy.set(true);
    try {
      const r = await this.api.cancelSeries(b.seriesId);
      this.finish(this.texts.t('booking.seriesCancelled', { n: r.cancelled }));
    } catch (e) {
      this.fail(e);
    }
  }

  protected async checkIn(): Promise<void> {
    const b = this.booking();
    if (!b) return;
    this.busy.set(true);
    try {
      this.booking.set(await this.api.checkIn(b.id));
      this.busy.set(false);
      this.notice.set(this.texts.t('booking.checkedIn'));
      this.changed.emit(this.texts.t('booking.checkedIn'));
    } catch (e) {
      this.fail(e);
    }
  }

  private finish(message: string): void {
    this.busy.set(false);
    this.changed.emit(message);
    this.close();
  }

  protected resourceLabel(r: ResourceInfo): string {
    if (r.room) return `${r.name} (${this.texts.t('booking.seatsN', { n: r.room.capacity })})`;
    if (r.car) return `${r.name} – ${r.car.homeLocation ?? ''}`;
    return r.name;
  }
}
