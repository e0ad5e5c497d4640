import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ResourceInfo, ResourceType } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { BookingTextPipe, BookingTexts } from './booking-text.pipe';
import { BookingApi } from './booking-api';
import { BookingDialog } from './booking-dialog';
import { BookingNav } from './booking-nav';
import { addDays, fromInputs, startOfDay, toDateInput } from './calendar-model';

export const EQUIPMENT = ['projector', 'screen', 'whiteboard', 'videoconference', 'sound', 'streaming', 'voting'] as const;

/** The next given ISO weekday (1 = Monday) on or after today. */
export function nextIsoWeekday(today: Date, isoDay: number): Date {
  const d = startOfDay(today);
  const current = ((d.getDay() + 6) % 7) + 1;
  return addDays(d, (isoDay - current + 7) % 7);
}

/**
 * `/rezervace/hledat`: "a room for 12 people with a projector on Thursday afternoon", "a car from
 * Liberec tomorrow 8–12" as filters; lists the resources free for the whole interval and books one.
 */
@Component({
  selector: 'ag-find-slot-page',
  imports: [MatButtonModule, BookingTextPipe, BookingDialog, BookingNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'booking.findHeading' | bt }}</h1>
    <ag-booking-nav />
    <form class="filters" novalidate (submit)="search($event)">
      <fieldset class="type">
        <legend>{{ 'booking.whatKind' | bt }}</legend>
        <label class="check"><input type="radio" name="type" value="room" [checked]="type() === 'room'" (change)="setType('room')" /> {{ 'booking.room' | bt }}</label>
        <label class="check"><input type="radio" name="type" value="car" [checked]="type() === 'car'" (change)="setType('car')" /> {{ 'booking.car' | bt }}</label>
      </fieldset>
      <div class="presets" role="group" [attr.aria-label]="'booking.presets' | bt">
        @if (type() === 'room') {
          <button matButton="outlined" type="button" (click)="preset(4, '12:00', '17:00')">{{ 'booking.presetThursdayAfternoon' | bt }}</button>
        }
        <button matButton="outlined" type="button" (click)="presetTomorrow()">{{ 'booking.presetTomorrowMorning' | bt }}</button>
      </div>
      <div class="grid">
        <div class="field"><label for="f-date">{{ 'booking.date' | bt }}</label><input id="f-date" type="date" [value]="date()" (input)="date.set(value($event))" /></div>
        <div class="field"><label for="f-from">{{ 'booking.from' | bt }}</label><input id="f-from" type="time" step="900" [value]="from()" (input)="from.set(value($event))" /></div>
        <div class="field"><label for="f-to">{{ 'booking.to' | bt }}</label><input id="f-to" type="time" step="900" [value]="to()" (input)="to.set(value($event))" /></div>
        @if (type() === 'room') {
          <div class="field"><label for="f-capacity">{{ 'booking.minCapacity' | bt }}</label><input id="f-capacity" type="number" min="1" [value]="capacity() ?? ''" (input)="capacity.set(+value($event) || null)" /></div>
        } @else {
          <div class="field"><label for="f-seats">{{ 'booking.minSeats' | bt }}</label><input id="f-seats" type="number" min="1" [value]="seats() ?? ''" (input)="seats.set(+value($event) || null)" /></div>
          <div class="field"><label for="f-location">{{ 'booking.location' | bt }}</label><input id="f-location" type="text" [value]="location()" (input)="location.set(value($event))" /></div>
        }
      </div>
      @if (type() === 'room') {
        <fieldset class="equipment">
          <legend>{{ 'booking.equipment' | bt }}</legend>
          @for (e of equipmentList; track e) {
            <label class="check"><input type="checkbox" [checked]="equipment().includes(e)" (change)="toggle(e, $any($event.target).checked)" /> {{ $any('booking.eq.' + e) | bt }}</label>
          }
          <label class="check"><input type="checkbox" [checked]="accessible()" (change)="accessible.set($any($event.target).checked)" /> {{ 'booking.accessible' | bt }}</label>
        </fieldset>
      }
      <button matButton="filled" type="submit">{{ 'booking.search' | bt }}</button>
    </form>

    @if (error()) {
      <p class="message" role="alert">{{ error() }}</p>
    }
    <p role="status" class="muted">{{ summary() }}</p>
    @if (results(); as items) {
      <ul class="results">
        @for (r of items; track r.id) {
          <li class="result">
            <div>
              <h2 class="result__name">{{ r.name }}</h2>
              <p class="muted">
                @if (r.room) {
                  {{ 'booking.seatsN' | bt: { n: r.room.capacity } }} · {{ 'booking.floorN' | bt: { n: r.room.floor ?? 0 } }}
                  @for (e of r.room.equipment; track e) {
                    · {{ $any('booking.eq.' + e) | bt }}
                  }
                  @if (r.room.accessible) {
                    · {{ 'booking.accessible' | bt }}
                  }
                }
                @if (r.car) {
                  {{ r.car.plate }} · {{ 'booking.seatsN' | bt: { n: r.car.seats } }} · {{ $any('booking.fuel.' + r.car.fuel) | bt }} · {{ r.car.homeLocation }}
                }
                @if (r.needsApproval) {
                  · {{ 'booking.needsApproval' | bt }}
                }
              </p>
            </div>
            <button matButton="tonal" type="button" (click)="book(r)" [attr.aria-label]="'booking.bookThis' | bt: { name: r.name }">{{ 'booking.book' | bt }}</button>
          </li>
        }
      </ul>
    }
    <ag-booking-dialog [resources]="all()" (changed)="booked($event)" />
  `,
  styleUrl: './find-slot.page.scss',
})
export class FindSlotPage {
  private readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  private readonly texts = inject(BookingTexts);
  private readonly dialog = viewChild.required(BookingDialog);
  protected readonly equipmentList = EQUIPMENT;
  protected readonly type = signal<ResourceType>('room');
  protected readonly date = signal(toDateInput(nextIsoWeekday(new Date(), 4)));
  protected readonly from = signal('13:00');
  protected readonly to = signal('16:00');
  protected readonly capacity = signal<number | null>(null);
  protected readonly seats = signal<number | null>(null);
  protected readonly location = signal('');
  protected readonly equipment = signal<string[]>([]);
  protected readonly accessible = signal(false);
  protected readonly results = signal<ResourceInfo[] | null>(null);
  protected readonly all = signal<ResourceInfo[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly message = signal('');
  protected readonly summary = computed(() => this.message() || (this.results() ? this.texts.t('booking.foundN', { n: this.results()?.length ?? 0 }) : ''));

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected setType(type: ResourceType): void {
    this.type.set(type);
    this.results.set(null);
  }

  protected toggle(e: string, on: boolean): void {
    this.equipment.update((list) => (on ? [...list, e] : list.filter((x) => x !== e)));
  }

  protected preset(isoDay: number, from: string, to: string): void {
    this.date.set(toDateInput(nextIsoWeekday(addDays(new Date(), 1), isoDay)));
    this.from.set(from);
    this.to.set(to);
  }

  protected presetTomorrow(): void {
    this.date.set(toDateInput(addDays(new Date(), 1)));
    this.from.set('08:00');
    this.to.set('12:00');
  }

  protected async search(event: Event): Promise<void> {
    event.preventDefault();
    this.error.set(null);
    this.message.set('');
    try {
      const from = fromInputs(this.date(), this.from());
      const to = fromInputs(this.date(), this.to());
      const res = await this.api.availability({
        type: this.type(),
        from,
        to,
        ...(this.type() === 'room'
          ? { minCapacity: this.capacity() ?? undefined, equipment: this.equipment().join(',') || undefined, accessible: this.accessible() || undefined }
          : { minSeats: this.seats() ?? undefined, location: this.location().trim() || undefined }),
      });
      this.all.set(res.items);
      this.results.set(res.items);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected book(r: ResourceInfo): void {
    this.dialog().openCreate({ resourceId: r.id, start: new Date(fromInputs(this.date(), this.from())), end: new Date(fromInputs(this.date(), this.to())) });
  }

  protected booked(message: string): void {
    this.message.set(message);
    this.results.set(null);
  }
}
