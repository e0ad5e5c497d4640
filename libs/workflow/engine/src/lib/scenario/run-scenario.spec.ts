import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import definition from '../../test-fixtures/parking-permit.agenda.json';
import happyPath from '../../test-fixtures/parking-permit.scenario.json';
import escalation from '../../test-fixtures/parking-permit-escalation.scenario.json';
import { runScenario } from './run-scenario';
import { formatPragueInstant, formatScenarioReport } from './format-report';
import type { Scenario } from './scenario.types';

const scenarioSchema = JSON.parse(readFileSync(join(__dirname, '../../../../../../tools/agenda-run/scenario.schema.json'), 'utf8'));
const validateScenario = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(scenarioSchema);
const docs = readFileSync(join(__dirname, '../../../../../../docs/agendas.md'), 'utf8');

const happy = happyPath as unknown as Scenario;
const run = (scenario: Scenario, def: unknown = definition) => runScenario(def, scenario);
const withSteps = (steps: Scenario['steps'], base: Scenario = happy): Scenario => ({ ...base, steps });

describe('runScenario: the parking permit of docs/agendas.md', () => {
  it('the example scenarios match the scenario JSON Schema', () => {
    for (const s of [happyPath, escalation]) expect(validateScenario(s) ? [] : validateScenario.errors).toEqual([]);
    expect(validateScenario({ filer: { id: 'jana' }, filedAt: '27. 11. 2026', people: {}, steps: [{ as: 'jana', do: 'x', timer: 'remind' }] })).toBe(false);
  });

  it('the scenario printed in the documentation is the tested one', () => {
    const block = /<!-- example:parking-permit-scenario -->\s*```json\n([\s\S]*?)```/.exec(docs);
    expect(block).not.toBeNull();
    expect(JSON.parse((block as RegExpExecArray)[1])).toEqual(happyPath);
  });

  it('runs the happy path to the issued permit, with effects, deadline and next steps', () => {
    const report = run(happy);
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.index, s.action, s.accepted, s.to.id])).toEqual([
      [0, 'file', true, 'draft'],
      [1, 'save', true, 'draft'],
      [2, 'submit', false, 'draft'],
      [3, 'submit', true, 'approval'],
      [4, 'approve', false, 'approval'],
      [5, 'remind', true, 'approval'],
      [6, 'approve', true, 'issuing'],
      [7, 'issue', false, 'issuing'],
      [8, 'issue', true, 'issued'],
    ]);
    const submit = report.steps[3];
    expect(submit.deadline).toMatchObject({ dueAt: '2026-12-04T22:59:59.999Z', remindAt: '2026-12-03T07:00:00.000Z', escalateAt: '2026-12-04T22:59:59.999Z' });
    expect(submit.deadline?.escalateTo.cs).toBe('role director (ivana)');
    expect(submit.effects.map((e) => e.cs)).toEqual(['přiděleno: vedoucí odboru OD (petr)', 'oznámení pro vedoucí odboru OD (petr): „Máte ke schválení žádost o parkování.“']);
    expect(submit.available).toEqual([
      { person: 'jana', actions: [expect.objectContaining({ name: 'withdraw', enabled: true })] },
      { person: 'petr', actions: [expect.objectContaining({ name: 'approve' }), expect.objectContaining({ name: 'reject', commentRequired: true })] },
    ]);
    // The reminder fires when due (08:00 the business day before) when the step gives no time.
    expect(report.steps[5]).toMatchObject({ at: '2026-12-03T07:00:00.000Z', actor: 'system' });
    expect(report.steps[8].effects.map((e) => e.en)).toEqual([
      'assigned to: nobody',
      'document "parking-permit" generated (REQ-1/parking-permit@6)',
      'notification to jana (Jana Nováková): "Your parking permit has been issued."',
    ]);
    expect(report.end).toMatchObject({ state: 'issued', final: true, outcome: 'approved', data: { permitNumber: 'P-2026-117' } });
  });

  it('runs the escalation over Christmas and a rejection with a comment', () => {
    const report = run(escalation as unknown as Scenario);
    expect(report.ok).toBe(true);
    // 5 business days from Mon 21 Dec 2026: 24-26 Dec are holidays, so Wed 30 Dec.
    expect(formatPragueInstant(report.steps[1].deadline?.dueAt as string)).toBe('st 30. 12. 2026 23:59');
    expect(report.steps[3].effects[0].en).toContain('notification to role director (ivana)');
    expect(report.end?.outcome).toBe('rejected');
  });

  it('prints every step in Czech and English', () => {
    const text = formatScenarioReport(run(happy));
    expect(text).toContain('#3  pá 27. 11. 2026 10:05  jana: submit „Podat žádost“ / "Submit"  ✔');
    expect(text).toContain('lhůta / deadline: do / due pá 4. 12. 2026 23:59');
    expect(text).toContain('připomínka / reminder: čt 3. 12. 2026 08:00 → řešitelé: vedoucí odboru OD (petr)');
    expect(text).toContain('petr: approve, reject (s komentářem / comment required)');
    expect(text).toContain('✔ Scénář prošel: 8 kroků');
  });

  describe('fails with a clear message', () => {
    it('when the request ends in another state than expected', () => {
      const report = run(withSteps([{ as: 'jana', do: 'withdraw', expect: 'issued' }]));
      expect(report.ok).toBe(false);
      expect(report.failure).toMatchObject({ step: 1, message: { en: 'Expected state "issued", the request is in "withdrawn" (Withdrawn).' } });
      expect(formatScenarioReport(report)).toContain('✘ Scénář selhal v kroku #1');
    });

    it('when a step is refused unexpectedly, with the field errors', () => {
      const report = run(withSteps([{ as: 'jana', do: 'submit', data: { licencePlate: 'x' } }]));
      expect(report.failure?.message.cs).toBe('Krok byl odmítnut (INVALID_DATA): Formulář obsahuje chyby, opravte je prosím.');
      expect(report.failure?.fieldErrors?.map((e) => e.pointer)).toEqual(['/validFrom', '/reason', '/licencePlate']);
    });

    it('when an expected rejection does not happen or has another code or other fields', () => {
      expect(run(withSteps([{ as: 'jana', do: 'save', expectRejection: 'NOT_ALLOWED' }])).failure?.message.en).toBe('Expected rejection NOT_ALLOWED, but the step went through.');
      expect(run(withSteps([{ as: 'petr', do: 'approve', expectRejection: 'NOT_ALLOWED' }])).failure?.message.en).toMatch(/^Expected rejection NOT_ALLOWED, but the step was refused with WRONG_STATE/);
      const fields = run(withSteps([{ as: 'jana', do: 'submit', data: { licencePlate: '1L23456' }, expectRejection: 'INVALID_DATA', expectErrors: ['/licencePlate'] }]));
      expect(fields.failure?.message.en).toBe('Expected errors at /licencePlate, reported at: /validFrom, /reason.');
    });

    it('for unknown people, unknown steps, a missing action and time going back', () => {
      expect(run(withSteps([{ as: 'franta', do: 'save' }])).failure?.message.en).toBe('Person "franta" is not in "people" (listed: jana, petr, eva, karel, ivana).');
      expect(run(withSteps([{ as: 'jana', do: 'sumbit' }])).failure?.message.en).toBe('The agenda has no step "sumbit". Its steps: save, submit, approve, reject, issue, withdraw.');
      expect(run(withSteps([{ as: 'jana' }])).failure?.message.en).toBe('A step needs either "do" (a transition name) or "vote" (approve / reject).');
      expect(run(withSteps([{ as: 'jana', do: 'save', at: '2026-11-26T10:00:00+01:00' }])).failure?.message.cs).toMatch(/^Čas nesmí jít zpět/);
      expect(run(withSteps([{ timer: 'escalate' }])).failure?.message.en).toBe('No deadline is running in state "Draft"; there is no timer to fire.');
    });

    it('when the definition is invalid, reporting its errors like agenda:check and running nothing', () => {
      const broken = structuredClone(definition) as unknown as { workflow: { initial: string } };
      broken.workflow.initial = 'koncept';
      const report = run(happy, broken);
      expect(report).toMatchObject({ ok: false, steps: [], definitionErrors: [{ rule: 'UNKNOWN_STATE', pointer: '/workflow/initial' }] });
      expect(formatScenarioReport(report)).toContain('/workflow/initial  [UNKNOWN_STATE]');
    });
  });

  it('lets a deputy act for the head of department and records both', () => {
    const scenario: Scenario = {
      ...happy,
      people: { ...happy.people, marie: { department: 'OD' } },
      steps: [happy.steps[2], { as: 'marie', onBehalfOf: 'petr', do: 'approve', expect: 'issuing' }],
    };
    const report = run(scenario);
    expect(report.ok).toBe(true);
    expect(report.steps[2]).toMatchObject({ actor: 'marie', onBehalfOf: 'petr', to: { id: 'issuing' } });
  });

  it('does not modify its inputs', () => {
    const def = structuredClone(definition);
    const scenario = structuredClone(happy);
    run(scenario, def);
    expect(def).toEqual(definition);
    expect(scenario).toEqual(happy);
  });
});
