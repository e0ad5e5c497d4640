import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the registers area, mounted in app.routes.ts: regulations, contracts, council sessions. */
export const REGULATIONS_ROUTES: Route[] = [
  { path: '', title: titleKey('nav.regulations'), loadComponent: () => import('./regulations.page').then((m) => m.RegulationsPage) },
  { path: ':id', title: titleKey('nav.regulations'), loadComponent: () => import('./regulation-detail.page').then((m) => m.RegulationDetailPage) },
];
export const CONTRACTS_ROUTES: Route[] = [{ path: '', title: titleKey('nav.contracts'), loadComponent: () => import('./contracts.page').then((m) => m.ContractsPage) }];
export const COUNCIL_ROUTES: Route[] = [
  { path: '', title: titleKey('nav.council'), loadComponent: () => import('./council.page').then((m) => m.CouncilPage) },
  { path: ':id', title: titleKey('nav.council'), loadComponent: () => import('./council-session.page').then((m) => m.CouncilSessionPage) },
];
