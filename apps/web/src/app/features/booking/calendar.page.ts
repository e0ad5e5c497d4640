import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { BookingInfo, BusySlot, ResourceInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { formatDateFor } from '../../core/i18n/format';
import { BookingTextPipe, BookingTexts } from './booking-text.pipe';
import type { BookingTextKey } from './booking-texts';
import { TranslationService } from '../../core/i18n/translation.service';
import { BookingApi, isBusy } from './booking-api';
import { BookingDialog } from './booking-dialog';
import { BookingNav } from './booking-nav';
import { CalendarView, SLOT_MINUTES, addDays, overlaps, placement, rangeOf, sameDay, shift, slotsOf, startOfDay, visibleDays, type Slot } from './calendar-model';

const MINE = 'mine';

interface Placed {
  item: BookingInfo | BusySlot;
  top: number;
  height: number;
  key: string;
}

/**
 * `/rezervace`: day / week / month calendar of one resource or of "my bookings". A lean grid of
 * our own (no FullCalendar): every half-hour slot is a button with a spoken label; arrows move
 * between slots (one tab stop, roving tabindex), Enter books, dragging over slots books that span,
 * clicking a booking opens it for editing.
 */
@Component({
  selector: 'ag-booking-calendar-page',
  imports: [MatButtonModule, BookingTextPipe, AgDatePipe, BookingDialog, BookingNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calendar.page.html',
  styleUrl: './calendar.page.scss',
})
export class CalendarPage {
  private readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  private readonly i18n = inject(TranslationService);
  private readonly texts = inject(BookingTexts);
  private readonly document = inject(DOCUMENT);
  private readonly dialog = viewChild.required(BookingDialog);

  protected readonly lang = this.i18n.lang;
  protected readonly resources = signal<ResourceInfo[]>([]);
  protected readonly rooms = computed(() => this.resources().filter((r) => r.type === 'room'));
  protected readonly cars = computed(() => this.resources().filter((r) => r.type === 'car'));
  protected readonly calendar = signal<string>(MINE);
  protected readonly view = signal<CalendarView>('week');
  protected readonly anchor = signal(startOfDay(new Date()));
  protected readonly items = signal<Array<BookingInfo | BusySlot>>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal<string>('');
  protected readonly feedUrl = signal<string | null>(null);
  protected readonly focus = signal<{ day: number; slot: number }>({ day: 0, slot: 4 });
  protected readonly selection = signal<{ day: number; from: number; to: number } | null>(null);
  protected readonly MINE = MINE;
  protected readonly views: CalendarView[] = ['day', 'week', 'month'];

  protected readonly days = computed(() => visibleDays(this.view(), this.anchor()));
  protected readonly slots = computed(() => slotsOf(this.anchor()).map((s) => ({ hour: s.start.getHours(), minute: s.start.getMinutes() })));
  protected readonly selectedResource = computed(() => this.resources().find((r) => r.id === this.calendar()) ?? null);
  protected readonly periodLabel = computed(() => {
    const lang = this.lang();
    const days = this.days();
    if (this.view() === 'day') return formatDateFor(lang, days[0], 'full');
    if (this.view() === 'week') return `${formatDateFor(lang, days[0], 'date')} – ${formatDateFor(lang, days[6], 'date')}`;
    return formatDateFor(lang, this.anchor(), 'long').replace(/^\d+\.?\s*/, '');
  });

  /** Bookings placed in each visible day column (week/day views). */
  protected readonly placed = computed(() =>
    this.days().map((day) =>
      this.items()
        .map((item, i) => {
          const p = placement(day, new Date(item.start), new Date(item.end));
          return p ? ({ item, ...p, key: `${'id' in item ? item.id : 'busy'}-${i}` } as Placed) : null;
        })
        .filter((p): p is Placed => p !== null),
    ),
  );

  constructor() {
    void this.init();
  }

  private async init(): Promise<void> {
    try {
      this.resources.set((await this.api.resources()).items.filter((r) => r.active));
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
    await this.load();
  }

  protected async load(): Promise<void> {
    const { from, to } = rangeOf(this.view(), this.anchor());
    this.loading.set(true);
    this.error.set(null);
    try {
      const query = this.calendar() === MINE ? { mine: true, from: from.toISOString(), to: to.toISOString() } : { resourceId: this.calendar(), from: from.toISOString(), to: to.toISOString() };
      this.items.set((await this.api.bookings(query)).items.filter((b) => isBusy(b) || b.status !== 'cancelled'));
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected setCalendar(value: string): void {
    this.calendar.set(value);
    this.feedUrl.set(null);
    void this.load();
  }

  protected setView(view: CalendarView): void {
    this.view.set(view);
    this.focus.set({ day: 0, slot: this.focus().slot });
    void this.load();
  }

  protected move(direction: 1 | -1): void {
    this.anchor.set(shift(this.view(), this.anchor(), direction));
    void this.load();
  }

  protected today(): void {
    this.anchor.set(startOfDay(new Date()));
    void this.load();
  }

  protected openDay(day: Date): void {
    this.anchor.set(startOfDay(day));
    this.setView('day');
  }

  protected slotOf(dayIndex: number, slotIndex: number): Slot {
    return slotsOf(this.days()[dayIndex])[slotIndex];
  }

  protected slotLabel(dayIndex: number, slotIndex: number): string {
    const slot = this.slotOf(dayIndex, slotIndex);
    const lang = this.lang();
    const busy = this.items().some((b) => overlaps(slot.start, slot.end, new Date(b.start), new Date(b.end)));
    return this.texts.t(busy ? 'booking.slotBusy' : 'booking.slotFree', { when: `${formatDateFor(lang, slot.start, 'full')} ${formatDateFor(lang, slot.start, 'time')}` });
  }

  protected weekday(day: Date): string {
    return day.toLocaleDateString(this.lang() === 'cs' ? 'cs-CZ' : 'en-GB', { weekday: 'long' });
  }

  protected isToday(day: Date): boolean {
    return sameDay(day, new Date());
  }

  protected inMonth(day: Date): boolean {
    return day.getMonth() === this.anchor().getMonth();
  }

  protected itemsOfDay(day: Date): Array<BookingInfo | BusySlot> {
    const end = addDays(day, 1);
    return this.items().filter((b) => overlaps(day, end, new Date(b.start), new Date(b.end)));
  }

  protected label(item: BookingInfo | BusySlot): string {
    if (isBusy(item)) return this.texts.t('booking.busy');
    return this.calendar() === MINE ? `${item.title} · ${item.resourceName}` : item.title;
  }

  protected itemAria(item: BookingInfo | BusySlot): string {
    const lang = this.lang();
    const when = `${formatDateFor(lang, item.start, 'dateTime')} – ${formatDateFor(lang, item.end, 'time')}`;
    if (isBusy(item)) return `${this.texts.t('booking.busy')}, ${when}`;
    return `${this.label(item)}, ${when}, ${this.texts.t(`booking.status.${item.status}` as BookingTextKey)}`;
  }

  /** Spoken after the visible text (the accessible name must start with what is seen): the day and the status. */
  protected itemExtra(item: BookingInfo): string {
    return `, ${formatDateFor(this.lang(), item.start, 'full')}, ${this.texts.t(`booking.status.${item.status}` as BookingTextKey)}`;
  }

  protected asBooking(item: BookingInfo | BusySlot): BookingInfo | null {
    return isBusy(item) ? null : item;
  }

  // ---- keyboard (roving tabindex) and pointer (drag to select) ---------------------------------

  protected onKey(event: KeyboardEvent, dayIndex: number, slotIndex: number): void {
    const maxSlot = this.slots().length - 1;
    const maxDay = this.days().length - 1;
    let next: { day: number; slot: number } | null = null;
    switch (event.key) {
      case 'ArrowUp':
        next = { day: dayIndex, slot: Math.max(0, slotIndex - 1) };
        break;
      case 'ArrowDown':
        next = { day: dayIndex, slot: Math.min(maxSlot, slotIndex + 1) };
        break;
      case 'ArrowLeft':
        next = { day: Math.max(0, dayIndex - 1), slot: slotIndex };
        break;
      case 'ArrowRight':
        next = { day: Math.min(maxDay, dayIndex + 1), slot: slotIndex };
        break;
      case 'Home':
        next = { day: dayIndex, slot: 0 };
        break;
      case 'End':
        next = { day: dayIndex, slot: maxSlot };
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.create(dayIndex, slotIndex, slotIndex + 1);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.focus.set(next);
    this.document.getElementById(this.slotId(next.day, next.slot))?.focus();
  }

  protected slotId(dayIndex: number, slotIndex: number): string {
    return `slot-${dayIndex}-${slotIndex}`;
  }

  protected pointerDown(event: PointerEvent, dayIndex: number, slotIndex: number): void {
    if (event.button !== 0) return;
    event.preventDefault();
    (event.target as HTMLElement).releasePointerCapture?.(event.pointerId);
    this.focus.set({ day: dayIndex, slot: slotIndex });
    this.selection.set({ day: dayIndex, from: slotIndex, to: slotIndex });
  }

  protected pointerEnter(dayIndex: number, slotIndex: number): void {
    const s = this.selection();
    if (s && s.day === dayIndex) this.selection.set({ ...s, to: slotIndex });
  }

  protected pointerUp(): void {
    const s = this.selection();
    if (!s) return;
    this.selection.set(null);
    const from = Math.min(s.from, s.to);
    const to = Math.max(s.from, s.to);
    this.create(s.day, from, from === to ? from + 1 : to);
  }

  protected selected(dayIndex: number, slotIndex: number): boolean {
    const s = this.selection();
    return !!s && s.day === dayIndex && slotIndex >= Math.min(s.from, s.to) && slotIndex <= Math.max(s.from, s.to);
  }

  /** Opens the new-booking dialog for slots [from, to] of a day (a single slot → one hour). */
  private create(dayIndex: number, from: number, to: number): void {
    const start = this.slotOf(dayIndex, from).start;
    const lastSlots = slotsOf(this.days()[dayIndex]);
    const end = to < lastSlots.length ? lastSlots[to].end : new Date(start.getTime() + 2 * SLOT_MINUTES * 60_000);
    this.dialog().openCreate({ resourceId: this.calendar() === MINE ? undefined : this.calendar(), start, end });
  }

  protected createOnDay(day: Date): void {
    const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 9);
    this.dialog().openCreate({ resourceId: this.calendar() === MINE ? undefined : this.calendar(), start, end: new Date(start.getTime() + 3_600_000) });
  }

  protected edit(item: BookingInfo | BusySlot): void {
    if (!isBusy(item)) this.dialog().openEdit(item);
  }

  protected changed(message: string): void {
    this.status.set(message);
    void this.load();
  }

  protected async subscribe(): Promise<void> {
    try {
      const feed = await this.api.feed(this.calendar() === MINE ? undefined : this.calendar());
      this.feedUrl.set(new URL(feed.url, this.document.location.href).toString());
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }
}
