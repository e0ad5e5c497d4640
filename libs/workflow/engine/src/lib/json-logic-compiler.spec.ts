import fc from 'fast-check';
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { compileLogic } from './json-logic-compiler';
import { ALLOWED_OPERATORS } from './json-logic';

/** What json-logic-js, the reference implementation, answers; a throw is an answer too. */
function reference(logic: unknown, data: unknown): { value?: unknown; threw?: true } {
  try {
    return { value: jsonLogic.apply(logic as RulesLogic, data) };
  } catch {
    return { threw: true };
  }
}

function compiled(logic: unknown, data: unknown): { value?: unknown; threw?: true } {
  try {
    return { value: compileLogic(logic)(data) };
  } catch {
    return { threw: true };
  }
}

const PATHS = ['', 'data', 'data.amount', 'data.items', 'data.items.0.amount', 'data.name', 'data.flag', 'data.missing.deep', 'state', 'actor.roles', 'current', 'accumulator', 'current.amount', 'amount', '0', 'nothing'];

const scalar = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ min: -10, max: 10, noNaN: false }), fc.boolean(), fc.constant(null), fc.constantFrom('', 'a', 'ab', '10', 'x.y', 'schvaleno'));

const data = fc.record({
  data: fc.record({
    amount: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom('100', '', null)),
    items: fc.array(fc.record({ amount: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant('7')) }), { maxLength: 4 }),
    name: fc.constantFrom('Novák', '', 'ab'),
    flag: fc.boolean(),
  }),
  state: fc.constantFrom('draft', 'submitted'),
  actor: fc.record({ roles: fc.constantFrom(['employee'], ['employee', 'director'], []) }),
});

const operators = [...ALLOWED_OPERATORS];

/** Random expressions over every allowed operator, with arguments that are sometimes nonsense. */
const logic: fc.Arbitrary<unknown> = fc.letrec<{ expr: unknown }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.constantFrom(...PATHS).map((p) => ({ var: p })),
    fc.tuple(fc.constantFrom(...PATHS), scalar).map(([p, d]) => ({ var: [p, d] })),
    fc.array(tie('expr'), { maxLength: 3 }),
    fc.tuple(fc.constantFrom(...operators), fc.array(tie('expr'), { maxLength: 4 })).map(([op, args]) => ({ [op]: args })),
    fc.tuple(fc.constantFrom(...operators), tie('expr')).map(([op, arg]) => ({ [op]: arg })),
    fc.constantFrom({}, { a: 1, b: 2 }, { unknownOp: [1] }),
  ),
})).expr;

describe('compiled JSONLogic', () => {
  it('answers exactly as json-logic-js for random expressions and data', () => {
    fc.assert(
      fc.property(logic, data, (expr, input) => {
        expect(compiled(expr, input)).toEqual(reference(expr, input));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on the operators definitions use most', () => {
    const input = { data: { amount: 60_000, items: [{ amount: 35_000 }, { amount: 25_000 }], ico: '' }, actor: { roles: ['employee'] } };
    const cases: unknown[] = [
      { '==': [{ reduce: [{ var: 'data.items' }, { '+': [{ var: 'current.amount' }, { var: 'accumulator' }] }, 0] }, { var: 'data.amount' }] },
      { '>': [{ var: 'data.amount' }, 50_000] },
      { in: ['director', { var: 'actor.roles' }] },
      { missing: ['data.ico', 'data.amount'] },
      { missing_some: [1, ['data.ico', 'data.nothing']] },
      { if: [{ '<': [{ var: 'data.amount' }, 1000] }, 'small', { '<=': [1000, { var: 'data.amount' }, 100_000] }, 'medium', 'large'] },
      { all: [{ var: 'data.items' }, { '>': [{ var: 'amount' }, 0] }] },
      { '*': [] },
      { substr: ['schváleno', -3] },
    ];
    for (const expr of cases) expect(compiled(expr, input)).toEqual(reference(expr, input));
    expect(compiled(cases[0], input).value).toBe(true);
    expect(compiled(cases[7], input).threw).toBe(true);
  });

  it('compiles each expression object once', () => {
    const expr = { '>': [{ var: 'data.amount' }, 1] };
    expect(compileLogic(expr)).toBe(compileLogic(expr));
  });

  it('never treats inherited object keys as operators', () => {
    for (const op of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'log']) {
      const expr = JSON.parse(`{"${op}": [1]}`) as unknown;
      expect(compiled(expr, {}).threw).toBe(true);
    }
  });
});
