import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the documents and signatures area, mounted in app.routes.ts. */
export const DOCUMENTS_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.documents'),
    data: { heading: 'nav.documents' },
    loadComponent: () => import('./documents.page').then((m) => m.DocumentsPage),
  },
];
