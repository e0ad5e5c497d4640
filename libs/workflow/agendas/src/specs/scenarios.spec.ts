import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { formatScenarioReport, runScenario, type Scenario } from '@agendy/workflow/engine';
import { findAgendaDefinition } from '../agenda-definitions';

/**
 * The try-out scenarios of shipped agendas (`npm run agenda:run -- <agenda> <scenario>`): each
 * must match the scenario schema and pass, so they stay usable as examples for administrators.
 */
const dir = join(__dirname, '../scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.scenario.json')).sort();
const schema = JSON.parse(readFileSync(join(__dirname, '../../../../../tools/agenda-run/scenario.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

describe('scenarios of the shipped agendas', () => {
  it('there is one for the leave request and one for the grant application at least', () => {
    expect(files).toEqual(expect.arrayContaining(['leave-request.scenario.json', 'grant-application.scenario.json']));
  });

  it.each(files)('%s matches the schema and passes', (file) => {
    const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Scenario;
    expect(validate(scenario) ? [] : validate.errors).toEqual([]);
    // `<agenda code>.scenario.json` or `<agenda code>.<what it tries>.scenario.json`
    const definition = findAgendaDefinition(file.split('.')[0]);
    expect(definition).toBeDefined();
    const report = runScenario(definition, scenario);
    if (!report.ok) throw new Error(formatScenarioReport(report));
    expect(report.end?.final).toBe(true);
  });

  it('leave: after a return for changes the deadline starts again, and HR can record leave already taken', () => {
    const scenario = JSON.parse(readFileSync(join(dir, 'leave-request.scenario.json'), 'utf8')) as Scenario;
    const report = runScenario(findAgendaDefinition('leave-request'), scenario);
    const submits = report.steps.filter((s) => s.action === 'submit' && s.accepted);
    expect(submits.map((s) => s.deadline?.dueAt)).toEqual(['2028-06-06T21:59:59.999Z', '2028-06-07T21:59:59.999Z']);
    expect(report.end).toMatchObject({ state: 'taken', outcome: 'completed' });
  });

  it('grant: the committee decides by quorum once three of four evaluators recommend', () => {
    const scenario = JSON.parse(readFileSync(join(dir, 'grant-application.scenario.json'), 'utf8')) as Scenario;
    const report = runScenario(findAgendaDefinition('grant-application'), scenario);
    const votes = report.steps.filter((s) => s.kind === 'vote' && s.accepted);
    expect(votes.map((s) => [s.actor, s.action, s.to.id])).toEqual([
      ['hodnotitel.a', 'approve', 'evaluation'],
      ['hodnotitel.b', 'reject', 'evaluation'],
      ['hodnotitel.c', 'approve', 'evaluation'],
      ['hodnotitel.d', 'approve', 'recommended'],
    ]);
  });
});
