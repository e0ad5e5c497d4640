import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileableFields, startRequest, validateDefinition } from '@agendy/workflow/engine';
import { agendaDefinitions, findAgendaDefinition } from '../agenda-definitions';
import { walkFixtures } from '../fixtures/walk-fixtures';
import { walkRandomly } from '../testing/random-walk';
import { people, requestFor, START } from '../testing/agenda-test-kit';

const definitionsDir = join(__dirname, '../definitions');
const files = readdirSync(definitionsDir).filter((f) => f.endsWith('.agenda.json'));

describe('shipped agendas', () => {
  it('ships every definition file, each once', () => {
    expect(agendaDefinitions.map((d) => `${d.code}.agenda.json`).sort()).toEqual([...files].sort());
    expect(new Set(agendaDefinitions.map((d) => d.code)).size).toBe(agendaDefinitions.length);
  });

  it('finds a definition by code and version', () => {
    expect(findAgendaDefinition('grant-application')?.version).toBe(2);
    expect(findAgendaDefinition('grant-application', 3)).toBeUndefined();
    expect(findAgendaDefinition('no-such-agenda')).toBeUndefined();
  });

  describe.each(agendaDefinitions.map((d) => [d.code, d] as const))('%s', (code, definition) => {
    it('validates', () => {
      const result = validateDefinition(definition);
      expect(result.ok ? [] : result.error).toEqual([]);
    });

    it('is written with Czech diacritics and English, and points at the schema', () => {
      const text = readFileSync(join(definitionsDir, `${code}.agenda.json`), 'utf8');
      expect(text).toMatch(/[áčďéěíňóřšťúůýž]/);
      expect(JSON.parse(text).$schema).toBe('../../../engine/src/agenda-definition.schema.json');
      for (const state of definition.workflow.states) expect(state.label.cs).not.toBe(state.label.en);
    });

    it('accepts at filing exactly the fields of the draft’s own steps, and refuses every later step’s field (issue 19)', () => {
      const fileable = fileableFields(definition, people.filer, requestFor(definition));
      const fields = Object.keys((definition.form.schema as { properties: Record<string, unknown> }).properties);
      expect(fileable.size).toBeGreaterThan(0);
      for (const field of fields.filter((f) => !fileable.has(f))) {
        const started = startRequest(definition, requestFor(definition), people.filer, START, { [field]: 'x' });
        expect(started.ok ? 'accepted' : started.error.fieldErrors?.map((e) => [e.pointer, e.keyword])).toEqual([[`/${field}`, 'readonly']]);
      }
      // The walks' filings (the data people type in the form) are all fileable.
      for (const dataset of walkFixtures[code].datasets) expect(Object.keys(dataset).filter((f) => !fileable.has(f))).toEqual([]);
    });

    it('random allowed events never produce an invalid snapshot or a state without a way out', () => {
      const fixture = walkFixtures[code];
      expect(fixture).toBeDefined();
      const visited = walkRandomly(definition, fixture, 150);
      // The walks must get around: into some final state and through most of the workflow.
      const finals = definition.workflow.states.filter((s) => s.final).map((s) => s.id);
      expect(finals.some((f) => visited.has(f))).toBe(true);
      expect(visited.size / definition.workflow.states.length).toBeGreaterThanOrEqual(0.5);
    });
  });
});

describe('what a filer cannot set when filing (observed on the landed main, issue 19)', () => {
  it.each([
    ['internal-regulation', { legalOpinion: 'Bez výhrad, schváleno předem.', number: 'SM/1/2030', effectiveFrom: '2030-01-01' }],
    ['leave-request', { approvedAt: '2030-01-01T10:00:00Z' }],
    ['maintenance-request', { technician: 'technik.novak', resolution: 'Opraveno předem.', workHours: 3 }],
  ])('%s refuses %j at filing', (code, data) => {
    const definition = findAgendaDefinition(code);
    if (!definition) throw new Error(code);
    const started = startRequest(definition, requestFor(definition), people.filer, START, data);
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.code).toBe('INVALID_DATA');
    expect(started.error.fieldErrors?.map((e) => e.pointer).sort()).toEqual(Object.keys(data).map((k) => `/${k}`).sort());
  });
});
