/**
 * Reading a scenario file and checking it against tools/agenda-run/scenario.schema.json: shared by
 * `npm run agenda:run` and `npm run agenda:check` (which runs the scenarios next to an agenda).
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import type { Scenario } from '@agendy/workflow/engine';
import scenarioSchema from './scenario.schema.json';

export function readScenario(file: string): { ok: true; scenario: Scenario } | { ok: false; lines: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, lines: [`  Scénář nelze načíst / cannot read the scenario: ${(e as Error).message}`] };
  }
  const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(scenarioSchema);
  if (validate(json)) return { ok: true, scenario: json as unknown as Scenario };
  return { ok: false, lines: scenarioErrors(validate.errors ?? []) };
}

/** Ajv's errors without the noise of the step kinds that did not apply. */
function scenarioErrors(errors: ErrorObject[]): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const p = e.params as Record<string, unknown>;
    let path = e.instancePath || '/';
    if (e.keyword === 'required') path = `${e.instancePath}/${String(p['missingProperty'])}`;
    if (e.keyword === 'additionalProperties') path = `${e.instancePath}/${String(p['additionalProperty'])}`;
    const line = `  ${path}  [${e.keyword}] ${e.message ?? ''}${e.keyword === 'enum' ? ': ' + JSON.stringify(p['allowedValues']) : ''}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

