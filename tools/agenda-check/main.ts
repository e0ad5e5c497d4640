/**
 * Checks agenda definition files: `npm run agenda:check -- <file...>`; with no files, every
 * agenda shipped in libs/workflow/agendas and the worked examples of docs/examples. Each agenda's
 * document templates are checked with it (`<code>.<document>.template.json` next to the file, and
 * the shipped templates of feature-documents), and its scenarios (`<code>[.<what>].scenario.json`
 * next to it, and the shipped agendas' scenarios) are run as `agenda:run` runs them. Prints each problem with its path inside the
 * file, in Czech and English. With `--directory`, also checks every party of every state against
 * the office directory in the database at DATABASE_URL and lists those that resolve to nobody.
 * Exit code 0 when every file is valid (and, with `--directory`, every party has someone), 1 when
 * any file has a problem (or cannot be read or parsed, or a party resolves to nobody), 2 when
 * `--directory` is given without DATABASE_URL or the database cannot be read.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { OfficeDirectory } from '@agendy/workflow/engine';
import { checkFile, checkTemplateFile, displayName, printErrors, printTemplateProblems, scenarioFilesOf, scenarioProblem, templateFilesOf } from './check-file';

const SHIPPED_DIR = resolve(__dirname, '../../libs/workflow/agendas/src/definitions');
/** The worked examples of docs/agendas.md: real files, checked like the shipped ones (not shipped). */
const EXAMPLES_DIR = resolve(__dirname, '../../docs/examples');

function agendaFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.agenda.json'))
    .sort()
    .map((f) => join(dir, f));
}

async function main(argv: string[]): Promise<number> {
  const withDirectory = argv.includes('--directory');
  const args = argv.filter((a) => a !== '--directory');
  // The examples are not run in the office: against its directory only the shipped agendas are checked.
  const files = args.length > 0 ? args.map((f) => resolve(f)) : [...agendaFilesIn(SHIPPED_DIR), ...(withDirectory ? [] : agendaFilesIn(EXAMPLES_DIR))];
  let directory: OfficeDirectory | undefined;
  let printDirectoryFindings: typeof import('./directory-report').printDirectoryFindings | undefined;
  if (withDirectory) {
    const url = process.env['DATABASE_URL'];
    if (!url) {
      console.error('--directory: nastavte DATABASE_URL (databáze, jejíž adresář se má zkontrolovat) / set DATABASE_URL to the database whose directory to check');
      return 2;
    }
    // Loaded only when asked for: the plain check needs no database client.
    const report = await import('./directory-report');
    try {
      directory = await report.readDirectory(url);
    } catch (e) {
      console.error(`--directory: adresář nelze načíst / cannot read the directory: ${(e as Error).message}`);
      return 2;
    }
    printDirectoryFindings = report.printDirectoryFindings;
  }
  let failed = 0;
  let vacant = 0;
  for (const file of files) {
    const result = checkFile(file);
    const name = displayName(file);
    if (result.ok) {
      const shipped = dirname(file) === SHIPPED_DIR;
      const templates = templateFilesOf(file, result.definition, shipped).map((t) => ({ ...t, problems: checkTemplateFile(t.file, t.document, result.definition) }));
      const bad = templates.filter((t) => t.problems.length > 0);
      // The scenarios next to an agenda are run as `agenda:run` runs them: examples stay true.
      const scenarios = withDirectory ? [] : scenarioFilesOf(file, result.definition, shipped).map((f) => ({ file: f, problem: scenarioProblem(f, result.json) }));
      const failing = scenarios.filter((sc) => sc.problem);
      const extras = [
        templates.length > 0 ? `${templates.length} ${templates.length === 1 ? 'šablona / template' : 'šablony / templates'}` : '',
        scenarios.length > 0 ? `${scenarios.length} ${scenarios.length === 1 ? 'scénář / scenario' : 'scénáře / scenarios'}` : '',
      ].filter(Boolean);
      console.log(`${bad.length === 0 && failing.length === 0 ? '✔' : '✘'} ${name}${extras.length > 0 ? ` (+ ${extras.join(', ')})` : ''}`);
      for (const t of bad) printTemplateProblems(displayName(t.file), t.problems);
      for (const sc of failing) {
        console.log(`  ✘ scénář / scenario ${displayName(sc.file)} neprošel / did not pass (npm run agenda:run -- ${name} ${displayName(sc.file)}):`);
        console.log(`    cs: ${sc.problem?.cs}`);
        console.log(`    en: ${sc.problem?.en}`);
      }
      if (bad.length > 0 || failing.length > 0) failed++;
      if (directory && printDirectoryFindings) vacant += printDirectoryFindings(result.definition, directory);
      continue;
    }
    failed++;
    printErrors(name, result.errors);
  }
  console.log(failed === 0 ? `All ${files.length} agenda definitions are valid.` : `${failed} of ${files.length} agenda definitions have problems.`);
  if (directory) console.log(vacant === 0 ? 'Every party has someone in the directory.' : `${vacant} ${vacant === 1 ? 'party resolves' : 'parties resolve'} to nobody in the directory.`);
  return failed === 0 && vacant === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
