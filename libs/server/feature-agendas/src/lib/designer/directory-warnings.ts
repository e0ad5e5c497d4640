import type { EntityManager } from 'typeorm';
import type { AgendaDirectoryWarning } from '@agendy/shared/contracts';
import { checkAgainstDirectory, type AgendaDefinition } from '@agendy/workflow/engine';
import { loadOfficeDirectory } from '../office-directory';

/**
 * What publishing tells the administrator about the directory (issue 19): every party of every
 * state of the definition that resolves to nobody now, read with the publishing transaction's manager.
 */
export async function directoryWarnings(em: Pick<EntityManager, 'query'>, definition: AgendaDefinition): Promise<AgendaDirectoryWarning[]> {
  return checkAgainstDirectory(definition, await loadOfficeDirectory(em)).map((f) => ({
    severity: f.severity,
    code: f.code,
    state: f.state,
    path: f.path,
    message: f.message,
    fallback: f.fallback ?? null,
  }));
}
