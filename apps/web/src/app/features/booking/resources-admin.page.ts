import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CAR_FUELS, type CarFuel, type ResourceInfo, type ResourceType } from '@agendy/shared/contracts';
import { ErrorMessages } from '../../core/http/error-messages';
import { BookingTextPipe, BookingTexts } from './booking-text.pipe';
import { BookingApi } from './booking-api';
import { BookingNav } from './booking-nav';

/** `/rezervace/sprava`: rooms (facility managers) and cars (fleet managers): add, require approval, retire. */
@Component({
  selector: 'ag-resources-admin-page',
  imports: [MatButtonModule, BookingTextPipe, BookingNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './resources-admin.page.html',
  styleUrl: './resources-admin.page.scss',
})
export class ResourcesAdminPage {
  private readonly api = inject(BookingApi);
  private readonly errors = inject(ErrorMessages);
  private readonly texts = inject(BookingTexts);
  protected readonly fuels = CAR_FUELS;
  protected readonly items = signal<ResourceInfo[]>([]);
  protected readonly forbidden = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly fieldErrors = signal<Record<string, string>>({});

  protected readonly type = signal<ResourceType>('room');
  protected readonly code = signal('');
  protected readonly name = signal('');
  protected readonly needsApproval = signal(false);
  protected readonly building = signal('U Jezu 642/2a, Liberec');
  protected readonly floor = signal(0);
  protected readonly capacity = signal(8);
  protected readonly equipment = signal('');
  protected readonly accessible = signal(true);
  protected readonly plate = signal('');
  protected readonly model = signal('');
  protected readonly seats = signal(5);
  protected readonly fuel = signal<CarFuel>('petrol');
  protected readonly home = signal('');
  protected readonly odometer = signal(0);
  protected readonly stk = signal('');
  protected readonly service = signal('');

  constructor() {
    void this.load();
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected async load(): Promise<void> {
    try {
      this.items.set((await this.api.adminResources()).items);
    } catch (e) {
      const d = this.errors.describe(e);
      if (d.code === 'FORBIDDEN') this.forbidden.set(true);
      else this.error.set(d.message);
    }
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    this.error.set(null);
    this.fieldErrors.set({});
    const base = { type: this.type(), code: this.code().trim(), name: this.name().trim(), needsApproval: this.needsApproval() };
    const body =
      this.type() === 'room'
        ? {
            ...base,
            room: {
              building: this.building() || null,
              floor: this.floor(),
              capacity: this.capacity(),
              equipment: this.equipment().split(',').map((e) => e.trim()).filter(Boolean),
              accessible: this.accessible(),
            },
          }
        : {
            ...base,
            car: {
              plate: this.plate().trim(),
              model: this.model() || null,
              seats: this.seats(),
              fuel: this.fuel(),
              homeLocation: this.home() || null,
              odometerKm: this.odometer(),
              stkDue: this.stk() || null,
              serviceDue: this.service() || null,
            },
          };
    try {
      const created = await this.api.createResource(body);
      this.status.set(this.texts.t('booking.resourceCreated', { name: created.name }));
      this.code.set('');
      this.name.set('');
      await this.load();
    } catch (e) {
      const d = this.errors.describe(e, ['code', 'name']);
      this.error.set(d.message);
      this.fieldErrors.set(d.fieldErrors);
    }
  }

  protected async toggleApproval(r: ResourceInfo): Promise<void> {
    try {
      await this.api.updateResource(r.id, { expectedVersion: r.version, needsApproval: !r.needsApproval });
      await this.load();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }

  protected async retire(r: ResourceInfo): Promise<void> {
    try {
      await this.api.retireResource(r.id);
      this.status.set(this.texts.t('booking.resourceRetired', { name: r.name }));
      await this.load();
    } catch (e) {
      this.error.set(this.errors.describe(e).message);
    }
  }
}
