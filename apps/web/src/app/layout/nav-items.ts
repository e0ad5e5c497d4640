import { TranslationKey } from '../core/i18n/dictionary';
import { IconName } from '../ui/icon';
import { ADMIN_ROLES } from '../core/auth/auth.store';

/** Managers, the director, auditors and agenda admins see the dashboards (the API checks it again); not system admins (ADR 0004). */
export const DASHBOARD_ROLES: readonly string[] = ['manager', 'director', 'auditor', 'agenda-admin'];

export interface NavItem {
  path: string;
  label: TranslationKey;
  icon: IconName;
  exact: boolean;
  /** Shown only to users holding one of these roles … */
  roles?: readonly string[];
  /** … or, when set, a per-agenda admin grant. */
  agendaAdmins?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'nav.home', icon: 'home', exact: true },
  { path: '/moje-ukoly', label: 'nav.tasks', icon: 'tasks', exact: false },
  { path: '/moje-zadosti', label: 'nav.requests', icon: 'requests', exact: false },
  { path: '/nova-zadost', label: 'nav.newRequest', icon: 'add', exact: false },
  { path: '/rezervace', label: 'nav.booking', icon: 'event', exact: false },
  { path: '/dochazka', label: 'nav.attendance', icon: 'schedule', exact: false },
  { path: '/predpisy', label: 'nav.regulations', icon: 'book', exact: false },
  { path: '/smlouvy', label: 'nav.contracts', icon: 'contract', exact: false },
  { path: '/rada', label: 'nav.council', icon: 'groups', exact: false },
  { path: '/dokumenty', label: 'nav.documents', icon: 'signature', exact: false },
  { path: '/prehledy', label: 'nav.dashboards', icon: 'chart', exact: false, roles: DASHBOARD_ROLES },
  { path: '/administrace', label: 'nav.admin', icon: 'tune', exact: false, roles: ADMIN_ROLES, agendaAdmins: true },
];
