import { computed, signal } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CurrentUser } from '@agendy/shared/contracts';
import { AuthStore } from '../../core/auth/auth.store';
import { registerAppLocales } from '../../core/i18n/locale';
import { TranslationService } from '../../core/i18n/translation.service';
import { HomePage } from './home.page';

const JAN: CurrentUser = {
  id: 'u1',
  username: 'jnovak',
  displayName: 'Jan Novák',
  email: null,
  title: 'referent',
  department: { id: 'd1', code: 'OI', name: 'Odbor informatiky' },
  roles: ['employee'],
};

describe('HomePage', () => {
  const user = signal<CurrentUser | null>(JAN);

  beforeAll(() => registerAppLocales());

  beforeEach(() => {
    localStorage.clear();
    user.set(JAN);
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: AuthStore, useValue: { user: computed(() => user()) } }],
    });
  });

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(HomePage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('greets the user by name and shows the department and title', async () => {
    const el = await render();
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Dobrý den, Jan Novák');
    expect(el.querySelector('.department')?.textContent?.trim()).toBe('Odbor informatiky');
    expect(el.textContent).toContain('referent');
  });

  it('shows the three sections with their empty states', async () => {
    const el = await render();
    const headings = Array.from(el.querySelectorAll('h2:not(.visually-hidden)')).map((h) => h.textContent?.trim());
    expect(headings).toEqual(['Docházka dnes', 'Rychlé podání', 'Moje úkoly', 'Moje žádosti', 'Oznámení']);
    expect(el.querySelector('.shortcuts a')?.textContent?.trim()).toBe('Podat první žádost');
    expect(el.querySelector('ag-tasks-empty-state')?.textContent).toContain('Nemáte žádné úkoly k vyřízení.');
    expect(el.querySelector('ag-requests-empty-state')?.textContent).toContain('Zatím nemáte žádné žádosti.');
    expect(el.querySelector('ag-notifications-empty-state')?.textContent).toContain('Nemáte žádná nová oznámení.');
  });

  it('copes with a user without department and title', async () => {
    user.set({ ...JAN, displayName: 'Lucie Černá', department: null, title: null });
    const el = await render();
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Dobrý den, Lucie Černá');
    expect(el.querySelector('.department')?.textContent?.trim()).toBe('Bez přiřazeného odboru');
  });

  it('follows the language', async () => {
    TestBed.inject(TranslationService).use('en');
    const el = await render();
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Good day, Jan Novák');
    expect(el.textContent).toContain('Odbor informatiky');
  });

  it('lists my open tasks by deadline, my recent requests and unread notifications', async () => {
    const fixture = TestBed.createComponent(HomePage);
    const http = TestBed.inject(HttpTestingController);
    const state = { id: 'approval', label: { cs: 'Ke schválení', en: 'Awaiting approval' } };
    const agenda = { code: 'leave-request', version: 1, name: { cs: 'Žádost o nepřítomnost', en: 'Absence request' } };
    const filer = { id: 'u1', username: 'jnovak', displayName: 'Jan Novák' };
    const task = (id: string, dueAt: string | null) => ({
      id, kind: 'work', via: 'departmentManager', bulkActions: [], role: null, claimedBy: null, createdAt: '2026-11-20T10:00:00Z', dueAt,
      request: { id: `r-${id}`, reference: `NEP/2026/${id}`, agenda, state, filer, version: 2 },
    });
    http.expectOne((r) => r.url === '/api/v1/tasks').flush({ items: [task('00002', null), task('00001', '2020-01-01T10:00:00Z')], nextCursor: null });
    http.expectOne((r) => r.url === '/api/v1/requests').flush({
      items: [{ id: 'r9', reference: 'NEP/2026/00009', agenda, state, final: false, outcome: null, filer, createdAt: '2026-11-27T10:00:00Z', updatedAt: '2026-11-27T10:00:00Z', version: 1 }],
      nextCursor: null,
    });
    http.expectOne((r) => r.url === '/api/v1/notifications').flush({
      items: [{ id: 'n1', request: null, message: { cs: 'Máte ke schválení žádost o nepřítomnost.', en: 'x' }, template: null, createdAt: '2026-11-27T10:00:00Z', readAt: null }],
      nextCursor: null,
      unreadCount: 1,
    });
    http.expectOne('/api/v1/requests/agenda-usage').flush({ items: [{ code: 'leave-request', name: agenda.name, count: 3, lastFiledAt: '2026-11-27T10:00:00Z' }] });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const shortcut = el.querySelector<HTMLAnchorElement>('.shortcuts a')!;
    expect(shortcut.getAttribute('href')).toBe('/nova-zadost/leave-request');
    expect(shortcut.textContent).toContain('Žádost o nepřítomnost');
    expect(shortcut.textContent).toContain('podáno 3×');
    const taskLinks = Array.from(el.querySelectorAll('section[aria-labelledby="tasks-heading"] li a')).map((a) => a.textContent?.trim());
    expect(taskLinks).toEqual(['NEP/2026/00001', 'NEP/2026/00002']);
    expect(el.querySelector('section[aria-labelledby="tasks-heading"] li')?.classList).toContain('overdue');
    expect(el.textContent).toContain('NEP/2026/00009');
    expect(el.textContent).toContain('Máte ke schválení žádost o nepřítomnost.');
    expect(el.querySelector('ag-tasks-empty-state')).toBeNull();
  });
});
