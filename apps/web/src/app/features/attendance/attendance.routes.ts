import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the attendance area, mounted in app.routes.ts. */
export const ATTENDANCE_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.attendance'),
    data: { heading: 'nav.attendance' },
    loadComponent: () => import('../placeholder/coming-soon.page').then((m) => m.ComingSoonPage),
  },
];
