import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the booking area, mounted in app.routes.ts. */
export const BOOKING_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.booking'),
    data: { heading: 'nav.booking' },
    loadComponent: () => import('../placeholder/coming-soon.page').then((m) => m.ComingSoonPage),
  },
];
