import {
  addBusinessDays,
  addDays,
  endOfPragueDay,
  isLocalDate,
  pragueLocalToInstant,
  toPragueDate,
} from '@agendy/shared/util';
import type { DeadlineDefinition } from './definition.types';
import type { DeadlineRecord, Party, WorkflowSnapshot } from './runtime.types';
import { partyKey } from './parties';

/** Reminders go out when the office opens, not at midnight. */
const REMINDER_HOUR = 8;

/**
 * Opens the deadline of a state entered at `now`. Business-day deadlines count on the Czech
 * calendar; calendar-day (statutory) deadlines that end on a weekend or holiday move to the
 * next business day, as § 40 of the Administrative Procedure Code does.
 */
export function openDeadline(
  definition: DeadlineDefinition,
  state: string,
  version: number,
  now: Date,
  remindTo: Party[] | 'assignees',
  escalateTo: Party[],
  periodStart?: unknown,
): DeadlineRecord {
  // A period may run from a date in the form (e.g. conclusion of a contract) rather than from now.
  const startDate = isLocalDate(periodStart) ? periodStart : toPragueDate(now);
  const dueDate =
    definition.businessDays !== undefined
      ? addBusinessDays(startDate, definition.businessDays)
      : addBusinessDays(addDays(startDate, definition.calendarDays ?? 0), 0);
  const dueAt = endOfPragueDay(dueDate);
  const escalateAfter = definition.escalateAfterBusinessDays ?? 0;
  const escalateAt = escalateAfter > 0 ? endOfPragueDay(addBusinessDays(dueDate, escalateAfter)) : dueAt;
  const record: DeadlineRecord = {
    id: `${state}@${version}`,
    state,
    startedAt: now.toISOString(),
    dueAt: dueAt.toISOString(),
    escalateAt: escalateAt.toISOString(),
    remindTo,
    escalateTo,
    reassignOnEscalation: definition.reassignOnEscalation ?? false,
  };
  if (definition.remindBeforeBusinessDays !== undefined) {
    const remindAt = pragueLocalToInstant(addBusinessDays(dueDate, -definition.remindBeforeBusinessDays), REMINDER_HOUR);
    // A reminder that would fall before the state was even entered is pointless.
    if (remindAt.getTime() > now.getTime()) record.remindAt = remindAt.toISOString();
  }
  return record;
}

/**
 * Whom a reminder without `remindTo` goes to: the request's assignees and, in a state that votes,
 * everyone whose vote is still open (a committee has no assignee, its members have the task).
 */
export function remindedByDefault(snapshot: Pick<WorkflowSnapshot, 'assignees' | 'approval'>): Party[] {
  const parties = [...snapshot.assignees];
  const keys = new Set(parties.map(partyKey));
  for (const slot of snapshot.approval?.slots ?? []) {
    if (slot.vote || keys.has(partyKey(slot.party))) continue;
    keys.add(partyKey(slot.party));
    parties.push(slot.party);
  }
  return parties;
}
