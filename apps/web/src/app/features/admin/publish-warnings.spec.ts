import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type { AgendaDirectoryWarning, DesignerVersion, PublishAgendaResponse } from '@agendy/shared/contracts';
import { registerAppLocales } from '../../core/i18n/locale';
import { AgendaDesignerPage } from './agenda-designer.page';
import { DesignerApi } from './designer-api';
import { newAgenda } from './model/field-kinds';

const WARNINGS: AgendaDirectoryWarning[] = [
  {
    severity: 'error',
    code: 'NOBODY_HOLDS_ROLE',
    state: 'approval',
    path: '/workflow/states/1/assignTo/0',
    message: { cs: 'Roli „Kontrolor/ka“ nikdo nezastává.', en: 'Nobody holds role "Inspector".' },
    fallback: { cs: 'ředitel/ka úřadu: Petr Šťastný', en: 'the director: Petr Šťastný' },
  },
  {
    severity: 'warning',
    code: 'SINGLE_HOLDER_FOUR_EYES',
    state: 'approval',
    path: '/workflow/transitions/2/who/0',
    message: { cs: 'Roli „Právník“ má jediná osoba (Eva Malá); podá-li žádost sama, pravidlo čtyř očí ji vyloučí.', en: 'Role "Lawyer" has a single holder (Eva Malá).' },
    fallback: null,
  },
];

function version(v: number, status: DesignerVersion['status']): DesignerVersion {
  return { version: v, status, createdAt: '2026-11-27T08:00:00Z', createdBy: null, publishedAt: null, updatedAt: '2026-11-27T08:00:00Z', runningRequests: 0 };
}

/** The designer's publish: the answer's `directoryWarnings` are shown in words, not dropped (issue 19). */
describe('publishing in the designer', () => {
  beforeAll(() => registerAppLocales());

  async function setUp(directoryWarnings: AgendaDirectoryWarning[]) {
    localStorage.clear();
    let versions = [version(1, 'draft')];
    const published: PublishAgendaResponse = { code: 'kontrola', version: 1, status: 'published', createdAt: '2026-11-27T08:00:00Z', createdBy: null, publishedAt: '2026-11-27T09:00:00Z', directoryWarnings };
    const api = {
      versions: jest.fn(async () => versions),
      definition: jest.fn(async () => newAgenda('kontrola', { cs: 'Kontrola obsazení', en: 'Staffing check' })),
      publish: jest.fn(async () => {
        versions = [version(1, 'published')];
        return published;
      }),
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: DesignerApi, useValue: api },
        { provide: ActivatedRoute, useValue: { snapshot: { paramMap: convertToParamMap({ code: 'kontrola' }), queryParamMap: convertToParamMap({}) } } },
      ],
    });
    const fixture = TestBed.createComponent(AgendaDesignerPage);
    await settle(fixture);
    return { fixture, api, el: fixture.nativeElement as HTMLElement };
  }

  async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      fixture.detectChanges();
      await fixture.whenStable();
    }
  }

  function publishButton(el: HTMLElement): HTMLButtonElement {
    const button = Array.from(el.querySelectorAll<HTMLButtonElement>('.designer-actions button')).find((b) => b.textContent?.trim() === 'Zveřejnit');
    if (!button) throw new Error('no publish button');
    return button;
  }

  it('lists every party nobody can act for, by state label, with who takes the work, and links the vacancies page', async () => {
    const { fixture, api, el } = await setUp(WARNINGS);
    expect(el.querySelector('ag-publish-warnings')).toBeNull();
    publishButton(el).click();
    await settle(fixture);
    expect(api.publish).toHaveBeenCalledWith('kontrola', 1);

    const status = el.querySelector('p.message[role="status"]');
    expect(status?.textContent).toContain('Verze je zveřejněna');
    expect(status?.textContent).toContain('(počet: 2)');

    const panel = el.querySelector('ag-publish-warnings section') as HTMLElement;
    expect(panel.getAttribute('aria-labelledby')).toBe('publish-warnings-heading');
    expect(panel.querySelector('h2')?.textContent).toBe('Neobsazené role ve zveřejněné verzi');
    const items = Array.from(panel.querySelectorAll('li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Ve stavu „Ke schválení“: neobsazeno Roli „Kontrolor/ka“ nikdo nezastává. Práci převezme ředitel/ka úřadu: Petr Šťastný',
      'Ve stavu „Ke schválení“: upozornění Roli „Právník“ má jediná osoba (Eva Malá); podá-li žádost sama, pravidlo čtyř očí ji vyloučí.',
    ]);
    expect(panel.textContent).not.toContain('NOBODY_HOLDS_ROLE');
    expect(panel.querySelector('a[href="/administrace/neobsazene-role?agenda=kontrola"]')?.textContent).toContain('Přehled neobsazených rolí');
  });

  it('says only "published" when the directory has someone for every party', async () => {
    const { fixture, el } = await setUp([]);
    publishButton(el).click();
    await settle(fixture);
    expect(el.querySelector('p.message[role="status"]')?.textContent?.trim()).toBe('Verze je zveřejněna: nové žádosti se podávají podle ní, rozpracované zůstávají na své verzi.');
    expect(el.querySelector('ag-publish-warnings')).toBeNull();
  });
});
