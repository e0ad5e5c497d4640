import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgendaFormSpec } from './form-spec';
import { requiredFieldErrors } from './required-check';

function shippedForm(code: string): AgendaFormSpec {
  const file = join(__dirname, '../../../../../../workflow/agendas/src/definitions', `${code}.agenda.json`);
  return JSON.parse(readFileSync(file, 'utf8')).form as AgendaFormSpec;
}

describe('requiredFieldErrors (fallback when the engine cannot run in the browser)', () => {
  const leave = shippedForm('leave-request');

  it('reports the always required fields with the engine wording', () => {
    const errors = requiredFieldErrors(leave, { type: 'dovolena' });
    expect(errors.map((e) => e.pointer)).toEqual(['/dateFrom', '/dateTo']);
    expect(errors[1].message.cs).toBe('„Do“: je povinný údaj');
  });

  it('adds fields required only under a condition (doctor visit times)', () => {
    const data = { type: 'lekar', dateFrom: '2026-12-15', dateTo: '2026-12-15' };
    expect(requiredFieldErrors(leave, data).map((e) => e.pointer)).toEqual(['/timeFrom', '/timeTo']);
    expect(requiredFieldErrors(leave, { ...data, type: 'dovolena' })).toEqual([]);
  });

  it('checks the required columns of every budget line', () => {
    const errors = requiredFieldErrors(shippedForm('grant-application'), { budget: [{ item: 'Sál', category: 'sluzby' }] });
    expect(errors.filter((e) => e.pointer.startsWith('/budget'))).toEqual([
      expect.objectContaining({ pointer: '/budget/0/amount', message: expect.objectContaining({ cs: '„Položkový rozpočet“, řádek 1, „Částka (Kč)“: je povinný údaj' }) }),
    ]);
  });
});
