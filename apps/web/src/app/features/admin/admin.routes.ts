import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the administration (agenda designer) area, mounted in app.routes.ts. */
export const ADMIN_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.admin'),
    data: { heading: 'nav.admin' },
    loadComponent: () => import('../placeholder/coming-soon.page').then((m) => m.ComingSoonPage),
  },
];
