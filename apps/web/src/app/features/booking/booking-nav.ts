import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { BookingTextPipe } from './booking-text.pipe';
import type { BookingTextKey } from './booking-texts';

/** The booking area's own navigation (calendar, find a slot, car trips, logbook, administration). */
@Component({
  selector: 'ag-booking-nav',
  imports: [RouterLink, RouterLinkActive, BookingTextPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="subnav" [attr.aria-label]="'booking.navLabel' | bt">
      <ul>
        @for (link of links; track link.path) {
          <li>
            <a [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page" [routerLinkActiveOptions]="{ exact: true }">{{ link.label | bt }}</a>
          </li>
        }
      </ul>
    </nav>
  `,
  styles: `
    .subnav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      list-style: none;
      margin: 0 0 16px;
      padding: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .subnav a {
      display: inline-block;
      padding: 8px 4px;
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      border-bottom: 3px solid transparent;
    }
    .subnav a.active {
      border-bottom-color: var(--mat-sys-primary);
      font-weight: 600;
    }
    .subnav a:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
  `,
})
export class BookingNav {
  /** Administration is for facility/fleet managers; the page itself explains when the user is not one (403). */
  protected readonly links: ReadonlyArray<{ path: string; label: BookingTextKey }> = [
    { path: '/rezervace', label: 'booking.navCalendar' },
    { path: '/rezervace/hledat', label: 'booking.navFind' },
    { path: '/rezervace/jizdy', label: 'booking.navTrips' },
    { path: '/rezervace/kniha-jizd', label: 'booking.navLogbook' },
    { path: '/rezervace/sprava', label: 'booking.navAdmin' },
  ];
}
