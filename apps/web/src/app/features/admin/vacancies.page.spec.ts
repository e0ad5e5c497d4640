import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { BehaviorSubject } from 'rxjs';
import type { AgendaVacanciesResponse, DesignerAgendaListResponse } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { AuthStore } from '../../core/auth/auth.store';
import { registerAppLocales } from '../../core/i18n/locale';
import { TranslationService } from '../../core/i18n/translation.service';
import { VacanciesPage } from './vacancies.page';

const BASE = '/api/v1/admin/agendas';

function agenda(code: string, cs: string, publishedVersion: number | null = 1): DesignerAgendaListResponse['items'][number] {
  return { code, name: { cs, en: `${cs} (en)` }, category: null, publishedVersion, retired: false, versions: [] };
}

/** Just what the page reads from a definition: the states' labels. */
function definition(states: Array<[string, string, string]>): AgendaDefinition {
  return { workflow: { states: states.map(([id, cs, en]) => ({ id, label: { cs, en } })) } } as unknown as AgendaDefinition;
}

const GRANT_VACANCIES: AgendaVacanciesResponse = {
  directory: [
    {
      severity: 'error',
      code: 'NOBODY_HOLDS_ROLE',
      state: 'formal-check',
      path: '/workflow/states/1/assignTo/0',
      message: { cs: 'Roli „Referent/ka agendy“ nikdo nezastává.', en: 'Nobody holds role "Agenda officer".' },
      fallback: { cs: 'ředitel/ka úřadu: Petr Šťastný', en: 'the director: Petr Šťastný' },
    },
    {
      severity: 'warning',
      code: 'SINGLE_HOLDER_FOUR_EYES',
      state: 'council',
      path: '/workflow/transitions/4/who/0',
      message: { cs: 'Roli „Právník“ má jediná osoba (Eva Malá); podá-li žádost sama, pravidlo čtyř očí ji vyloučí.', en: 'Role "Lawyer" has a single holder.' },
      fallback: null,
    },
  ],
  requests: [
    {
      id: '6f1c1d44-0000-4000-8000-000000000001',
      reference: 'DOT/2026/00007',
      version: 1,
      state: 'formal-check',
      updatedAt: '2026-11-27T09:30:00Z',
      vacancies: [
        {
          party: 'role:agenda-officer',
          label: { cs: 'role „Referent/ka agendy“', en: 'role "Agenda officer"' },
          reason: 'nobody',
          link: 'filerDepartmentHead',
          fallbacks: [{ userId: 'u-1', displayName: 'Jana Dvořáková' }],
        },
      ],
    },
    {
      id: '6f1c1d44-0000-4000-8000-000000000002',
      reference: 'DOT/2026/00009',
      version: 1,
      state: 'formal-check',
      updatedAt: '2026-11-27T10:00:00Z',
      vacancies: [{ party: 'dept:9d1e', label: { cs: 'vedoucí odboru OD', en: 'head of department OD' }, reason: 'inactive', link: null, fallbacks: [] }],
    },
  ],
};

describe('VacanciesPage (issue 19: work nobody can act on)', () => {
  beforeAll(() => registerAppLocales());

  function setUp(options: { roles?: string[]; administersAgendas?: boolean; query?: Record<string, string> } = {}) {
    localStorage.clear();
    const roles = signal<readonly string[]>(options.roles ?? ['employee', 'agenda-admin']);
    const query = new BehaviorSubject(convertToParamMap(options.query ?? {}));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { queryParamMap: query.asObservable(), snapshot: { queryParamMap: query.value } } },
        {
          provide: AuthStore,
          useValue: { roles, hasAnyRole: (r: readonly string[]) => roles().some((x) => r.includes(x)), administersAgendas: computed(() => options.administersAgendas ?? false) },
        },
      ],
    });
    const fixture = TestBed.createComponent(VacanciesPage);
    return { fixture, http: TestBed.inject(HttpTestingController), el: fixture.nativeElement as HTMLElement };
  }

  async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      fixture.detectChanges();
      await fixture.whenStable();
    }
  }

  /** Answers the list, then each agenda's vacancies, then the definitions the page asks for. */
  async function answer(
    fixture: ComponentFixture<unknown>,
    http: HttpTestingController,
    items: DesignerAgendaListResponse['items'],
    vacancies: Record<string, AgendaVacanciesResponse>,
    definitions: Record<string, AgendaDefinition> = {},
  ): Promise<void> {
    http.expectOne(BASE).flush({ items, mayCreate: false });
    await settle(fixture);
    for (const a of items) http.expectOne(`${BASE}/${a.code}/vacancies`).flush(vacancies[a.code] ?? { directory: [], requests: [] });
    await settle(fixture);
    for (const [key, def] of Object.entries(definitions)) http.expectOne(`${BASE}/${key}/definition`).flush(def);
    await settle(fixture);
  }

  it('names states, roles, reasons and fallbacks in Czech words, with table semantics; no engine key on screen', async () => {
    const { fixture, http, el } = setUp();
    await answer(fixture, http, [agenda('grant-application', 'Žádost o dotaci'), agenda('leave-request', 'Žádost o dovolenou')], { 'grant-application': GRANT_VACANCIES }, {
      'grant-application/versions/1': definition([
        ['formal-check', 'Formální kontrola', 'Formal check'],
        ['council', 'Projednání v radě', 'Council'],
      ]),
    });
    http.verify();

    expect(el.querySelector('h1')?.textContent).toContain('Neobsazené role');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Agend s neobsazenou rolí nebo s žádostí u náhradníka: 1 z 2.');
    // Only the agenda that needs attention gets a section, headed by its name and linked to the designer.
    const sections = el.querySelectorAll('section[data-agenda]');
    expect(sections).toHaveLength(1);
    const section = sections[0] as HTMLElement;
    expect(section.querySelector('h2')?.textContent?.trim()).toBe('Žádost o dotaci');
    expect(section.getAttribute('aria-labelledby')).toBe(section.querySelector('h2')?.id);
    expect(section.querySelector('a[href="/administrace/agendy/grant-application"]')?.textContent).toContain('Otevřít v návrháři');

    const [directory, requests] = Array.from(section.querySelectorAll('table'));
    expect(directory.querySelector('caption')?.textContent).toContain('Role a místa agendy Žádost o dotaci');
    expect(Array.from(directory.querySelectorAll('thead th')).map((th) => [th.getAttribute('scope'), th.textContent?.trim()])).toEqual([
      ['col', 'Stav žádosti'],
      ['col', 'Co chybí'],
      ['col', 'Kdo práci převezme'],
    ]);
    const directoryRows = Array.from(directory.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent?.replace(/\s+/g, ' ').trim()));
    expect(directoryRows).toEqual([
      ['Formální kontrola', 'neobsazeno Roli „Referent/ka agendy“ nikdo nezastává.', 'Ředitel/ka úřadu: Petr Šťastný'],
      ['Projednání v radě', 'upozornění Roli „Právník“ má jediná osoba (Eva Malá); podá-li žádost sama, pravidlo čtyř očí ji vyloučí.', 'určí se podle podatele (vedoucí jeho odboru)'],
    ]);
    expect(directory.querySelector('tbody th')?.getAttribute('scope')).toBe('row');

    const requestRows = Array.from(requests.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent?.replace(/\s+/g, ' ').trim()));
    expect(requestRows[0].slice(0, 4)).toEqual(['DOT/2026/00007', 'Formální kontrola', 'Role „Referent/ka agendy“ nikdo tuto funkci nezastává', 'Jana Dvořáková (vedoucí odboru podatele)']);
    expect(requestRows[0][4]).toMatch(/27\. 11\. 2026/);
    expect(requestRows[1].slice(0, 4)).toEqual(['DOT/2026/00009', 'Formální kontrola', 'Vedoucí odboru OD nikdo z držitelů není aktivní', 'Nikdo – žádost čeká']);
    expect(requests.querySelector('a[href="/zadosti/6f1c1d44-0000-4000-8000-000000000001"]')).not.toBeNull();

    const text = el.textContent ?? '';
    for (const key of ['role:agenda-officer', 'dept:9d1e', 'formal-check', 'filerDepartmentHead', 'NOBODY_HOLDS_ROLE', 'SINGLE_HOLDER_FOUR_EYES', 'agenda-officer']) expect(text).not.toContain(key);
  });

  it('speaks English when the language is English', async () => {
    const { fixture, http, el } = setUp();
    TestBed.inject(TranslationService).use('en');
    await answer(fixture, http, [agenda('grant-application', 'Žádost o dotaci')], { 'grant-application': GRANT_VACANCIES }, {
      'grant-application/versions/1': definition([
        ['formal-check', 'Formální kontrola', 'Formal check'],
        ['council', 'Projednání v radě', 'Council'],
      ]),
    });
    expect(el.querySelector('h1')?.textContent).toContain('Vacant roles');
    expect(el.querySelector('section[data-agenda] h2')?.textContent?.trim()).toBe('Žádost o dotaci (en)');
    expect(el.textContent).toContain('Jana Dvořáková (head of the filer’s department)');
    expect(el.textContent).toContain('Nobody – the request waits');
    expect(el.textContent).toContain('Formal check');
  });

  it('shows an empty state when every role of every agenda has someone', async () => {
    const { fixture, http, el } = setUp({ roles: ['employee'], administersAgendas: true });
    await answer(fixture, http, [agenda('leave-request', 'Žádost o dovolenou'), agenda('car', 'Služební auto')], {});
    http.verify();
    expect(el.querySelector('[role="status"]')?.textContent).toContain('0 z 2');
    const clear = el.querySelector('section.panel--ok');
    expect(clear?.querySelector('h2')?.textContent).toContain('Vše je obsazeno');
    expect(clear?.textContent).toContain('žádná běžící žádost nečeká na náhradníka');
    expect(el.querySelector('table')).toBeNull();
  });

  it('lists agendas with vacancies before those with warnings only, and counts them apart', async () => {
    const { fixture, http, el } = setUp();
    const warningOnly: AgendaVacanciesResponse = { directory: [GRANT_VACANCIES.directory[1]], requests: [] };
    const vacant: AgendaVacanciesResponse = { directory: [GRANT_VACANCIES.directory[0]], requests: [] };
    await answer(fixture, http, [agenda('contract', 'Smlouva'), agenda('grant-application', 'Žádost o dotaci'), agenda('car', 'Služební auto')], { contract: warningOnly, 'grant-application': vacant }, {
      'contract/versions/1': definition([['council', 'Projednání v radě', 'Council']]),
      'grant-application/versions/1': definition([['formal-check', 'Formální kontrola', 'Formal check']]),
    });
    expect(Array.from(el.querySelectorAll('section[data-agenda]')).map((s) => s.getAttribute('data-agenda'))).toEqual(['grant-application', 'contract']);
    expect(el.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Agend s neobsazenou rolí nebo s žádostí u náhradníka: 1 z 3. Dalších agend jen s upozorněním: 1.',
    );
    expect(el.querySelector('section.panel--ok')).toBeNull();
  });

  it('says everything is covered when only warnings remain', async () => {
    const { fixture, http, el } = setUp();
    await answer(fixture, http, [agenda('contract', 'Smlouva')], { contract: { directory: [GRANT_VACANCIES.directory[1]], requests: [] } }, {
      'contract/versions/1': definition([['council', 'Projednání v radě', 'Council']]),
    });
    expect(el.querySelector('section.panel--ok h2')?.textContent).toContain('Vše je obsazeno');
    expect(el.querySelector('section[data-agenda="contract"]')?.textContent).toContain('upozornění');
  });

  it('does not ask a system administrator (no agenda of theirs) and explains why', async () => {
    const { fixture, http, el } = setUp({ roles: ['employee', 'system-admin'] });
    await settle(fixture);
    http.expectNone((r) => r.url.startsWith(BASE));
    expect(el.textContent).toContain('Neobsazené role vidí správci agend.');
    http.verify();
  });

  it('marks and focuses the request of an assignment alert (?zadost=)', async () => {
    const { fixture, http, el } = setUp({ query: { zadost: '6f1c1d44-0000-4000-8000-000000000002' } });
    document.body.appendChild(el);
    await answer(fixture, http, [agenda('grant-application', 'Žádost o dotaci')], { 'grant-application': GRANT_VACANCIES }, {
      'grant-application/versions/1': definition([['formal-check', 'Formální kontrola', 'Formal check']]),
    });
    await settle(fixture);
    const row = el.querySelector('tr[data-request="6f1c1d44-0000-4000-8000-000000000002"]');
    expect(row?.classList).toContain('row--highlight');
    expect(row?.textContent).toContain('z oznámení');
    expect(document.activeElement?.textContent).toBe('DOT/2026/00009');
    expect(el.textContent).not.toContain('už na náhradníka nečeká');
    el.remove();
  });

  it('says so when the request of the alert no longer waits on a fallback', async () => {
    const { fixture, http, el } = setUp({ query: { zadost: 'gone' } });
    await answer(fixture, http, [agenda('leave-request', 'Žádost o dovolenou')], {});
    expect(el.textContent).toContain('Žádost z oznámení už na náhradníka nečeká');
  });

  it('limits the page to one agenda with ?agenda= and offers all of them', async () => {
    const { fixture, http, el } = setUp({ query: { agenda: 'grant-application' } });
    http.expectOne(BASE).flush({ items: [agenda('leave-request', 'Žádost o dovolenou'), agenda('grant-application', 'Žádost o dotaci')], mayCreate: false });
    await settle(fixture);
    http.expectOne(`${BASE}/grant-application/vacancies`).flush({ directory: [], requests: [] });
    http.expectNone(`${BASE}/leave-request/vacancies`);
    await settle(fixture);
    expect(el.textContent).toContain('Zobrazena jen agenda Žádost o dotaci.');
    expect(el.querySelector('a[href="/administrace/neobsazene-role"]')?.textContent).toContain('Zobrazit všechny agendy');
    http.verify();
  });

  it('reports an agenda it could not load and still shows the others', async () => {
    const { fixture, http, el } = setUp();
    http.expectOne(BASE).flush({ items: [agenda('leave-request', 'Žádost o dovolenou'), agenda('grant-application', 'Žádost o dotaci')], mayCreate: false });
    await settle(fixture);
    http.expectOne(`${BASE}/leave-request/vacancies`).flush({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN' }, { status: 403, statusText: 'Forbidden' });
    http.expectOne(`${BASE}/grant-application/vacancies`).flush({ directory: [], requests: GRANT_VACANCIES.requests });
    await settle(fixture);
    http.expectOne(`${BASE}/grant-application/versions/1/definition`).error(new ProgressEvent('network'));
    await settle(fixture);
    const sections = Array.from(el.querySelectorAll('section[data-agenda]'));
    expect(sections.map((s) => s.getAttribute('data-agenda'))).toEqual(['leave-request', 'grant-application']);
    expect(sections[0].textContent).toContain('Obsazení agendy se nepodařilo načíst');
    // Without its definition a state is still shown in words, not as its key.
    expect(sections[1].textContent).toContain('formal check');
    expect(sections[1].textContent).toContain('V adresáři je vše obsazeno.');
  });
});
