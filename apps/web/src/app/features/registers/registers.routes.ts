import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

function placeholder(heading: 'nav.regulations' | 'nav.contracts' | 'nav.council'): Route[] {
  return [
    {
      path: '',
      title: titleKey(heading),
      data: { heading },
      loadComponent: () => import('../placeholder/coming-soon.page').then((m) => m.ComingSoonPage),
    },
  ];
}

/** Routes of the registers area, mounted in app.routes.ts: regulations, contracts, council sessions. */
export const REGULATIONS_ROUTES: Route[] = placeholder('nav.regulations');
export const CONTRACTS_ROUTES: Route[] = placeholder('nav.contracts');
export const COUNCIL_ROUTES: Route[] = placeholder('nav.council');
