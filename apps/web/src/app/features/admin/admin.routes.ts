import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the administration area (the agenda designer), mounted at /administrace in app.routes.ts. */
export const ADMIN_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.admin'),
    data: { heading: 'nav.admin' },
    loadComponent: () => import('./agenda-list.page').then((m) => m.AgendaListPage),
  },
  {
    path: 'agendy/:code',
    title: titleKey('admin.designer.title'),
    data: { heading: 'admin.designer.title' },
    loadComponent: () => import('./agenda-designer.page').then((m) => m.AgendaDesignerPage),
  },
];
