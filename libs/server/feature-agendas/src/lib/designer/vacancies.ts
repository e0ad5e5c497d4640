import type { DataSource } from 'typeorm';
import type { AgendaVacanciesResponse, RequestVacancy } from '@agendy/shared/contracts';
import { directoryNames, enginePartyKey, partyLabel, type AgendaDefinition, type Fallback, type Vacancy } from '@agendy/workflow/engine';
import type { AgendaRegistry } from '../agenda-registry';
import { loadOfficeDirectory } from '../office-directory';
import { directoryWarnings } from './directory-warnings';

/**
 * Work of one agenda that would go to nobody (issue 19): the published version checked against the
 * directory now, and the running requests whose snapshot records fallbacks or unassigned parties
 * (the runtime writes them; see docs/runtime.md "Fallbacks"). Outside any transaction: read-only.
 */
export async function agendaVacancies(ds: DataSource, registry: AgendaRegistry, code: string): Promise<AgendaVacanciesResponse> {
  const directory = await loadOfficeDirectory(ds);
  const published = await registry.findPublished(code);
  const rows: Array<{ id: string; reference: string; agenda_version: number; state: string; updated_at: Date; fallbacks: Fallback[] | null; unassigned: Vacancy[] | null }> = await ds.query(
    `SELECT id, reference, agenda_version, state, updated_at, snapshot->'fallbacks' AS fallbacks, snapshot->'unassigned' AS unassigned
     FROM requests WHERE agenda_code = $1 AND NOT final AND (snapshot ? 'fallbacks' OR snapshot ? 'unassigned')
     ORDER BY updated_at, id LIMIT 500`,
    [code],
  );
  const names = directoryNames(directory);
  const requests: AgendaVacanciesResponse['requests'] = [];
  for (const r of rows) {
    const definition = await registry.version(code, r.agenda_version);
    if (!definition) continue;
    requests.push({ id: r.id, reference: r.reference, version: r.agenda_version, state: r.state, updatedAt: new Date(r.updated_at).toISOString(), vacancies: vacanciesOf(definition, r.fallbacks ?? [], r.unassigned ?? [], names) });
  }
  return { directory: published ? await directoryWarnings(ds.manager, published.definition) : [], requests };
}

function vacanciesOf(definition: AgendaDefinition, fallbacks: Fallback[], unassigned: Vacancy[], names: ReturnType<typeof directoryNames>): RequestVacancy[] {
  const byParty = new Map<string, RequestVacancy>();
  const entryOf = (v: Vacancy): RequestVacancy => {
    const key = enginePartyKey(v.party);
    const entry = byParty.get(key) ?? { party: key, label: partyLabel(v.party, definition, names), reason: v.reason, link: null, fallbacks: [] };
    byParty.set(key, entry);
    return entry;
  };
  for (const f of fallbacks) {
    const entry = entryOf(f);
    entry.link = f.link;
    entry.fallbacks.push({ userId: f.userId, displayName: names.user?.(f.userId) ?? null });
  }
  unassigned.forEach(entryOf);
  return [...byParty.values()];
}
