import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ResourceInfo, TripLogEntryInfo } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { AgDatePipe, AgNumberPipe } from '../../core/i18n/format.pipes';
import { BookingTextPipe } from './booking-text.pipe';
import { BookingApi } from './booking-api';
import { BookingNav } from './booking-nav';
import { monthOf } from './calendar-model';

/** `/rezervace/kniha-jizd`: a car's trip logbook for a month, continuity gaps flagged, CSV/XLSX/PDF export. */
@Component({
  selector: 'ag-logbook-page',
  imports: [MatButtonModule, BookingTextPipe, AgDatePipe, AgNumberPipe, BookingNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'booking.logbookHeading' | bt }}</h1>
    <ag-booking-nav />
    <div class="grid filters">
      <div class="field"><label for="lb-car">{{ 'booking.car' | bt }}</label>
        <select id="lb-car" (change)="carId.set($any($event.target).value); load()">
          @for (c of cars(); track c.id) {
            <option [value]="c.id" [selected]="c.id === carId()">{{ c.name }}</option>
          }
        </select>
      </div>
      <div class="field"><label for="lb-month">{{ 'booking.month' | bt }}</label>
        <input id="lb-month" type="month" [value]="month()" (change)="month.set($any($event.target).value); load()" />
      </div>
    </div>
    @if (carId()) {
      <p class="exports">
        {{ 'booking.export' | bt }}:
        <a [href]="api.exportUrl(carId(), month(), 'csv')" download>CSV</a>
        <a [href]="api.exportUrl(carId(), month(), 'xlsx')" download>XLSX (Excel)</a>
        <a [href]="api.exportUrl(carId(), month(), 'pdf')" download>PDF</a>
      </p>
    }
    @if (error()) {
      <p class="message" role="alert">{{ error() }}</p>
    }
    @if (gaps().length) {
      <p class="gap-summary" role="status">{{ 'booking.gapsFound' | bt: { n: gaps().length, km: gapKm() } }}</p>
    }
    @if (trips().length) {
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{{ 'booking.logbookCaption' | bt }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'booking.lb.date' | bt }}</th>
              <th scope="col">{{ 'booking.driver' | bt }}</th>
              <th scope="col">{{ 'booking.lb.route' | bt }}</th>
              <th scope="col">{{ 'booking.purpose' | bt }}</th>
              <th scope="col" class="num">{{ 'booking.lb.odoStart' | bt }}</th>
              <th scope="col" class="num">{{ 'booking.lb.odoEnd' | bt }}</th>
              <th scope="col" class="num">km</th>
              <th scope="col">{{ 'booking.lb.continuity' | bt }}</th>
            </tr>
          </thead>
          <tbody>
            @for (t of trips(); track t.id) {
              <tr [class.gap]="t.continuityGapKm > 0">
                <td>{{ t.departedAt | agDate: 'dateTime' }} – {{ t.arrivedAt | agDate: 'time' }}</td>
                <td>{{ t.driver.displayName }}</td>
                <td>{{ t.startPlace }} → {{ t.endPlace }}</td>
                <td>{{ t.purpose }}</td>
                <td class="num">{{ t.odometerStart | agNumber }}</td>
                <td class="num">{{ t.odometerEnd | agNumber }}</td>
                <td class="num">{{ t.km | agNumber }}</td>
                <td>
                  @if (t.continuityGapKm > 0) {
                    <strong>{{ 'booking.gapKm' | bt: { km: t.continuityGapKm } }}</strong>
                  } @else {
                    {{ 'booking.continuityOk' | bt }}
                  }
                </td>
              </tr>
            }
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan="6">{{ 'booking.total' | bt }}</th>
              <td class="num">{{ totalKm() | agNumber }}</td>
              <td></td>
            </tr>
          </tfoot>
        </table>
      </div>
    } @else if (loaded()) {
      <p>{{ 'booking.noTrips' | bt }}</p>
    }
  `,
  styleUrl: './logbook.page.scss',
})
export class LogbookPage {
  protected readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  protected readonly cars = signal<ResourceInfo[]>([]);
  protected readonly carId = signal('');
  protected readonly month = signal(monthOf(new Date()));
  protected readonly trips = signal<TripLogEntryInfo[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly gaps = computed(() => this.trips().filter((t) => t.continuityGapKm > 0));
  protected readonly gapKm = computed(() => this.gaps().reduce((s, t) => s + t.continuityGapKm, 0));
  protected readonly totalKm = computed(() => this.trips().reduce((s, t) => s + t.km, 0));

  constructor() {
    void this.init();
  }

  private async init(): Promise<void> {
    try {
      const cars = (await this.api.resources({ type: 'car' })).items;
      this.cars.set(cars);
      this.carId.set(cars[0]?.id ?? '');
      await this.load();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected async load(): Promise<void> {
    if (!this.carId() || !/^\d{4}-\d{2}$/.test(this.month())) return;
    this.error.set(null);
    try {
      this.trips.set((await this.api.trips(this.carId(), this.month())).items);
      this.loaded.set(true);
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }
}
