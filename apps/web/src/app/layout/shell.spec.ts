import { computed, signal } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CurrentUser } from '@agendy/shared/contracts';
import { AuthStore } from '../core/auth/auth.store';
import { registerAppLocales } from '../core/i18n/locale';
import { Shell } from './shell';

const USER: CurrentUser = {
  id: 'u5',
  username: 'lcerna',
  displayName: 'Lucie Černá',
  email: null,
  title: 'správkyně agend',
  department: null,
  roles: ['employee'],
};

describe('Shell', () => {
  const user = signal<CurrentUser>(USER);
  const administers = signal(false);

  beforeAll(() => registerAppLocales());

  beforeEach(() => {
    localStorage.clear();
    user.set(USER);
    administers.set(false);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: AuthStore,
          useValue: {
            user: computed(() => user()),
            roles: computed(() => user().roles),
            hasAnyRole: (roles: readonly string[]) => user().roles.some((role) => roles.includes(role)),
            administersAgendas: computed(() => administers()),
            logout: jest.fn(),
          },
        },
      ],
    });
  });

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function navLabels(el: HTMLElement): string[] {
    return Array.from(el.querySelectorAll('nav a')).map((a) => a.textContent?.trim() ?? '');
  }

  it('has header, labelled navigation and main landmarks and the office name', async () => {
    const el = await render();
    expect(el.querySelector('header')?.textContent).toContain('Krajský úřad Libereckého kraje');
    expect(el.querySelector('header')?.textContent).toContain('Agendy');
    expect(el.querySelector('nav')?.getAttribute('aria-label')).toBe('Hlavní navigace');
    expect(el.querySelector('main#obsah')).not.toBeNull();
    expect(el.querySelector('header')?.textContent).toContain('Lucie Černá');
  });

  it('hides Administrace from ordinary employees', async () => {
    const el = await render();
    expect(navLabels(el)).toEqual([
      'Přehled',
      'Moje úkoly',
      'Moje žádosti',
      'Nová žádost',
      'Rezervace',
      'Docházka',
      'Předpisy',
      'Smlouvy',
      'Rada kraje',
      'Dokumenty a podpisy',
    ]);
  });

  it('shows Administrace to an employee who administers one agenda through a grant', async () => {
    administers.set(true);
    const el = await render();
    expect(navLabels(el)).toContain('Administrace');
  });

  it.each(['agenda-admin', 'system-admin'])('shows Administrace to %s', async (role) => {
    user.set({ ...USER, roles: ['employee', role] });
    const el = await render();
    expect(navLabels(el)).toContain('Administrace');
  });

  it('shows the unread count on the notification bell and lists notifications in its panel', async () => {
    const fixture = TestBed.createComponent(Shell);
    const http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    http.expectOne('/api/v1/notifications/unread-count').flush({ unread: 3 });
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    const bell = el.querySelector<HTMLButtonElement>('ag-notification-bell button')!;
    expect(bell.getAttribute('aria-label')).toBe('Oznámení, nepřečtených: 3');
    expect(bell.textContent).toContain('3');
    bell.click();
    await fixture.whenStable();
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    http.expectOne((r) => r.url === '/api/v1/notifications').flush({
      items: [{ id: 'n1', request: { id: 'r1', reference: 'NEP/2026/00001' }, message: { cs: 'Vaše nepřítomnost byla schválena.', en: 'Approved.' }, template: null, createdAt: '2026-11-27T10:00:00Z', readAt: null }],
      nextCursor: null,
      unreadCount: 1,
    });
    await settle();
    expect(el.querySelector('#notification-panel')?.textContent).toContain('Vaše nepřítomnost byla schválena.');
    expect(bell.getAttribute('aria-label')).toBe('Oznámení, nepřečtených: 1');
    fixture.destroy();
  });
});
