import raw from '../test-fixtures/parking-permit.agenda.json';
import type { DefinitionError } from './definition-errors';
import { validateDefinition } from './validate-definition';

/**
 * Table rows in conditions and in the form's layout: a misspelt row field read nothing at run
 * time and silently changed sums and routes (a request over 10 000 CZK skipped the economist).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document broken on purpose
type Def = any;

function withExpenses(mutate: (d: Def) => void = () => undefined): DefinitionError[] {
  const d = structuredClone(raw) as Def;
  d.form.schema.properties.expenses = {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'amount'],
      properties: {
        type: { type: 'string', enum: ['fare', 'meals'] },
        amount: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.01 },
      },
    },
  };
  d.form.ui.sections[0].fields.push('expenses');
  d.form.ui.fields.expenses = {
    label: { cs: 'Výdaje', en: 'Expenses' },
    widget: 'table',
    columns: {
      type: { label: { cs: 'Druh', en: 'Type' }, widget: 'select', options: { fare: { cs: 'Jízdné', en: 'Fare' }, meals: { cs: 'Stravné', en: 'Meals' } } },
      amount: { label: { cs: 'Částka', en: 'Amount' }, widget: 'money' },
    },
  };
  d.workflow.transitions.find((t: Def) => t.name === 'submit').editableFields.push('expenses');
  mutate(d);
  const r = validateDefinition(d);
  return r.ok ? [] : r.error;
}

const approve = (d: Def) => d.workflow.transitions.find((t: Def) => t.name === 'approve');
const sum = (rowVar: string) => ({ reduce: [{ var: 'data.expenses' }, { '+': [{ var: 'accumulator' }, { var: rowVar }] }, 0] });

describe('validateDefinition: table rows', () => {
  it('accepts a table with labelled choice columns and a correct sum over its rows', () => {
    expect(withExpenses((d) => (approve(d).routes = [{ when: { '>': [sum('current.amount'), 10000] }, to: 'rejected' }]))).toEqual([]);
  });

  it('reports a misspelt row field inside reduce, with the path of the variable', () => {
    const errors = withExpenses((d) => (approve(d).routes = [{ when: { '>': [sum('current.amout'), 10000] }, to: 'rejected' }]));
    expect(errors).toEqual([
      expect.objectContaining({ rule: 'UNKNOWN_FIELD', pointer: '/workflow/transitions/2/routes/0/when/>/0/reduce/1/+/1/var' }),
    ]);
    expect(errors[0].message.en).toBe('A row of table "expenses" has no field "amout" (the row\'s fields: type, amount).');
  });

  it('reports reading the form inside reduce, where only current and accumulator exist', () => {
    const errors = withExpenses((d) => (approve(d).guard = { '>': [sum('data.limit'), 0] }));
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual(['UNKNOWN_VARIABLE /workflow/transitions/2/guard/>/0/reduce/1/+/1/var']);
  });

  it('reports misspelt row fields in some / all / filter (rows read without a prefix) and in when, rules and visibleIf', () => {
    const errors = withExpenses((d) => {
      approve(d).effects = [{ type: 'setField', field: 'permitNumber', value: 'x', when: { some: [{ var: 'data.expenses' }, { '==': [{ var: 'typ' }, 'fare'] }] } }];
      d.form.rules.push({ id: 'r', assert: { all: [{ filter: [{ var: 'data.expenses' }, { '>': [{ var: 'amount' }, 0] }] }, { '>': [{ var: 'current.amount' }, 0] }] }, field: '/expenses', message: { cs: 'x', en: 'x' } });
      d.form.ui.fields.reason.visibleIf = { none: [{ var: 'data.expenses' }, { missing: ['amount', 'note'] }] };
    });
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual([
      'UNKNOWN_FIELD /workflow/transitions/2/effects/0/when/some/1/==/0/var',
      'UNKNOWN_FIELD /form/rules/1/assert/all/1/>/0/var',
      'UNKNOWN_FIELD /form/ui/fields/reason/visibleIf/none/1/missing',
    ]);
    expect(errors[1].message.en).toContain('without a prefix');
  });

  it('reports a table read as if it were one row', () => {
    const errors = withExpenses((d) => (approve(d).guard = { '>': [{ var: 'data.expenses.amount' }, 0] }));
    expect(errors.map((e) => e.rule + ' ' + e.pointer)).toEqual(['UNKNOWN_FIELD /workflow/transitions/2/guard/>/0/var']);
    expect(errors[0].message.en).toContain('"expenses" is a table');
    expect(withExpenses((d) => (approve(d).guard = { '>': [{ var: 'data.expenses.length' }, 0] }))).toEqual([]);
    expect(withExpenses((d) => (approve(d).guard = { '>': [{ var: 'data.expenses.0.amount' }, 0] }))).toEqual([]);
  });
});

describe('validateDefinition: columns and choice labels', () => {
  it('reports a column named after a property the rows do not have', () => {
    const errors = withExpenses((d) => (d.form.ui.fields.expenses.columns.amout = { label: { cs: 'x', en: 'x' } }));
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual(['UNKNOWN_FIELD /form/ui/fields/expenses/columns/amout']);
  });

  it('reports columns on a field that is not a table', () => {
    const errors = withExpenses((d) => (d.form.ui.fields.reason.columns = { a: { label: { cs: 'x', en: 'x' } } }));
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual(['UNKNOWN_FIELD /form/ui/fields/reason/columns']);
  });

  it('demands a label for every value of a select, in a column and at the top level', () => {
    const errors = withExpenses((d) => {
      delete d.form.ui.fields.expenses.columns.type.options.meals;
      d.form.schema.properties.category = { type: 'string', enum: ['a', 'b'] };
      d.form.ui.sections[0].fields.push('category');
      d.form.ui.fields.category = { label: { cs: 'K', en: 'C' }, widget: 'radio', options: { a: { cs: 'A', en: 'A' }, c: { cs: 'C', en: 'C' } } };
    });
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual([
      'MISSING_OPTION /form/ui/fields/expenses/columns/type/options/meals',
      'UNKNOWN_OPTION /form/ui/fields/category/options/c',
      'MISSING_OPTION /form/ui/fields/category/options/b',
    ]);
  });

  it('a yes / no radio needs labels for true and false; a checkbox none', () => {
    const errors = withExpenses((d) => {
      d.form.schema.properties.flag = { type: 'boolean' };
      d.form.ui.sections[0].fields.push('flag');
      d.form.ui.fields.flag = { label: { cs: 'A', en: 'A' }, widget: 'radio', options: { true: { cs: 'Ano', en: 'Yes' } } };
    });
    expect(errors.map((e) => `${e.rule} ${e.pointer}`)).toEqual(['MISSING_OPTION /form/ui/fields/flag/options/false']);
  });
});
