import type { BulkActionRef, TaskItem } from '@agendy/shared/contracts';

export interface AgendaOption {
  code: string;
  name: string;
  count: number;
}

/** The agendas present in the inbox, by name, with how many tasks each has. */
export function agendaOptions(tasks: readonly TaskItem[], lang: 'cs' | 'en'): AgendaOption[] {
  const byCode = new Map<string, AgendaOption>();
  for (const t of tasks) {
    const a = t.request.agenda;
    const option = byCode.get(a.code) ?? { code: a.code, name: a.name[lang], count: 0 };
    option.count++;
    byCode.set(a.code, option);
  }
  return [...byCode.values()].sort((x, y) => x.name.localeCompare(y.name, lang));
}

export function filterByAgenda(tasks: readonly TaskItem[], code: string): TaskItem[] {
  return code ? tasks.filter((t) => t.request.agenda.code === code) : [...tasks];
}

/** Bulk steps every selected task offers (e.g. "Schválit" on leave and training requests alike). */
export function commonBulkActions(selection: readonly TaskItem[]): BulkActionRef[] {
  if (!selection.length) return [];
  const [first, ...rest] = selection;
  return first.bulkActions.filter((a) => rest.every((t) => t.bulkActions.some((b) => b.kind === a.kind && b.name === a.name)));
}
