import raw from '../test-fixtures/parking-permit.agenda.json';
import type { DefinitionError } from './definition-errors';
import { validateDefinition } from './validate-definition';

type Def = typeof raw & Record<string, unknown>;

/** A fresh copy of the valid example, broken by `mutate`. */
function broken(mutate: (d: Def) => void): DefinitionError[] {
  const d = structuredClone(raw) as Def;
  mutate(d);
  const r = validateDefinition(d);
  return r.ok ? [] : r.error;
}

function codes(errors: DefinitionError[]): string[] {
  return errors.map((e) => `${e.rule} ${e.pointer}`);
}

const workflow = (d: Def) => d.workflow as unknown as { states: Array<Record<string, unknown>>; transitions: Array<Record<string, unknown>>; initial: string };
const transitionNamed = (d: Def, name: string) => workflow(d).transitions.find((t) => t['name'] === name) as Record<string, unknown>;
const stateNamed = (d: Def, id: string) => workflow(d).states.find((s) => s['id'] === id) as Record<string, unknown>;

describe('validateDefinition', () => {
  it('accepts the documented example', () => {
    expect(validateDefinition(raw).ok).toBe(true);
  });

  it('rejects a wrong shape with JSON pointers and Czech messages', () => {
    const errors = broken((d) => {
      (d as Record<string, unknown>)['version'] = 0;
      delete (d as Record<string, unknown>)['records'];
      (d.name as Record<string, string>)['cs'] = '';
    });
    expect(codes(errors)).toEqual(expect.arrayContaining(['SCHEMA /version', 'SCHEMA /records', 'SCHEMA /name/cs']));
    expect(errors.find((e) => e.pointer === '/version')?.message.cs).toBe('/version: musí být alespoň 1');
  });

  it('rejects an unknown state in a transition and in the initial state', () => {
    const errors = broken((d) => {
      transitionNamed(d, 'approve')['to'] = 'issuingg';
      workflow(d).initial = 'start';
    });
    expect(codes(errors)).toEqual(['UNKNOWN_STATE /workflow/initial', 'UNKNOWN_STATE /workflow/transitions/2/to']);
    expect(errors[1].message.cs).toBe('Stav „issuingg“ neexistuje.');
  });

  it('rejects unreachable states', () => {
    const errors = broken((d) => workflow(d).states.push({ id: 'archived', label: { cs: 'Archiv', en: 'Archive' }, final: true }));
    expect(codes(errors)).toEqual(['UNREACHABLE_STATE /workflow/states/6']);
  });

  it('rejects non-final dead ends and cycles with no way to finish', () => {
    const errors = broken((d) => {
      workflow(d).transitions = workflow(d).transitions.filter((t) => t['name'] !== 'issue');
    });
    expect(codes(errors)).toEqual(['DEAD_END /workflow/states/2', 'UNREACHABLE_STATE /workflow/states/3']);
    const loop = broken((d) => {
      workflow(d).states.push({ id: 'parked', label: { cs: 'Odloženo', en: 'Parked' } });
      workflow(d).transitions.push({ ...transitionNamed(d, 'issue'), name: 'park', to: 'parked' });
      workflow(d).transitions.push({ ...transitionNamed(d, 'issue'), name: 'wait', from: 'parked', to: 'parked' });
    });
    expect(codes(loop)).toEqual(['DEAD_END /workflow/states/6']);
    expect(loop[0].message.cs).toBe('Ze stavu „parked“ se nelze dostat do žádného koncového stavu.');
  });

  it('rejects a final state with a way out', () => {
    const errors = broken((d) => {
      transitionNamed(d, 'withdraw')['from'] = ['draft', 'approval', 'rejected'];
    });
    expect(codes(errors)).toEqual(['FINAL_STATE_HAS_EXIT /workflow/states/4']);
  });

  it('rejects transitions nobody can take', () => {
    expect(codes(broken((d) => (transitionNamed(d, 'approve')['who'] = [])))).toEqual(['NOBODY_CAN_TAKE /workflow/transitions/2/who']);
    expect(codes(broken((d) => (transitionNamed(d, 'withdraw')['forbidFiler'] = true)))).toEqual(['NOBODY_CAN_TAKE /workflow/transitions/5/who']);
    expect(codes(broken((d) => (transitionNamed(d, 'issue')['guard'] = false)))).toEqual(['NOBODY_CAN_TAKE /workflow/transitions/4/guard']);
    const assigneeOnly = broken((d) => {
      transitionNamed(d, 'issue')['who'] = [{ assignee: true }];
      delete stateNamed(d, 'issuing')['assignTo'];
    });
    expect(codes(assigneeOnly)).toEqual(['NOBODY_CAN_TAKE /workflow/transitions/4/who']);
  });

  it('rejects roles used but not declared', () => {
    const errors = broken((d) => {
      transitionNamed(d, 'issue')['who'] = [{ role: 'janitor' }];
      stateNamed(d, 'approval')['deadline'] = { businessDays: 5, escalateTo: [{ role: 'governor' }] };
    });
    expect(codes(errors)).toEqual(['UNDECLARED_ROLE /workflow/transitions/4/who/0/role', 'UNDECLARED_ROLE /workflow/states/1/deadline/escalateTo/0/role']);
  });

  it('rejects guards and rules that read fields the form does not have', () => {
    const errors = broken((d) => {
      transitionNamed(d, 'approve')['guard'] = { '>': [{ var: 'data.amount' }, 0] };
      transitionNamed(d, 'issue')['routes'] = [{ when: { '==': [{ var: 'requester.name' }, 'x'] }, to: 'issued' }];
      (d.form.rules[0] as { assert: unknown }).assert = { '>=': [{ var: 'data.validTo' }, { var: 'today' }] };
    });
    expect(codes(errors)).toEqual([
      'UNKNOWN_FIELD /workflow/transitions/2/guard/>/0/var',
      'UNKNOWN_VARIABLE /workflow/transitions/4/routes/0/when/==/0/var',
      'UNKNOWN_FIELD /form/rules/0/assert/>=/0/var',
    ]);
  });

  it('rejects unknown or forbidden JSONLogic operators', () => {
    const errors = broken((d) => (transitionNamed(d, 'approve')['guard'] = { log: { var: 'data.reason' } }));
    expect(codes(errors)).toEqual(['UNKNOWN_OPERATOR /workflow/transitions/2/guard/log']);
  });

  it('rejects an invalid form JSON Schema with the reason', () => {
    const errors = broken((d) => ((d.form.schema.properties.reason as Record<string, unknown>)['minLenght'] = 10));
    expect(codes(errors)).toEqual(['INVALID_FORM_SCHEMA /form/schema']);
    expect(errors[0].message.en).toMatch(/unknown keyword: "minLenght"/);
  });

  it('rejects duplicate names', () => {
    const errors = broken((d) => {
      workflow(d).transitions.push({ ...transitionNamed(d, 'save') });
      d.roles.push({ ...d.roles[0] });
    });
    expect(codes(errors)).toEqual(['DUPLICATE_NAME /roles/1/code', 'DUPLICATE_NAME /workflow/transitions/6/name']);
  });

  it('rejects fields without labels or section and references to unknown fields and documents', () => {
    const errors = broken((d) => {
      (d.form.schema.properties as Record<string, unknown>)['phone'] = { type: 'string' };
      transitionNamed(d, 'issue')['editableFields'] = ['permitNo'];
      transitionNamed(d, 'issue')['effects'] = [{ type: 'generateDocument', template: 'permit' }];
    });
    expect(codes(errors)).toEqual([
      'MISSING_LABEL /form/ui/fields/phone',
      'UNPLACED_FIELD /form/ui/sections',
      'UNKNOWN_FIELD /workflow/transitions/4/editableFields/0',
      'UNKNOWN_DOCUMENT /workflow/transitions/4/effects/0/template',
      // With the typo, nobody can enter the permit number the step requires.
      'FIELD_NEVER_EDITABLE /workflow/transitions/4/requiredFields/0',
    ]);
  });

  it('rejects impossible approvals, deadlines and signers', () => {
    const errors = broken((d) => {
      stateNamed(d, 'approval')['deadline'] = { businessDays: 2, remindBeforeBusinessDays: 2, escalateTo: [{ role: 'director' }] };
      stateNamed(d, 'issuing')['approval'] = {
        participants: [{ role: 'facility-manager' }, { managerOfFiler: true }],
        mode: 'quorum',
        quorum: 3,
        onApproved: { to: 'issued' },
        onRejected: { to: 'rejected' },
      };
      transitionNamed(d, 'issue')['effects'] = [{ type: 'requestSignatures', document: 'parking-permit', signers: [{ level: 'advanced', order: 1 }] }];
    });
    expect(codes(errors)).toEqual([
      'INVALID_SIGNERS /workflow/transitions/4/effects/0/signers/0',
      'INVALID_DEADLINE /workflow/states/1/deadline/remindBeforeBusinessDays',
      'INVALID_APPROVAL /workflow/states/2/approval/quorum',
    ]);
  });
  it('says the reminder must come after the deadline starts, in Czech and English alike', () => {
    const [error] = broken((d) => {
      stateNamed(d, 'approval')['deadline'] = { businessDays: 3, remindBeforeBusinessDays: 3, escalateTo: [{ role: 'director' }] };
    });
    expect(error.rule).toBe('INVALID_DEADLINE');
    expect(error.message.cs).toContain('dřív, než lhůta vůbec začne');
    expect(error.message.en).toContain('before the deadline even starts');
    expect(error.message.cs).toContain('menší než 3');
    expect(error.message.en).toContain('less than 3');
  });

  describe('names in "required" of the form schema', () => {
    type Schema = Record<string, unknown>;
    const schemaOf = (d: Def) => d.form.schema as unknown as Schema;
    const properties = (d: Def) => schemaOf(d)['properties'] as Record<string, Schema>;

    it('reports a misspelt name at the top level', () => {
      const errors = broken((d) => (schemaOf(d)['required'] = ['licencePlate', 'validFrom', 'reasn', 'reason']));
      expect(codes(errors)).toEqual(['UNKNOWN_FIELD /form/schema/required/2']);
      expect(errors[0].message.en).toBe('The form has no field "reasn".');
    });

    it('reports misspelt names in if/then/else and allOf', () => {
      const errors = broken((d) => {
        properties(d)['hasTrailer'] = { type: 'boolean' };
        properties(d)['trailerPlate'] = { type: 'string' };
        (d.form.ui.fields as Record<string, unknown>)['hasTrailer'] = { label: { cs: 'Přívěs', en: 'Trailer' } };
        (d.form.ui.fields as Record<string, unknown>)['trailerPlate'] = { label: { cs: 'SPZ přívěsu', en: 'Trailer plate' } };
        d.form.ui.sections[0].fields.push('hasTrailer', 'trailerPlate');
        transitionNamed(d, 'save')['editableFields'] = ['*'];
        schemaOf(d)['if'] = { properties: { hasTrailer: { const: true } }, required: ['hasTrailer'] };
        schemaOf(d)['then'] = { required: ['trailerPlat'] };
        schemaOf(d)['else'] = { required: ['trailerPlate'], not: { required: ['trailer'] } };
        schemaOf(d)['allOf'] = [{ if: { properties: { hasTrailer: { const: false } }, required: ['hasTrailr'] }, then: { required: ['reason'] } }];
      });
      expect(codes(errors)).toEqual([
        'UNKNOWN_FIELD /form/schema/then/required/0',
        'UNKNOWN_FIELD /form/schema/else/not/required/0',
        // The misspelt name leaves the tested field unrequired as well.
        'CONDITION_ON_EMPTY_FIELD /form/schema/allOf/0/if/properties/hasTrailer',
        'UNKNOWN_FIELD /form/schema/allOf/0/if/required/0',
      ]);
    });

    it('reports misspelt names in nested objects and table rows, where the names are the row\'s', () => {
      const errors = broken((d) => {
        properties(d)['car'] = { type: 'object', required: ['make', 'colour'], properties: { make: { type: 'string' }, color: { type: 'string' } } };
        properties(d)['drivers'] = {
          type: 'array',
          items: { type: 'object', required: ['name', 'licencePlate'], properties: { name: { type: 'string' } }, additionalProperties: false },
        };
        (d.form.ui.fields as Record<string, unknown>)['car'] = { label: { cs: 'Auto', en: 'Car' } };
        (d.form.ui.fields as Record<string, unknown>)['drivers'] = { label: { cs: 'Řidiči', en: 'Drivers' }, widget: 'table' };
        d.form.ui.sections[0].fields.push('car', 'drivers');
      });
      // `licencePlate` is a top-level field, but not a column of the table.
      expect(codes(errors)).toEqual(['UNKNOWN_FIELD /form/schema/properties/car/required/1', 'UNKNOWN_FIELD /form/schema/properties/drivers/items/required/1']);
    });

    it('warns that an "if" on a field it does not require holds while the field is empty', () => {
      const errors = broken((d) => {
        properties(d)['hasTrailer'] = { type: 'boolean' };
        (d.form.ui.fields as Record<string, unknown>)['hasTrailer'] = { label: { cs: 'Přívěs', en: 'Trailer' } };
        d.form.ui.sections[0].fields.push('hasTrailer');
        transitionNamed(d, 'submit')['editableFields'] = ['*'];
        schemaOf(d)['if'] = { properties: { hasTrailer: { const: true } } };
        schemaOf(d)['then'] = { required: ['reason'] };
        // A field the form requires anyway may be tested without repeating it.
        schemaOf(d)['allOf'] = [{ if: { properties: { validFrom: { const: '2026-12-24' } } }, then: { required: ['reason'] } }];
      });
      expect(codes(errors)).toEqual(['CONDITION_ON_EMPTY_FIELD /form/schema/if/properties/hasTrailer']);
      expect(errors[0].message.en).toContain('Add "required": ["hasTrailer"] to the "if"');
    });
  });

  describe('FIELD_NEVER_EDITABLE', () => {
    it('rejects a required field that no step lets anyone fill in', () => {
      const errors = broken((d) => {
        transitionNamed(d, 'save')['editableFields'] = ['licencePlate', 'reason'];
        transitionNamed(d, 'submit')['editableFields'] = ['licencePlate', 'reason'];
      });
      expect(codes(errors)).toEqual(['FIELD_NEVER_EDITABLE /form/schema/required/1']);
      expect(errors[0].message.cs).toContain('„validFrom“');
    });

    it('rejects a field a step requires that nobody can enter', () => {
      const errors = broken((d) => (transitionNamed(d, 'issue')['editableFields'] = []));
      expect(codes(errors)).toEqual(['FIELD_NEVER_EDITABLE /workflow/transitions/4/requiredFields/0']);
    });

    it('rejects a field required only in a "then" branch', () => {
      const errors = broken((d) => {
        (d.form.schema as unknown as Record<string, unknown>)['allOf'] = [
          { if: { properties: { licencePlate: { pattern: '^E' } } }, then: { required: ['permitNumber'] } },
        ];
        transitionNamed(d, 'issue')['requiredFields'] = [];
        transitionNamed(d, 'issue')['editableFields'] = [];
      });
      expect(codes(errors)).toEqual(['FIELD_NEVER_EDITABLE /form/schema/allOf/0/then/required/0']);
    });

    it('accepts a field set by the workflow or editable through "*"', () => {
      expect(
        broken((d) => {
          transitionNamed(d, 'issue')['editableFields'] = [];
          transitionNamed(d, 'issue')['effects'] = [{ type: 'setField', field: 'permitNumber', value: { cat: ['P-', { var: 'request.id' }] } }];
        }),
      ).toEqual([]);
      expect(
        broken((d) => {
          transitionNamed(d, 'save')['editableFields'] = ['*'];
          transitionNamed(d, 'submit')['editableFields'] = [];
          transitionNamed(d, 'issue')['editableFields'] = [];
        }),
      ).toEqual([]);
    });
  });
  it('accepts a file mark of dot-separated numbers only', () => {
    const withMark = (fileMark: string) => codes(broken((d) => ((d.records as { fileMark: string }).fileMark = fileMark)));
    expect(withMark('11.4.2')).toEqual([]);
    for (const bad of ['40.3.', 'A/1', '40 3', '']) expect(withMark(bad)).toEqual(['SCHEMA /records/fileMark']);
  });
});
