import { Route } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guards';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the administration area (the agenda designer; vacant roles for agenda administrators; effect incidents for system administrators), mounted at /administrace in app.routes.ts. */
export const ADMIN_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.admin'),
    data: { heading: 'nav.admin' },
    loadComponent: () => import('./agenda-list.page').then((m) => m.AgendaListPage),
  },
  {
    path: 'incidenty',
    title: titleKey('admin.incidents.heading'),
    data: { heading: 'admin.incidents.heading' },
    canActivate: [roleGuard(['system-admin'])],
    loadComponent: () => import('./incidents.page').then((m) => m.IncidentsPage),
  },
  {
    // Agenda administrators only, like the list (the page explains itself to anyone else; the API checks again).
    path: 'neobsazene-role',
    title: titleKey('admin.vacancies.heading'),
    data: { heading: 'admin.vacancies.heading' },
    loadComponent: () => import('./vacancies.page').then((m) => m.VacanciesPage),
  },
  {
    path: 'agendy/:code',
    title: titleKey('admin.designer.title'),
    data: { heading: 'admin.designer.title' },
    loadComponent: () => import('./agenda-designer.page').then((m) => m.AgendaDesignerPage),
  },
];
