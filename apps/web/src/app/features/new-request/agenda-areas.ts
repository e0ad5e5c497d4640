import type { AgendaDefinition } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';

/** The office's areas as the definitions name them (`category`), in the order of the office's report. */
const AREAS: ReadonlyArray<{ category: string; label: TranslationKey }> = [
  { category: 'personální', label: 'newRequest.area.personnel' },
  { category: 'dotace', label: 'newRequest.area.grants' },
  { category: 'hospodářská správa', label: 'newRequest.area.facilities' },
  { category: 'samospráva', label: 'newRequest.area.selfGovernment' },
  { category: 'vnitřní předpisy', label: 'newRequest.area.regulations' },
];

/** What grouping needs of an agenda: the API's `AgendaSummary` and a definition both fit. */
export interface AgendaLike {
  code: string;
  name: { cs: string; en: string };
  description: { cs: string; en: string };
  category?: string | null;
}

export interface AgendaArea<T extends AgendaLike = AgendaLike> {
  key: string;
  label: TranslationKey;
  agendas: T[];
}

/** Groups agendas by area; agendas of an unknown or missing area end up in "Ostatní". */
export function groupByArea<T extends AgendaLike>(agendas: readonly T[], lang: 'cs' | 'en'): AgendaArea<T>[] {
  const byName = (a: T, b: T) => a.name[lang].localeCompare(b.name[lang], lang);
  const known = AREAS.map((area) => ({
    key: area.category,
    label: area.label,
    agendas: agendas.filter((d) => d.category === area.category).sort(byName),
  }));
  const other = agendas.filter((d) => !AREAS.some((area) => area.category === d.category)).sort(byName);
  return [...known, { key: 'other', label: 'newRequest.area.other' as TranslationKey, agendas: other }].filter(
    (area) => area.agendas.length > 0,
  );
}

/** Case- and accent-insensitive search in the name and description (both languages). */
export function matchesSearch(agenda: AgendaLike, query: string): boolean {
  const needle = fold(query.trim());
  if (!needle) return true;
  const haystack = fold([agenda.name.cs, agenda.name.en, agenda.description.cs, agenda.description.en, agenda.code].join(' '));
  return needle.split(/\s+/).every((word) => haystack.includes(word));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * Fields a person fills in when filing: those the steps leaving the initial state (save, submit)
 * allow to change. `['*']` means all of them.
 */
export function filingFields(definition: AgendaDefinition): string[] {
  const initial = definition.workflow.initial;
  const fields = new Set<string>();
  for (const transition of definition.workflow.transitions) {
    const from = Array.isArray(transition.from) ? transition.from : [transition.from];
    if (from.includes(initial)) transition.editableFields?.forEach((field) => fields.add(field));
  }
  return [...fields];
}
