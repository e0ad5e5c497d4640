import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDefinition } from '@agendy/workflow/engine';
import { agendaDefinitions, findAgendaDefinition } from '../agenda-definitions';
import { walkFixtures } from '../fixtures/walk-fixtures';
import { walkRandomly } from '../testing/random-walk';

const definitionsDir = join(__dirname, '../definitions');
const files = readdirSync(definitionsDir).filter((f) => f.endsWith('.agenda.json'));

describe('shipped agendas', () => {
  it('ships every definition file, each once', () => {
    expect(agendaDefinitions.map((d) => `${d.code}.agenda.json`).sort()).toEqual([...files].sort());
    expect(new Set(agendaDefinitions.map((d) => d.code)).size).toBe(agendaDefinitions.length);
  });

  it('finds a definition by code and version', () => {
    expect(findAgendaDefinition('grant-application')?.version).toBe(1);
    expect(findAgendaDefinition('grant-application', 2)).toBeUndefined();
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
