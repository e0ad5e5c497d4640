import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people, roleHolder } from '../testing/agenda-test-kit';
import { timesheet } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('attendance-timesheet');
if (!def) throw new Error('attendance-timesheet is not shipped');
const { filer, manager, colleague } = people;
const hr = roleHolder('hr', 'personalni.oddeleni');

describe('agenda attendance-timesheet (opravy docházky a měsíční výkaz)', () => {
  it('draft with corrections, approved by the manager, passed to payroll by HR', () => {
    const s = new Scenario(def).take('save', filer, { month: '2026-10' }).take('submit', filer, timesheet);
    expect(s.snapshot.assignees).toEqual([{ kind: 'departmentManager', departmentId: 'OKH' }]);
    s.take('approve', manager).take('pass-to-payroll', hr, { payrollBatch: 'MZ-2026-10' });
    expect(s.snapshot).toMatchObject({ state: 'closed', final: true, data: { payrollBatch: 'MZ-2026-10' } });
  });

  it('HR returns a timesheet to the employee', () => {
    const s = new Scenario(def).take('submit', filer, timesheet).take('approve', manager).take('return', hr, undefined, 'Chybí doklad ze služební cesty.');
    expect(s.snapshot).toMatchObject({ state: 'draft', assignees: [{ kind: 'user', userId: filer.userId }] });
  });

  describe('rejections', () => {
    it('INVALID_DATA: future month, correction outside the month, bad time, hours not in quarters', () => {
      const e = new Scenario(def).refusal('submit', filer, {
        ...timesheet,
        month: '2026-12',
        workedHours: 160.1,
        corrections: [{ date: '2026-11-03', kind: 'prichod', timeFrom: '7:30', reason: 'Porucha čtečky.' }],
      });
      expect(e.fieldErrors?.map((f) => [f.pointer, f.keyword])).toEqual([
        ['/workedHours', 'multipleOf'],
        ['/corrections/0/timeFrom', 'pattern'],
        ['/month', 'rule'],
      ]);
      expect(e.fieldErrors?.[1].message.cs).toBe('„Opravy“, řádek 1, „Od“: nemá správný tvar');
      const outside = new Scenario(def).refusal('submit', filer, { ...timesheet, corrections: [{ date: '2026-11-03', kind: 'prichod', timeFrom: '07:30', reason: 'Porucha čtečky.' }] });
      expect(outside.fieldErrors?.map((f) => [f.pointer, f.message.cs])).toEqual([['/corrections', '„Opravy“: všechny opravy musí spadat do vykazovaného měsíce']]);
    });

    it('NOT_ALLOWED: a colleague approving, HR passing its own timesheet', () => {
      const s = new Scenario(def).take('submit', filer, timesheet);
      expect(s.refusal('approve', colleague).code).toBe('NOT_ALLOWED');
      expect(s.refusal('approve', filer).code).toBe('NOT_ALLOWED');
    });

    it('INVALID_DATA: payroll batch missing; WRONG_STATE: payroll before approval; STALE', () => {
      const s = new Scenario(def).take('submit', filer, timesheet);
      expect(s.refusal('pass-to-payroll', hr, { payrollBatch: 'MZ-2026-10' }).code).toBe('WRONG_STATE');
      s.take('approve', manager);
      expect(s.refusal('pass-to-payroll', hr).fieldErrors?.[0]).toMatchObject({ pointer: '/payrollBatch', keyword: 'required' });
      expect(s.refused({ type: 'transition', name: 'return', comment: 'x', expectedVersion: 2 }, hr)).toBe('STALE');
    });
  });
});
