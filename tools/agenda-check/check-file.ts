/**
 * Reading and checking one agenda definition file, and printing its problems: shared by
 * `npm run agenda:check` and `npm run agenda:run`.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { validateDefinition, type AgendaDefinition, type DefinitionError } from '@agendy/workflow/engine';

export type CheckedFile = { ok: true; definition: AgendaDefinition; json: unknown } | { ok: false; errors: DefinitionError[] };

function readJson(file: string): { ok: true; json: unknown } | { ok: false; errors: DefinitionError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [{ path: '', code: 'SCHEMA', message: { cs: `Soubor nelze přečíst: ${(e as Error).message}`, en: `Cannot read the file: ${(e as Error).message}` } }] };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    return { ok: false, errors: [{ path: '', code: 'SCHEMA', message: { cs: `Soubor není platný JSON: ${(e as Error).message}`, en: `The file is not valid JSON: ${(e as Error).message}` } }] };
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
    log(`  ${e.path || '/'}  [${e.code}]`);
    log(`    cs: ${e.message.cs}`);
    log(`    en: ${e.message.en}`);
  }
}
