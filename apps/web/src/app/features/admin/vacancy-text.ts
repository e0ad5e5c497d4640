import type { AgendaDirectoryWarning, NotificationItem, RequestVacancy } from '@agendy/shared/contracts';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import type { TranslationKey } from '../../core/i18n/dictionary';

/**
 * Wording shared by the vacancies page and the designer's publish warnings (issue 19): the
 * server's engine keys (state ids, chain links, reasons) never reach the screen as such.
 */

/** `/administrace/neobsazene-role`: the agenda administrators' view of work that would go to nobody. */
export const VACANCIES_PATH = '/administrace/neobsazene-role';

/** Template of the notification the agenda's administrators get when a party of a request is vacant. */
export const ASSIGNMENT_ALERT_TEMPLATE = 'assignment-alert';

export function isAssignmentAlert(item: Pick<NotificationItem, 'template'>): boolean {
  return item.template === ASSIGNMENT_ALERT_TEMPLATE;
}

/**
 * A state's label in the agenda's definition. Without the definition (or for a state it lacks) a
 * readable form of the id is the last resort — never the bare key when a label exists.
 */
export function stateLabel(definition: Pick<AgendaDefinition, 'workflow'> | null | undefined, state: string, lang: 'cs' | 'en'): string {
  const label = definition?.workflow.states.find((s) => s.id === state)?.label;
  return label?.[lang] ?? state.replace(/[-_]+/g, ' ');
}

const REASONS: Record<RequestVacancy['reason'], TranslationKey> = {
  nobody: 'admin.vacancies.reason.nobody',
  inactive: 'admin.vacancies.reason.inactive',
  fourEyes: 'admin.vacancies.reason.fourEyes',
};

export function reasonKey(reason: RequestVacancy['reason']): TranslationKey {
  return REASONS[reason] ?? 'admin.vacancies.reason.nobody';
}

const LINKS: Record<string, TranslationKey> = {
  deputy: 'admin.vacancies.link.deputy',
  filerDepartmentHead: 'admin.vacancies.link.filerDepartmentHead',
  parentDepartmentHead: 'admin.vacancies.link.parentDepartmentHead',
  director: 'admin.vacancies.link.director',
  agendaAdmin: 'admin.vacancies.link.agendaAdmin',
};

/** The resolution chain's link that found the fallback, in words ("vedoucí odboru podatele"). */
export function linkKey(link: string): TranslationKey {
  return LINKS[link] ?? 'admin.vacancies.link.other';
}

export function severityKey(severity: AgendaDirectoryWarning['severity']): TranslationKey {
  return severity === 'warning' ? 'admin.vacancies.severity.warning' : 'admin.vacancies.severity.error';
}

/** "role „Referent/ka agendy“" → "Role „Referent/ka agendy“" at the start of a table cell. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
