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

const APPROVE = { kind: 'transition' as const, name: 'approve', label: { cs: 'Schválit', en: 'Approve' } };

function task(id: string, via: TaskItem['via'], dueAt: string | null, claimedBy: TaskItem['claimedBy'] = null, bulk = false, agenda = 'grant-application'): TaskItem {
  return {
    bulkActions: bulk ? [APPROVE] : [],
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
      agenda: agenda === 'grant-application' ? { code: agenda, name: { cs: 'Žádost o dotaci', en: 'Grant application' } } : { code: agenda, name: { cs: 'Žádost o nepřítomnost', en: 'Leave request' } },
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

  const refs = (el: HTMLElement) => Array.from(el.querySelectorAll('tbody tr td:nth-child(2) a')).map((a) => a.textContent?.trim());

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

  it('filters by agenda and approves the selected requests in bulk, reporting each one', async () => {
    const { el, http, settle } = await render([
      task('6', 'departmentManager', null, null, true, 'leave-request'),
      task('7', 'departmentManager', null, null, true, 'leave-request'),
      task('8', 'user', null, null, false),
    ]);
    const boxes = () => Array.from(el.querySelectorAll<HTMLInputElement>('tbody input[type="checkbox"]'));
    // Only requests whose step the agenda allows in bulk can be ticked.
    expect(boxes().map((b) => b.getAttribute('aria-label'))).toEqual(['Vybrat DOT/2026/00006', 'Vybrat DOT/2026/00007']);

    const filter = el.querySelector<HTMLSelectElement>('#agenda-filter')!;
    expect(el.querySelector('label[for="agenda-filter"]')?.textContent).toContain('Zobrazit agendu');
    filter.value = 'grant-application';
    filter.dispatchEvent(new Event('change'));
    await settle();
    expect(refs(el)).toEqual(['DOT/2026/00008']);
    filter.value = '';
    filter.dispatchEvent(new Event('change'));
    await settle();

    const all = el.querySelector<HTMLInputElement>('thead input[type="checkbox"]')!;
    all.click();
    await settle();
    expect(boxes().every((b) => b.checked)).toBe(true);
    const run = Array.from(el.querySelectorAll<HTMLButtonElement>('.bulk__bar button')).find((b) => b.textContent?.includes('Schválit vybrané (2)'))!;
    run.click();
    await settle();
    expect(el.querySelector('.bulk__confirm')?.textContent).toContain('Opravdu provést krok „Schválit“ u vybraných žádostí (2)?');
    el.querySelector<HTMLButtonElement>('.bulk__confirm button')!.click();
    const req = http.expectOne('/api/v1/tasks/bulk-transition');
    expect(req.request.body).toEqual({ transition: 'approve', kind: 'transition', items: [{ requestId: 'r-6', expectedVersion: 3 }, { requestId: 'r-7', expectedVersion: 3 }] });
    req.flush({
      succeeded: 1,
      failed: 1,
      results: [
        { requestId: 'r-6', reference: 'DOT/2026/00006', ok: true, version: 4, state: { id: 'approved', label: { cs: 'Schváleno', en: 'Approved' } } },
        { requestId: 'r-7', reference: 'DOT/2026/00007', ok: false, code: 'STALE', message: { cs: 'Žádost mezitím změnil někdo jiný.', en: 'Changed.' } },
      ],
    });
    await settle();
    http.expectOne((r) => r.url === '/api/v1/tasks').flush({ items: [task('7', 'departmentManager', null, null, true, 'leave-request')], nextCursor: null });
    await settle();
    const result = el.querySelector('.bulk__result')!;
    expect(result.querySelector('h3')?.textContent).toContain('Schválit: hotovo 1, nepodařilo se 1.');
    expect(result.textContent).toContain('DOT/2026/00006: Schváleno');
    expect(result.textContent).toContain('Žádost mezitím změnil někdo jiný.');
    // What failed stays selected.
    expect(boxes().map((b) => b.checked)).toEqual([true]);
  });

  it('keeps the result of a bulk step in view when the inbox is empty afterwards', async () => {
    const { el, http, settle } = await render([task('9', 'departmentManager', null, null, true, 'leave-request')]);
    el.querySelector<HTMLInputElement>('tbody input[type="checkbox"]')?.click();
    await settle();
    el.querySelector<HTMLButtonElement>('.bulk__bar button')?.click();
    await settle();
    el.querySelector<HTMLButtonElement>('.bulk__confirm button')?.click();
    http.expectOne('/api/v1/tasks/bulk-transition').flush({
      succeeded: 1,
      failed: 0,
      results: [{ requestId: 'r-9', reference: 'DOT/2026/00009', ok: true, version: 4, state: { id: 'approved', label: { cs: 'Schváleno', en: 'Approved' } } }],
    });
    await settle();
    http.expectOne((r) => r.url === '/api/v1/tasks').flush({ items: [], nextCursor: null });
    await settle();
    expect(el.querySelector('.bulk__result h3')?.textContent).toContain('Schválit: hotovo 1, nepodařilo se 0.');
    expect(el.querySelector('.bulk__bar')).toBeNull();
    expect(el.textContent).toContain('Nemáte žádné úkoly k vyřízení.');
  });
});
