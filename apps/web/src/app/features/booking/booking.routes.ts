import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the booking area, mounted in app.routes.ts at /rezervace (lazy: nothing here is in the initial bundle). */
export const BOOKING_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.booking'),
    data: { heading: 'nav.booking' },
    loadComponent: () => import('./calendar.page').then((m) => m.CalendarPage),
  },
  {
    path: 'hledat',
    title: titleKey('booking.findTitle'),
    loadComponent: () => import('./find-slot.page').then((m) => m.FindSlotPage),
  },
  {
    path: 'jizdy',
    title: titleKey('booking.tripsTitle'),
    loadComponent: () => import('./car-trips.page').then((m) => m.CarTripsPage),
  },
  {
    path: 'kniha-jizd',
    title: titleKey('booking.logbookTitle'),
    loadComponent: () => import('./logbook.page').then((m) => m.LogbookPage),
  },
  {
    path: 'sprava',
    title: titleKey('booking.adminTitle'),
    loadComponent: () => import('./resources-admin.page').then((m) => m.ResourcesAdminPage),
  },
];
