import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { registerAppLocales } from '../../core/i18n/locale';
import { AgendaListPage } from './agenda-list.page';

/** `/administrace` after ADR 0004: agendas are administered by agenda administrators, not by the system administrator. */
describe('AgendaListPage', () => {
  beforeAll(() => registerAppLocales());

  function setUp(roles: string[], administersAgendas = false) {
    localStorage.clear();
    const roleList = signal<readonly string[]>(roles);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: AuthStore,
          useValue: { roles: roleList, hasAnyRole: (r: readonly string[]) => roleList().some((x) => r.includes(x)), administersAgendas: computed(() => administersAgendas) },
        },
      ],
    });
    const fixture = TestBed.createComponent(AgendaListPage);
    return { fixture, http: TestBed.inject(HttpTestingController), el: fixture.nativeElement as HTMLElement };
  }

  it('does not ask a system administrator for the agendas; explains and links the incidents', async () => {
    const { fixture, http, el } = setUp(['employee', 'system-admin']);
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectNone((r) => r.url.startsWith('/api/v1/admin/agendas'));
    expect(el.textContent).toContain('Jako správce systému agendy ani jejich oprávnění nespravujete');
    expect(el.querySelector('a[href="/administrace/incidenty"]')).not.toBeNull();
    expect(el.querySelector('a[href="/administrace/neobsazene-role"]')).toBeNull();
    http.verify();
  });

  it('lists the agendas for an agenda administrator', async () => {
    const { fixture, http, el } = setUp(['employee', 'agenda-admin']);
    http.expectOne((r) => r.url === '/api/v1/admin/agendas').flush({ mayCreate: true, items: [] });
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.textContent).toContain('Nespravujete žádnou agendu.');
    expect(el.textContent).not.toContain('Jako správce systému');
    expect(el.querySelector('a[href="/administrace/incidenty"]')).toBeNull();
    // Work nobody can act on (issue 19) is one click from the landing page.
    expect(el.querySelector('a[href="/administrace/neobsazene-role"]')?.textContent).toContain('Neobsazené role');
  });
});
