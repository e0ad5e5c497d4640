import { Route } from '@angular/router';
import { titleKey } from '../../core/i18n/title-strategy';

/** Routes of the attendance area, mounted in app.routes.ts. */
export const ATTENDANCE_ROUTES: Route[] = [
  {
    path: '',
    title: titleKey('nav.attendance'),
    data: { heading: 'nav.attendance' },
    loadComponent: () => import('./attendance.page').then((m) => m.AttendancePage),
  },
  {
    path: 'personalni',
    title: titleKey('attendance.hrHeading'),
    data: { heading: 'attendance.hrHeading' },
    loadComponent: () => import('./attendance-hr.page').then((m) => m.AttendanceHrPage),
  },
];
