import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { BookingInfo, DriverLicenceInfo, SharedTripInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe } from '../../core/i18n/format.pipes';
import { officeToday } from '../../core/time/office-date';
import { BookingTextPipe, BookingTexts } from './booking-text.pipe';
import { BookingApi, isBusy } from './booking-api';
import { BookingNav } from './booking-nav';

/**
 * `/rezervace/jizdy`: the driver's licence and training dates, car sharing (join a colleague's trip),
 * and the key handover and return of my car bookings (the return writes the trip to the logbook).
 */
@Component({
  selector: 'ag-car-trips-page',
  imports: [MatButtonModule, BookingTextPipe, AgDatePipe, BookingNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './car-trips.page.html',
  styleUrl: './car-trips.page.scss',
})
export class CarTripsPage {
  private readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  private readonly texts = inject(BookingTexts);

  protected readonly licence = signal<DriverLicenceInfo | null>(null);
  protected readonly licenceUntil = signal('');
  protected readonly trainingUntil = signal('');
  protected readonly trips = signal<SharedTripInfo[]>([]);
  protected readonly mine = signal<BookingInfo[]>([]);
  protected readonly odometer = signal<Record<string, number>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly licenceValid = computed(() => {
    const l = this.licence();
    const today = officeToday();
    return !!l?.licenceValidUntil && !!l.trainingValidUntil && l.licenceValidUntil >= today && l.trainingValidUntil >= today;
  });

  constructor() {
    void this.load();
  }

  private async run(action: () => Promise<unknown>, done?: string): Promise<void> {
    this.error.set(null);
    try {
      await action();
      if (done) this.status.set(done);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected async load(): Promise<void> {
    await this.run(async () => {
      const [licence, trips, mine] = await Promise.all([
        this.api.licence(),
        this.api.sharedTrips(),
        this.api.bookings({ mine: true, from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 90 * 86_400_000).toISOString() }),
      ]);
      this.licence.set(licence);
      this.licenceUntil.set(licence.licenceValidUntil ?? '');
      this.trainingUntil.set(licence.trainingValidUntil ?? '');
      this.trips.set(trips.items);
      this.mine.set(mine.items.filter((b): b is BookingInfo => !isBusy(b) && b.resourceType === 'car' && b.status === 'confirmed' && !b.keyReturnedAt));
    });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async saveLicence(event: Event): Promise<void> {
    event.preventDefault();
    await this.run(async () => {
      this.licence.set(await this.api.confirmLicence({ licenceValidUntil: this.licenceUntil(), trainingValidUntil: this.trainingUntil() }));
    }, this.texts.t('booking.licenceSaved'));
  }

  protected async join(t: SharedTripInfo): Promise<void> {
    await this.run(() => (t.joined ? this.api.leave(t.bookingId) : this.api.join(t.bookingId)), this.texts.t(t.joined ? 'booking.left' : 'booking.joinedTrip'));
    await this.load();
  }

  protected setOdometer(id: string, event: Event): void {
    this.odometer.update((o) => ({ ...o, [id]: Number(this.value(event)) }));
  }

  protected async handover(b: BookingInfo): Promise<void> {
    await this.run(() => this.api.handover(b.id, this.odometer()[b.id] ?? 0), this.texts.t('booking.handedOver'));
    await this.load();
  }

  protected async giveBack(b: BookingInfo): Promise<void> {
    await this.run(async () => {
      const r = await this.api.keyReturn(b.id, { odometerKm: this.odometer()[b.id] ?? 0 });
      this.status.set(this.texts.t(r.trip.continuityGapKm > 0 ? 'booking.returnedGap' : 'booking.returned', { km: r.trip.km, gap: r.trip.continuityGapKm }));
    });
    await this.load();
  }
}
