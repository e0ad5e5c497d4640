import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CurrentUser, TaskItem } from '@agendy/shared/contracts';
import { AuthStore } from '../../core/auth/auth.store';
import { registerAppLocales } from '../../core/i18n/locale';
import { TasksPage } from './tasks.page';

const ME: CurrentUser = { id: 'u2', username: 'jdvorakova', displayName: 'Jana Dvořáková', email: null, title: null, department: null, roles: ['employee'] };

function task(id: string, via: TaskItem['via'], dueAt: string | null, claimedBy: TaskItem['claimedBy'] = null): TaskItem {
  return {
    id,
    kind: 'work',
    via,
    role: via === 'role' ? 'officer' : null,
    claimedBy,
    createdAt: '2026-11-20T08:00:00Z',
    dueAt,
    request: {
      id: `r-${id}`,
      reference: `DOT/2026/0000${id}`,
      agenda: { code: 'grant-application', name: { cs: 'Žádost o dotaci', en: 'Grant application' } },
      state: { id: 'check', label: { cs: 'Formální kontrola', en: 'Formal check' } },
      filer: { id: 'u1', username: 'jnovak', displayName: 'Jan Novák' },
      version: 3,
    },
  };
}

describe('TasksPage', () => {
  beforeAll(() => registerAppLocales());

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { user: computed(() => ME) } },
      ],
    });
  });

  async function render(items: TaskItem[]) {
    const fixture = TestBed.createComponent(TasksPage);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne((r) => r.url === '/api/v1/tasks').flush({ items, nextCursor: 'next' });
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    await settle();
    return { fixture, http, el: fixture.nativeElement as HTMLElement, settle };
  }

  const refs = (el: HTMLElement) => Array.from(el.querySelectorAll('tbody tr td:first-child a')).map((a) => a.textContent?.trim());

  it('lists tasks by deadline (overdue highlighted, substitution badge) and sorts the other way on request', async () => {
    const { el, settle } = await render([
      task('1', 'user', null),
      task('2', 'substitution', '2026-12-20T10:00:00Z'),
      task('3', 'departmentManager', '2020-01-01T10:00:00Z'),
    ]);
    expect(refs(el)).toEqual(['DOT/2026/00003', 'DOT/2026/00002', 'DOT/2026/00001']);
    const rows = el.querySelectorAll('tbody tr');
    expect(rows[0].classList).toContain('overdue');
    expect(rows[0].textContent).toContain('po termínu');
    expect(rows[1].textContent).toContain('v zastoupení');
    expect(el.querySelector('th[aria-sort]')?.getAttribute('aria-sort')).toBe('ascending');
    el.querySelector<HTMLButtonElement>('th button.sort')!.click();
    await settle();
    expect(refs(el)).toEqual(['DOT/2026/00002', 'DOT/2026/00003', 'DOT/2026/00001']);
    expect(el.querySelector('th[aria-sort]')?.getAttribute('aria-sort')).toBe('descending');
    expect(el.textContent).toContain('Načíst další');
  });

  it('claims a pooled task and can release it again', async () => {
    const { el, http, settle } = await render([task('4', 'role', null)]);
    const claim = el.querySelector<HTMLButtonElement>('tbody button')!;
    expect(claim.textContent?.trim()).toBe('Převzít');
    claim.click();
    http.expectOne('/api/v1/tasks/4/claim').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Úkol DOT/2026/00004 jste převzali.');
    const release = el.querySelector<HTMLButtonElement>('tbody button')!;
    expect(release.textContent?.trim()).toBe('Vrátit do fronty');
    release.click();
    http.expectOne('/api/v1/tasks/4/release').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(el.querySelector('tbody button')?.textContent?.trim()).toBe('Převzít');
  });

  it('offers no claim button for a task a colleague took', async () => {
    const { el } = await render([task('5', 'role', null, { id: 'u9', username: 'x', displayName: 'Petr Šťastný' })]);
    expect(el.querySelector('tbody button')).toBeNull();
    expect(el.textContent).toContain('převzal(a) Petr Šťastný');
  });
});
