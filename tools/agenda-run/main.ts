/**
 * Tries an agenda definition on a scenario: `npm run agenda:run -- <file.agenda.json> <scenario.json>`.
 * Checks the definition like `agenda:check`, checks the scenario against
 * tools/agenda-run/scenario.schema.json, runs it through the engine with `runScenario()` and
 * prints every step in Czech and English. `--json` prints the report as JSON instead.
 * Exit code: 0 the scenario passed; 1 the definition or the scenario has a problem, or a step
 * did not go as expected; 2 wrong usage.
 */
import { resolve } from 'node:path';
import { formatScenarioReport, runScenario } from '@agendy/workflow/engine';
import { checkFile, displayName, printErrors } from '../agenda-check/check-file';
import { readScenario } from './read-scenario';

const USAGE = [
  'Použití / usage: npm run agenda:run -- <agenda.agenda.json> <scénář.scenario.json> [--json]',
  '  Spustí scénář (podání žádosti a kroky osob) nad definicí agendy a vypíše, co se stalo.',
  '  Runs a scenario (filing a request and the steps people take) on an agenda definition and prints what happened.',
  '  Popis scénáře / scenario format: docs/agendas.md, oddíl 9, a tools/agenda-run/scenario.schema.json',
].join('\n');

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (files.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const [agendaFile, scenarioFile] = files.map((f) => resolve(f));
  const checked = checkFile(agendaFile);
  if (!checked.ok) {
    printErrors(displayName(agendaFile), checked.errors);
    console.log('Definice agendy má problémy, scénář nebyl spuštěn. / The agenda definition has problems; the scenario was not run.');
    return 1;
  }
  const read = readScenario(scenarioFile);
  if (!read.ok) {
    console.log(`✘ ${displayName(scenarioFile)}: scénář neodpovídá schématu / the scenario does not match tools/agenda-run/scenario.schema.json`);
    read.lines.forEach((line) => console.log(line));
    return 1;
  }
  const report = runScenario(checked.json, read.scenario);
  console.log(json ? JSON.stringify(report, null, 2) : formatScenarioReport(report));
  return report.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
