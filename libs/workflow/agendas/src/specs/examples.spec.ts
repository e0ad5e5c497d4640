import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { checkTemplate, formatScenarioReport, runScenario, validateDefinition, type AgendaDefinition, type Scenario, type ScenarioReport } from '@agendy/workflow/engine';
import { walkRandomly } from '../testing/random-walk';
import { people, user } from '../testing/agenda-test-kit';

/**
 * The worked examples of docs/agendas.md (docs/examples): real files, not shipped. Each agenda
 * must pass the checker with its templates, each scenario must pass (what `npm run agenda:check`
 * and `npm run agenda:run` do with them), and every excerpt the guide prints must be part of them.
 */
const root = join(__dirname, '../../../../..');
const dir = join(root, 'docs/examples');
const files = readdirSync(dir).sort();
const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const agendas = files.filter((f) => f.endsWith('.agenda.json'));
const schema = JSON.parse(readFileSync(join(root, 'tools/agenda-run/scenario.schema.json'), 'utf8'));
const validateScenario = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const docs = readFileSync(join(root, 'docs/agendas.md'), 'utf8');

function definitionOf(code: string): AgendaDefinition {
  const checked = validateDefinition(read(`${code}.agenda.json`));
  if (!checked.ok) throw new Error(JSON.stringify(checked.error, null, 2));
  return checked.value;
}

describe('worked examples (docs/examples)', () => {
  it('include the damage report with its template and scenarios', () => {
    expect(agendas).toContain('damage-report.agenda.json');
    expect(files).toEqual(expect.arrayContaining(['damage-report.protocol.template.json', 'damage-report.committee.scenario.json']));
  });

  describe.each(agendas.map((f) => f.replace('.agenda.json', '')))('%s', (code) => {
    it('passes the checker, templates included', () => {
      const definition = definitionOf(code);
      for (const t of files.filter((f) => f.startsWith(`${code}.`) && f.endsWith('.template.json'))) {
        const document = t.slice(code.length + 1, -'.template.json'.length);
        expect([t, checkTemplate(definition, document, read(t))]).toEqual([t, []]);
      }
    });

    it.each(files.filter((f) => f.startsWith(`${code}.`) && f.endsWith('.scenario.json')))('%s matches the scenario schema and passes', (file) => {
      const scenario = read(file) as Scenario;
      expect(validateScenario(scenario) ? [] : validateScenario.errors).toEqual([]);
      const report = runScenario(read(`${code}.agenda.json`), scenario);
      if (!report.ok) throw new Error(formatScenarioReport(report));
      expect(report.end?.final).toBe(true);
    });
  });
});

describe('the damage report example', () => {
  const reports = files
    .filter((f) => f.startsWith('damage-report.') && f.endsWith('.scenario.json'))
    .map((f): [string, ScenarioReport] => [f, runScenario(read('damage-report.agenda.json'), read(f) as Scenario)]);
  const routes = reports.flatMap(([, r]) => r.steps.filter((s) => s.route).map((s) => [s.from?.id, s.to.id, s.route?.en.match(/route \d|the default/)?.[0]]));

  it('its scenarios go every way out of the review: none, the committee, the director', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        ['review', 'settled', 'the default'],
        ['review', 'committee', 'route 2'],
        ['review', 'director', 'route 1'],
      ]),
    );
  });

  it('writes no state twice: one review, one committee, one director', () => {
    const definition = definitionOf('damage-report');
    expect(definition.workflow.states.map((s) => s.id)).toEqual(['draft', 'review', 'committee', 'director', 'settled', 'rejected', 'withdrawn']);
  });

  it('2 of 3 members of one directory group decide; the third is told and their late vote is not counted', () => {
    const director = reports.find(([f]) => f === 'damage-report.director.scenario.json')?.[1];
    const decided = director?.steps.find((s) => s.to.id === 'settled' && s.kind === 'vote' && !s.late);
    expect(decided?.effects.map((e) => e.en)).toEqual(expect.arrayContaining([expect.stringMatching(/^notification to mala .*your vote is no longer needed/)]));
    expect(director?.steps.at(-1)).toMatchObject({ actor: 'mala', late: true, to: { id: 'settled' } });
  });

  it('random allowed events never leave a request without a way out', () => {
    const definition = definitionOf('damage-report');
    const members = ['clen.a', 'clen.b', 'clen.c'];
    const damage = { what: 'Rozbité okno v kanceláři 214.', place: 'Budova A', occurredOn: '2026-11-20' };
    const visited = walkRandomly(
      definition,
      {
        datasets: [
          { ...damage, amount: 9000 },
          { ...damage, amount: 120000 },
          { ...damage, amount: 620000 },
        ],
        actors: [people.filer, people.manager, user('spravce', { roles: ['employee', 'facility-manager'] }), people.director, ...members.map((m) => user(m))],
        facts: { groupMembers: { 'kulk-komise-skody': members } },
      },
      80,
    );
    // As for the shipped agendas: the walks get into some final state and through most of the workflow.
    expect(['settled', 'rejected', 'withdrawn'].some((s) => visited.has(s))).toBe(true);
    expect(visited.size / definition.workflow.states.length).toBeGreaterThanOrEqual(0.5);
  });

  it('every excerpt docs/agendas.md prints is part of the example files', () => {
    const excerpts = [...docs.matchAll(/<!-- excerpt:(docs\/examples\/[\w.-]+) -->\s*```json\n([\s\S]*?)```/g)];
    expect(excerpts.length).toBeGreaterThan(3);
    for (const [, file, text] of excerpts) {
      const whole = JSON.parse(readFileSync(join(root, file), 'utf8'));
      const part = JSON.parse(text);
      expect([file, contains(whole, part)]).toEqual([file, true]);
    }
  });
});

/** Whether `part` equals `whole` or some value nested in it (an object or array anywhere in the tree). */
function contains(whole: unknown, part: unknown): boolean {
  if (isDeepStrictEqual(whole, part)) return true;
  if (whole !== null && typeof whole === 'object') return Object.values(whole).some((v) => contains(v, part));
  return false;
}
