import { computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { NotificationItem } from '@agendy/shared/contracts';
import { NotificationsStore } from '@agendy/web/request/data-access';
import { AuthStore } from '../core/auth/auth.store';
import { registerAppLocales } from '../core/i18n/locale';
import { NotificationBell } from './notification-bell';

const ALERT: NotificationItem = {
  id: 'n1',
  request: { id: 'r1', reference: 'DOT/2026/00007' },
  message: { cs: 'Žádost DOT/2026/00007 (Žádost o dotaci, stav „Formální kontrola“): Za roli „Referent/ka agendy“ nemůže nikdo jednat …', en: 'Request …' },
  template: 'assignment-alert',
  createdAt: '2026-11-27T10:00:00Z',
  readAt: null,
};
const PLAIN: NotificationItem = { ...ALERT, id: 'n2', request: { id: 'r2', reference: 'NEP/2026/00001' }, message: { cs: 'Schváleno.', en: 'Approved.' }, template: null };

/** The bell opens an assignment alert (issue 19) on the agenda administrators' vacancies page, other notifications on their request. */
describe('NotificationBell', () => {
  beforeAll(() => registerAppLocales());

  function setUp(roles: string[]) {
    localStorage.clear();
    const items = signal<NotificationItem[]>([ALERT, PLAIN]);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: NotificationsStore,
          useValue: {
            unread: signal(2),
            items,
            loading: signal(false),
            load: jest.fn(async () => items()),
            startPolling: () => () => undefined,
            markRead: jest.fn(async () => undefined),
            markAllRead: jest.fn(async () => undefined),
          },
        },
        { provide: AuthStore, useValue: { hasAnyRole: (r: readonly string[]) => roles.some((x) => r.includes(x)), administersAgendas: computed(() => false) } },
      ],
    });
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    const fixture = TestBed.createComponent(NotificationBell);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const open = async (text: string) => {
      el.querySelector<HTMLButtonElement>('button.bell')?.click();
      fixture.detectChanges();
      const item = Array.from(el.querySelectorAll<HTMLButtonElement>('.panel__open')).find((b) => b.textContent?.includes(text));
      if (!item) throw new Error(`no notification "${text}" in the panel`);
      item.click();
      await fixture.whenStable();
    };
    return { navigate, open };
  }

  it('takes an agenda administrator from an assignment alert to the vacancies page with the request marked', async () => {
    const { navigate, open } = setUp(['employee', 'agenda-admin']);
    await open('Za roli „Referent/ka agendy“');
    expect(navigate).toHaveBeenCalledWith(['/administrace/neobsazene-role'], { queryParams: { zadost: 'r1' } });
  });

  it('still opens other notifications on their request', async () => {
    const { navigate, open } = setUp(['employee', 'agenda-admin']);
    await open('Schváleno.');
    expect(navigate).toHaveBeenCalledWith(['/zadosti', 'r2']);
  });

  it('does not send a system administrator to case content from an alert about an agenda without administrators', async () => {
    const { navigate, open } = setUp(['employee', 'system-admin']);
    await open('Za roli „Referent/ka agendy“');
    expect(navigate).not.toHaveBeenCalled();
  });
});
