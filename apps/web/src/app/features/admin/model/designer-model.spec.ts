/**
 * @jest-environment node
 */
// Pure model code; node has structuredClone, which dagre needs and jsdom lacks.
import { validateDefinition, type AgendaDefinition } from '@agendy/workflow/engine';
import { describeLogic, fromLogic, parseValue, toLogic } from './condition';
import { locateErrors } from './definition-errors';
import { FIELD_KINDS, addField, changeKind, columnsOf, kindOf, moveField, newAgenda, optionsText, removeField, setColumns, setOptionsFromText, setRequired } from './field-kinds';
import { layoutWorkflow } from './workflow-layout';
import { removeState, renameState } from './workflow-edit';

const fresh = (): AgendaDefinition => newAgenda('trip', { cs: 'Cesta', en: 'Trip' });

function expectValid(d: AgendaDefinition): void {
  const result = validateDefinition(d);
  expect(result.ok ? [] : result.error.map((e) => `${e.pointer} ${e.rule}`)).toEqual([]);
}

describe('form designer model', () => {
  it('starts from a valid agenda and stays valid with every kind of field added', () => {
    const d = fresh();
    expectValid(d);
    for (const kind of FIELD_KINDS) addField(d, kind, `f${kind}`, { cs: kind, en: kind }, 'main');
    expectValid(d);
    expect(kindOf(d, 'fmoney')).toBe('money');
    expect(kindOf(d, 'fyesno')).toBe('yesno');
    expect(kindOf(d, 'fperson')).toBe('person');
    expect(kindOf(d, 'ftable')).toBe('table');
    expect(kindOf(d, 'ffile')).toBe('file');
    // A date range is two dates and a rule keeping them in order.
    expect(kindOf(d, 'fdateRangeFrom')).toBe('date');
    expect(d.form.rules?.[0]).toMatchObject({ field: '/fdateRangeTo', assert: { '<=': [{ var: 'data.fdateRangeFrom' }, { var: 'data.fdateRangeTo' }] } });
  });

  it('orders, requires, relabels choices and removes fields everywhere they are named', () => {
    const d = fresh();
    addField(d, 'select', 'transport', { cs: 'Doprava', en: 'Transport' }, 'main');
    addField(d, 'money', 'cost', { cs: 'Náklady', en: 'Cost' }, 'main');
    moveField(d, 'cost', -1);
    expect(d.form.ui.sections[0].fields).toEqual(['subject', 'cost', 'transport']);
    setRequired(d, 'cost', true);
    expect(d.form.schema['required']).toEqual(['subject', 'cost']);
    setOptionsFromText(d, 'transport', 'vlak = Vlak | Train\nauto = Služební auto | Service car');
    expect(optionsText(d, 'transport')).toBe('vlak = Vlak | Train\nauto = Služební auto | Service car');
    expectValid(d);
    d.workflow.transitions[1].editableFields = ['subject', 'cost'];
    removeField(d, 'cost');
    expect(d.form.schema['required']).toEqual(['subject']);
    expect(d.workflow.transitions[1].editableFields).toEqual(['subject']);
    expectValid(d);
  });

  it('edits the columns of a repeating group and changes kinds', () => {
    const d = fresh();
    addField(d, 'table', 'budget', { cs: 'Rozpočet', en: 'Budget' }, 'main');
    setColumns(d, 'budget', [...columnsOf(d, 'budget'), { name: 'date', label: { cs: 'Datum', en: 'Date' }, kind: 'date' }]);
    expect(columnsOf(d, 'budget').map((c) => `${c.name}:${c.kind}`)).toEqual(['item:text', 'amount:money', 'date:date']);
    changeKind(d, 'subject', 'textarea');
    expect(kindOf(d, 'subject')).toBe('textarea');
    expectValid(d);
  });
});

describe('condition builder model', () => {
  it('round-trips simple comparisons and reads Czech numbers', () => {
    const logic = toLogic({ field: 'cost', op: '>', value: 10000 });
    expect(logic).toEqual({ '>': [{ var: 'data.cost' }, 10000] });
    expect(fromLogic(logic)).toEqual({ field: 'cost', op: '>', value: 10000 });
    expect(fromLogic({ and: [] })).toBeNull();
    expect(parseValue('50 000', 'number')).toBe(50000);
    expect(parseValue('1 234,5', 'number')).toBe(1234.5);
    expect(parseValue('x', 'number')).toBeNull();
    expect(parseValue('ano', 'boolean')).toBe(true);
    expect(describeLogic(logic)).toMatch(/^cost > 10\s000$/);
  });
});

describe('workflow designer model', () => {
  it('lays out every state and step, routes included', () => {
    const d = fresh();
    d.workflow.transitions[2].routes = [{ when: { '>': [{ var: 'data.subject' }, 'x'] } as never, to: 'rejected' }];
    const layout = layoutWorkflow(d);
    expect(layout.states.map((s) => s.id)).toEqual(['draft', 'approval', 'approved', 'rejected']);
    expect(layout.edges.map((e) => `${e.name}:${e.from}->${e.to}`)).toEqual([
      'save:draft->draft',
      'submit:draft->approval',
      'approve:approval->rejected',
      'approve:approval->approved',
      'reject:approval->rejected',
    ]);
    const draft = layout.states[0];
    const approval = layout.states[1];
    expect(draft.y).toBeLessThan(approval.y);
    expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);
  });

  it('renames a state everywhere and reports errors at the element', () => {
    const d = fresh();
    renameState(d, 'approval', 'manager-approval');
    expect(d.workflow.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['draft->draft', 'draft->manager-approval', 'manager-approval->approved', 'manager-approval->rejected']);
    expectValid(d);
    removeState(d, 'rejected');
    const result = validateDefinition(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const located = locateErrors(result.error);
    expect([...located.transitions.keys()]).toContain(3);
  });
});
