/**
 * `agenda:check --directory`: every party of every state that resolves to nobody in the office
 * directory of the database at DATABASE_URL (issue 19). Reads the directory once, read-only.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { loadOfficeDirectory } from '@agendy/server/feature-agendas';
import { checkAgainstDirectory, type AgendaDefinition, type DirectoryFinding, type OfficeDirectory } from '@agendy/workflow/engine';

export async function readDirectory(url: string): Promise<OfficeDirectory> {
  const client = new Client({ connectionString: url, application_name: 'agenda-check' });
  await client.connect();
  try {
    return await loadOfficeDirectory({ query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows });
  } finally {
    await client.end();
  }
}

/** Prints the findings of one definition; returns how many are errors (parties that resolve to nobody). */
export function printDirectoryFindings(definition: AgendaDefinition, directory: OfficeDirectory, log: (line: string) => void = console.log): number {
  const findings = checkAgainstDirectory(definition, directory);
  const errors = findings.filter((f) => f.severity === 'error');
  if (findings.length === 0) {
    log('  ✔ adresář: každou stranu někdo obsadí / directory: every party has someone');
    return 0;
  }
  if (errors.length > 0) log(`  ✘ adresář: ${errors.length} × nikdo / directory: ${errors.length} ${errors.length === 1 ? 'party resolves' : 'parties resolve'} to nobody`);
  for (const f of findings) printFinding(f, log);
  return errors.length;
}

function printFinding(f: DirectoryFinding, log: (line: string) => void): void {
  log(`  ${f.severity === 'error' ? '✘' : '⚠'} ${f.path}  [${f.code}]  stav / state ${f.state}`);
  log(`    cs: ${f.message.cs}`);
  log(`    en: ${f.message.en}`);
  if (f.fallback) log(`    za běhu převezme / at run time taken over by: ${f.fallback.cs} / ${f.fallback.en}`);
}
