/**
 * Reading and checking one agenda definition file, and printing its problems: shared by
 * `npm run agenda:check` and `npm run agenda:run`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { LocalizedText } from '@agendy/shared/util';
import { checkTemplate, runScenario, validateDefinition, type AgendaDefinition, type DefinitionError, type TemplateProblem } from '@agendy/workflow/engine';
import { readScenario } from '../agenda-run/read-scenario';

export type CheckedFile = { ok: true; definition: AgendaDefinition; json: unknown } | { ok: false; errors: DefinitionError[] };

function readJson(file: string): { ok: true; json: unknown } | { ok: false; errors: DefinitionError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [{ pointer: '', rule: 'SCHEMA', message: { cs: `Soubor nelze přečíst: ${(e as Error).message}`, en: `Cannot read the file: ${(e as Error).message}` } }] };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    return { ok: false, errors: [{ pointer: '', rule: 'SCHEMA', message: { cs: `Soubor není platný JSON: ${(e as Error).message}`, en: `The file is not valid JSON: ${(e as Error).message}` } }] };
  }
}

export function checkFile(file: string): CheckedFile {
  const read = readJson(file);
  if (!read.ok) return read;
  const result = validateDefinition(read.json);
  return result.ok ? { ok: true, definition: result.value, json: read.json } : { ok: false, errors: result.error };
}

/** The file name as printed: relative to the current directory when inside it, else absolute. */
export function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export function printErrors(name: string, errors: readonly DefinitionError[], log: (line: string) => void = console.log): void {
  log(`✘ ${name}: ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}`);
  for (const e of errors) {
    log(`  ${e.pointer || '/'}  [${e.rule}]`);
    log(`    cs: ${e.message.cs}`);
    log(`    en: ${e.message.en}`);
  }
}

/** The templates shipped with the office's agendas: `<agenda code>.<document code>.json`. */
export const SHIPPED_TEMPLATES_DIR = resolve(__dirname, '../../libs/server/feature-documents/src/lib/templates');

/**
 * The document templates that belong to an agenda file: `<code>.<document>.template.json` next to
 * it, and for a shipped agenda the shipped `<code>.<document>.json`. Each with the document code.
 */
export function templateFilesOf(agendaFile: string, definition: AgendaDefinition, shipped: boolean): Array<{ file: string; document: string }> {
  const found: Array<{ file: string; document: string }> = [];
  const take = (dir: string, suffix: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (!name.startsWith(`${definition.code}.`) || !name.endsWith(suffix) || name.endsWith('.agenda.json') || name.endsWith('.scenario.json')) continue;
      const document = name.slice(definition.code.length + 1, -suffix.length);
      if (document && !document.includes('.')) found.push({ file: join(dir, name), document });
    }
  };
  take(dirname(agendaFile), '.template.json');
  if (shipped) take(SHIPPED_TEMPLATES_DIR, '.json');
  return found;
}

/** Every problem of the agenda's template files (unreadable, invalid JSON, or naming what the agenda lacks). */
export function checkTemplateFile(file: string, document: string, definition: AgendaDefinition): TemplateProblem[] {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [{ pointer: '', rule: 'TEMPLATE_SHAPE', message: { cs: `Šablonu nelze načíst: ${(e as Error).message}`, en: `Cannot read the template: ${(e as Error).message}` } }];
  }
  return checkTemplate(definition, document, body);
}

export function printTemplateProblems(name: string, problems: readonly TemplateProblem[], log: (line: string) => void = console.log): void {
  log(`  ✘ šablona / template ${basename(name)}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`);
  for (const p of problems) {
    log(`    ${p.pointer || '/'}  [${p.rule}]`);
    log(`      cs: ${p.message.cs}`);
    log(`      en: ${p.message.en}`);
  }
}

/** The try-out scenarios of the shipped agendas (`<agenda code>[.<what>].scenario.json`). */
export const SHIPPED_SCENARIOS_DIR = resolve(__dirname, '../../libs/workflow/agendas/src/scenarios');

/** The scenarios that belong to an agenda file: `<code>.scenario.json` and `<code>.<what>.scenario.json` next to it (and, shipped, in the scenarios folder). */
export function scenarioFilesOf(agendaFile: string, definition: AgendaDefinition, shipped: boolean): string[] {
  const dirs = [dirname(agendaFile), ...(shipped ? [SHIPPED_SCENARIOS_DIR] : [])];
  return dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.scenario.json') && (name === `${definition.code}.scenario.json` || (name.startsWith(`${definition.code}.`) && name.split('.').length === 4)))
          .sort()
          .map((name) => join(dir, name))
      : [],
  );
}

/** Runs one scenario as `agenda:run` does; undefined when it passes, else why not (in Czech and English). */
export function scenarioProblem(file: string, definitionJson: unknown): LocalizedText | undefined {
  const read = readScenario(file);
  if (!read.ok) return { cs: `scénář neodpovídá schématu:\n${read.lines.join('\n')}`, en: `the scenario does not match tools/agenda-run/scenario.schema.json` };
  const report = runScenario(definitionJson, read.scenario);
  if (report.ok) return undefined;
  const f = report.failure;
  return f ? { cs: `krok #${f.step}: ${f.message.cs}`, en: `step #${f.step}: ${f.message.en}` } : { cs: 'definice má problémy', en: 'the definition has problems' };
}
