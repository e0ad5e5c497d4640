import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people, roleHolder } from '../testing/agenda-test-kit';
import { cheapCourse, expensiveCourse } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('training-request');
if (!def) throw new Error('training-request is not shipped');
const { filer, manager, director, colleague } = people;
const hr = roleHolder('hr', 'personalni.oddeleni');

describe('agenda training-request (vzdělávání s odsouhlasením nákladů)', () => {
  it('a course up to 10 000 CZK: manager approves, HR registers, the employee proves completion', () => {
    const s = new Scenario(def).take('submit', filer, cheapCourse);
    expect(s.snapshot.data['totalCost']).toBe(5300);
    s.take('approve', manager);
    expect(s.snapshot.state).toBe('registration');
    s.take('register', hr, { registrationNumber: 'IVS-2030-0117' });
    s.take('complete', filer, { certificate: [{ fileId: 'c1', name: 'osvedceni.pdf' }], completedOn: '2030-03-10' });
    expect(s.snapshot).toMatchObject({ state: 'completed', final: true });
  });

  it('a course over 10 000 CZK also needs the director', () => {
    const s = new Scenario(def).take('submit', filer, expensiveCourse).take('approve', manager);
    expect(s.snapshot.state).toBe('cost-approval');
    expect(s.refusal('approve-costs', manager).code).toBe('NOT_ALLOWED');
    s.take('approve-costs', director);
    expect(s.snapshot.state).toBe('registration');
  });

  it('cancelling after registration alerts HR about cancellation fees', () => {
    const s = new Scenario(def).take('submit', filer, cheapCourse).take('approve', manager).take('register', hr, { registrationNumber: 'X-1' });
    s.take('cancel', filer, undefined, 'Kolize s jednáním zastupitelstva.');
    expect(s.last.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipients: [{ kind: 'role', role: 'hr' }] }));
  });

  describe('rejections', () => {
    it('INVALID_DATA: venue missing for an in-person course, course in the past, end before start', () => {
      const { location: _location, ...noVenue } = cheapCourse;
      const e = new Scenario(def).refusal('submit', filer, { ...noVenue, dateFrom: '2026-01-10', dateTo: '2026-01-09' });
      expect(e.fieldErrors?.map((f) => [f.pointer, f.keyword])).toEqual([
        ['/location', 'required'],
        ['/dateTo', 'rule'],
        ['/dateFrom', 'rule'],
      ]);
    });

    it('NOT_ALLOWED, INVALID_DATA without a reason to reject, WRONG_STATE, STALE', () => {
      const s = new Scenario(def).take('submit', filer, cheapCourse);
      expect(s.refusal('approve', colleague).code).toBe('NOT_ALLOWED');
      expect(s.refusal('reject', manager).code).toBe('INVALID_DATA');
      expect(s.refusal('register', hr, { registrationNumber: 'X' }).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'approve', expectedVersion: 7 }, manager)).toBe('STALE');
      s.take('reject', manager, undefined, 'Téma nesouvisí s pracovní náplní.');
      expect(s.snapshot.state).toBe('rejected');
    });
  });
});
