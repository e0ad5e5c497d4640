import { findAgendaDefinition } from '@agendy/workflow/agendas';
import { browserFormValidator } from './browser-form-validator';

const actualEngine = jest.requireActual('@agendy/workflow/engine');
const validateForm = jest.fn((...args: unknown[]) => actualEngine.validateForm(...args));
jest.mock('@agendy/workflow/engine', () => ({
  ...jest.requireActual('@agendy/workflow/engine'),
  validateForm: (...args: unknown[]) => validateForm(...args),
}));

describe('browserFormValidator', () => {
  const leave = findAgendaDefinition('leave-request');
  if (!leave) throw new Error('leave-request is not shipped');
  const now = () => new Date('2026-11-27T09:00:00Z');

  afterEach(() => {
    jest.restoreAllMocks();
    validateForm.mockClear();
  });

  it('validates with the engine: schema and cross-field rules, in Czech and English', () => {
    const errors = browserFormValidator(leave, now)({ type: 'dovolena', dateFrom: '2026-12-10', dateTo: '2026-12-01' });
    expect(errors).toEqual([expect.objectContaining({ pointer: '/dateTo', keyword: 'rule' })]);
    expect(errors[0].message.cs).toContain('nesmí předcházet datu začátku');
  });

  it('falls back to required fields when the engine cannot compile (CSP without unsafe-eval)', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    validateForm.mockImplementationOnce(() => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    const validate = browserFormValidator(leave, now);
    expect(validate({ type: 'dovolena' }).map((e) => e.pointer)).toEqual(['/dateFrom', '/dateTo']);
    expect(validate({ type: 'dovolena' })).toHaveLength(2);
    expect(validateForm).toHaveBeenCalledTimes(1); // not retried on every keystroke
  });

  it('does not even try the engine where the page may not compile code', () => {
    const validate = browserFormValidator(leave, now, () => false);
    expect(validate({}).map((e) => e.pointer)).toContain('/type');
    expect(validateForm).not.toHaveBeenCalled();
  });
});
