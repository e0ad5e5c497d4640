import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the dashboards area, mounted in app.routes.ts. */
export const DASHBOARDS_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.dashboards'),
    data: { heading: 'nav.dashboards' },
    loadComponent: () => import('../placeholder/coming-soon.page').then((m) => m.ComingSoonPage),
  },
];
