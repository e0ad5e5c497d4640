import type { EntityManager } from 'typeorm';
import { loadDirectorySlice } from '@agendy/server/feature-agendas';
import {
  completeAssignment,
  directoryNames,
  fallbackLinkName,
  isAgendaAdministrator,
  partyAfterFor,
  planAssignment,
  type AgendaDefinition,
  type AssignmentAlert,
  type Effect,
  type OfficeDirectory,
  type Party,
  type TransitionOutcome,
  type WorkflowSnapshot,
} from '@agendy/workflow/engine';
import type { LocalizedText } from '@agendy/shared/util';

const NO_DIRECTORY: OfficeDirectory = { users: [], departments: [], grants: [], substitutions: [] };

/** Template of the notification the agenda's administrators get when work would go to nobody. */
export const ASSIGNMENT_ALERT_TEMPLATE = 'assignment-alert';

/**
 * Assignment never routes to nobody (issue 19): after the engine accepted an event, the parties of
 * the new state are checked against the directory — read here with the transition's own manager,
 * inside its transaction — and the resolution chain's fallbacks recorded in the snapshot, so the
 * engine lets them act, the inbox shows them the task and visibility follows. Notifications to
 * vacant recipients reach the fallbacks too; every vacancy that appears is told to the agenda's
 * administrators in the same transaction (an outbox notification: delivered within seconds).
 */
export async function assignOutcome(em: EntityManager, definition: AgendaDefinition, previous: WorkflowSnapshot | undefined, outcome: TransitionOutcome): Promise<TransitionOutcome> {
  const plan = planAssignment(definition, previous, outcome);
  const directory = plan.lookup.length === 0 ? NO_DIRECTORY : await loadDirectorySlice(em, definition, outcome.snapshot.request.filerId, plan.lookup);
  const { outcome: assigned, alerts } = completeAssignment(definition, previous, outcome, plan, directory);
  if (alerts.length === 0) return assigned;
  const alert = alertEffect(definition, assigned, alerts, directory);
  return alert ? { ...assigned, effects: [...assigned.effects, alert] } : assigned;
}

/**
 * One notification for the agenda's administrators (global agenda-admin role or the agenda's admin
 * grant); when the agenda has none, for the system administrators — the text names the agenda,
 * the reference and the parties only, no case content.
 */
function alertEffect(definition: AgendaDefinition, outcome: TransitionOutcome, alerts: readonly AssignmentAlert[], directory: OfficeDirectory): Effect | undefined {
  const snap = outcome.snapshot;
  const admins = directory.users.filter((u) => u.active && isAgendaAdministrator(u, definition.code, directory.grants));
  const recipients = (admins.length > 0 ? admins : directory.users.filter((u) => u.active && u.roles.includes('system-admin'))).map(
    (u): Party => ({ kind: 'user', userId: u.id }),
  );
  if (recipients.length === 0) return undefined;
  const names = directoryNames(directory);
  const lines = alerts.map((a) => describeAlert(definition, a, names));
  const reference = snap.request.reference ?? snap.request.id;
  const state = definition.workflow.states.find((s) => s.id === snap.state)?.label ?? { cs: snap.state, en: snap.state };
  return {
    id: `${snap.request.id}/${snap.version}/${outcome.effects.length}`,
    requestId: snap.request.id,
    type: 'notify',
    recipients,
    template: ASSIGNMENT_ALERT_TEMPLATE,
    message: {
      cs: `Žádost ${reference} (${definition.name.cs}, stav „${state.cs}“): ${lines.map((l) => l.cs).join(' ')} Doplňte prosím obsazení v adresáři nebo v agendě.`,
      en: `Request ${reference} (${definition.name.en}, state "${state.en}"): ${lines.map((l) => l.en).join(' ')} Please fill the role in the directory or the agenda.`,
    },
  };
}

const REASONS: Record<AssignmentAlert['reason'], LocalizedText> = {
  nobody: { cs: 'nikdo tuto funkci nezastává', en: 'nobody holds it' },
  inactive: { cs: 'nikdo z jejích držitelů není aktivní', en: 'its holders are inactive' },
  fourEyes: { cs: 'jediný držitel je podatel a pravidlo čtyř očí ho vylučuje', en: 'its only holder is the filer, excluded by the four-eyes rule' },
};

function describeAlert(definition: AgendaDefinition, alert: AssignmentAlert, names: ReturnType<typeof directoryNames>): LocalizedText {
  const party = partyAfterFor(alert.party, definition, names);
  const reason = REASONS[alert.reason];
  if (alert.fallbackUserIds.length === 0 || !alert.link) {
    return { cs: `Za ${party.cs} nemůže nikdo jednat (${reason.cs}) a nikdo ji nepřevzal – žádost čeká.`, en: `Nobody can act for ${party.en} (${reason.en}) and nobody took it over – the request waits.` };
  }
  const who = alert.fallbackUserIds.map((id) => names.user?.(id) ?? id).join(', ');
  const link = fallbackLinkName(alert.link);
  return { cs: `Za ${party.cs} nemůže nikdo jednat (${reason.cs}); úkol převzal(a) ${who} (${link.cs}).`, en: `Nobody can act for ${party.en} (${reason.en}); ${who} took it over (${link.en}).` };
}
