import { Route } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from './core/auth/auth.guards';
import { ADMIN_ROLES } from './core/auth/auth.store';
import { titleKey } from './core/i18n/title-strategy';

export const appRoutes: Route[] = [
  {
    path: 'prihlaseni',
    title: titleKey('login.pageTitle'),
    canActivate: [guestGuard],
    loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./layout/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: titleKey('home.pageTitle'),
        loadComponent: () => import('./features/home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'moje-ukoly',
        title: titleKey('tasks.pageTitle'),
        loadComponent: () => import('./features/tasks/tasks.page').then((m) => m.TasksPage),
      },
      {
        path: 'moje-zadosti',
        title: titleKey('requests.pageTitle'),
        loadComponent: () => import('./features/requests/my-requests.page').then((m) => m.MyRequestsPage),
      },
      {
        path: 'zadosti/:id',
        title: titleKey('detail.pageTitle'),
        loadComponent: () => import('./features/requests/request-detail.page').then((m) => m.RequestDetailPage),
      },
      {
        path: 'nova-zadost',
        title: titleKey('newRequest.pageTitle'),
        loadComponent: () => import('./features/new-request/agenda-list.page').then((m) => m.AgendaListPage),
      },
      {
        path: 'nova-zadost/nahled/:code',
        title: titleKey('preview.pageTitle'),
        loadComponent: () => import('./features/new-request/form-preview.page').then((m) => m.FormPreviewPage),
      },
      {
        path: 'nova-zadost/:code',
        title: titleKey('filing.pageTitle'),
        loadComponent: () => import('./features/requests/filing.page').then((m) => m.FilingPage),
      },
      { path: 'rezervace', loadChildren: () => import('./features/booking/booking.routes').then((m) => m.BOOKING_ROUTES) },
      { path: 'dochazka', loadChildren: () => import('./features/attendance/attendance.routes').then((m) => m.ATTENDANCE_ROUTES) },
      { path: 'predpisy', loadChildren: () => import('./features/registers/registers.routes').then((m) => m.REGULATIONS_ROUTES) },
      { path: 'smlouvy', loadChildren: () => import('./features/registers/registers.routes').then((m) => m.CONTRACTS_ROUTES) },
      { path: 'rada', loadChildren: () => import('./features/registers/registers.routes').then((m) => m.COUNCIL_ROUTES) },
      { path: 'prehledy', loadChildren: () => import('./features/dashboards/dashboards.routes').then((m) => m.DASHBOARDS_ROUTES) },
      { path: 'dokumenty', loadChildren: () => import('./features/documents/documents.routes').then((m) => m.DOCUMENTS_ROUTES) },
      {
        path: 'administrace',
        canActivate: [roleGuard(ADMIN_ROLES, { agendaAdmins: true })],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        path: '**',
        title: titleKey('notFound.pageTitle'),
        loadComponent: () => import('./features/placeholder/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
