import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the dashboards area, mounted in app.routes.ts. ECharts is imported only inside this route's chunk. */
export const DASHBOARDS_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.dashboards'),
    loadComponent: () => import('./dashboards.page').then((m) => m.DashboardsPage),
  },
];
