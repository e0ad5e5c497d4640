import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AttendanceDaysResponse } from '@agendy/shared/contracts';
import { registerAppLocales } from '../../core/i18n/locale';
import { officeToday } from '../../core/time/office-date';
import { ClockWidget } from './clock-widget';

function today(status: AttendanceDaysResponse['status'], events: AttendanceDaysResponse['days'][number]['events'] = []): AttendanceDaysResponse {
  const date = officeToday();
  return {
    userId: 'u1',
    status,
    days: [{ date, workingDay: true, dayOffName: null, expectedMinutes: 480, workedMinutes: 0, breakMinutes: 0, tripMinutes: 0, homeOfficeMinutes: 0, doctorMinutes: 0, absences: [], creditedMinutes: 0, overtimeMinutes: 0, anomalies: [], events }],
  };
}

describe('ClockWidget', () => {
  beforeAll(() => registerAppLocales());

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  });

  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  it('clocks in with one click, then offers clocking out; a refused event shows the Czech sentence', async () => {
    const fixture = TestBed.createComponent(ClockWidget);
    const http = TestBed.inject(HttpTestingController);
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/v1/attendance/days').flush(today('off'));
    await settle(fixture);
    expect(el.querySelector('[data-testid="attendance-status"]')?.textContent?.trim()).toBe('Nejste v práci');
    const main = el.querySelector<HTMLButtonElement>('button.clock');
    expect(main?.textContent?.trim()).toBe('Příchod');

    main?.click();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/v1/attendance/events');
    expect(post.request.body).toEqual({ type: 'in' });
    post.flush({ id: 'e1', type: 'in', at: '2026-11-27T07:30:00Z', note: null, source: 'clock' });
    await settle(fixture);
    http.expectOne((r) => r.url === '/api/v1/attendance/days').flush(today('work', [{ id: 'e1', type: 'in', at: '2026-11-27T07:30:00Z', note: null, source: 'clock' }]));
    await settle(fixture);
    expect(el.querySelector('button.clock')?.textContent?.trim()).toBe('Odchod');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Zaznamenáno: Příchod v 8:30.');
    expect([...el.querySelectorAll('.secondary button')].map((b) => b.textContent?.trim())).toEqual(['Přestávka', 'Služební cesta', 'Lékař']);

    el.querySelector<HTMLButtonElement>('.secondary button')?.click();
    http
      .expectOne((r) => r.method === 'POST')
      .flush({ type: 'about:blank', title: 'x', status: 409, code: 'MONTH_LOCKED' }, { status: 409, statusText: 'Conflict', headers: { 'Content-Type': 'application/problem+json' } });
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Měsíc je schválený a uzamčený');
    http.verify();
  });
});
