/**
 * Checks agenda definition files: `npm run agenda:check -- <file...>`; with no files, every
 * agenda shipped in libs/workflow/agendas. Prints each problem with its path inside the
 * file, in Czech and English. Exit code 0 when every file is valid, 1 when any file has a
 * problem (or cannot be read or parsed).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFile, displayName, printErrors } from './check-file';

const SHIPPED_DIR = resolve(__dirname, '../../libs/workflow/agendas/src/definitions');

function shippedFiles(): string[] {
  return readdirSync(SHIPPED_DIR)
    .filter((f) => f.endsWith('.agenda.json'))
    .sort()
    .map((f) => join(SHIPPED_DIR, f));
}

function main(argv: string[]): number {
  const files = argv.length > 0 ? argv.map((f) => resolve(f)) : shippedFiles();
  let failed = 0;
  for (const file of files) {
    const result = checkFile(file);
    const name = displayName(file);
    if (result.ok) {
      console.log(`✔ ${name}`);
      continue;
    }
    failed++;
    printErrors(name, result.errors);
  }
  console.log(failed === 0 ? `All ${files.length} agenda definitions are valid.` : `${failed} of ${files.length} agenda definitions have problems.`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
