import type { AgendaDefinition } from '../definition.types';
import { ESCALATION_TEMPLATE, type Effect, type Fallback, type Party, type TransitionOutcome, type Vacancy, type WorkflowSnapshot } from '../runtime.types';
import { partyKey } from '../parties';
import { actingParties, type ActingParty } from './acting-parties';
import { fallbackChain, resolveVacancies, vacancyOf } from './resolve-vacancies';
import type { OfficeDirectory } from './office-directory';

/**
 * What the runtime must look up after the engine accepted an event: the parties of the new state
 * and of the effects (notifications, signers) whose holders the directory must confirm — or none,
 * when the event left the state's parties as they were (a saved draft, a vote) and the recorded
 * fallbacks still apply.
 */
export interface AssignmentPlan {
  acting: ActingParty[];
  /** Parties the directory is needed for; empty when nothing needs looking up. */
  lookup: Party[];
}

export function planAssignment(definition: AgendaDefinition, previous: WorkflowSnapshot | undefined, outcome: TransitionOutcome): AssignmentPlan {
  const snap = outcome.snapshot;
  const acting = actingParties(definition, snap);
  const addressed = effectParties(outcome.effects).filter((p) => !(p.kind === 'user' && p.userId === snap.request.filerId));
  const sameEntry = previous !== undefined && previous.state === snap.state && previous.stateEnteredAt === snap.stateEnteredAt;
  const before = new Set(sameEntry ? actingParties(definition, previous).map(actingKey) : []);
  const unchanged = sameEntry && acting.every((p) => before.has(actingKey(p)));
  if (unchanged && addressed.length === 0) return { acting, lookup: [] };
  const lookup = new Map<string, Party>();
  for (const p of [...acting.map((a) => a.party), ...addressed]) lookup.set(partyKey(p), p);
  return { acting, lookup: [...lookup.values()] };
}

/** A vacancy that appeared with this event: the agenda's administrators are told about it. */
export interface AssignmentAlert extends Vacancy {
  /** Who stands in (empty: nobody — the request waits on a party nobody can act for). */
  fallbackUserIds: string[];
  link?: Fallback['link'];
}

export interface CompletedAssignment {
  outcome: TransitionOutcome;
  alerts: AssignmentAlert[];
}

/**
 * Records the fallbacks of the new state in the snapshot (the engine honours them from the next
 * event on), adds the fallbacks of vacant recipients to notifications, gives a vacant signer's
 * signature to the first person of the chain, and lists the vacancies this event created.
 * `directory` must cover `plan.lookup` (the runtime reads that slice in the transaction); with an
 * empty lookup it is not read and the previous fallbacks of the remaining parties are kept.
 */
export function completeAssignment(
  definition: AgendaDefinition,
  previous: WorkflowSnapshot | undefined,
  outcome: TransitionOutcome,
  plan: AssignmentPlan,
  directory: OfficeDirectory,
): CompletedAssignment {
  const snap: WorkflowSnapshot = { ...outcome.snapshot };
  const request = snap.request;
  const keys = new Set(plan.acting.map((a) => partyKey(a.party)));
  if (plan.lookup.length === 0) {
    setResolution(
      snap,
      (snap.fallbacks ?? []).filter((f) => keys.has(partyKey(f.party))),
      (snap.unassigned ?? []).filter((v) => keys.has(partyKey(v.party))),
    );
    return { outcome: { ...outcome, snapshot: snap }, alerts: [] };
  }
  const resolved = resolveVacancies(definition, request, plan.acting, directory);
  setResolution(snap, resolved.fallbacks, resolved.unassigned);

  const standIns = (party: Party): string[] => {
    const key = partyKey(party);
    const recorded = resolved.fallbacks.filter((f) => partyKey(f.party) === key).map((f) => f.userId);
    if (recorded.length > 0) return recorded;
    if (!vacancyOf(definition, request, party, false, directory)) return [];
    return fallbackChain(definition, request, party, directory)?.users.map((u) => u.id) ?? [];
  };
  const effects = outcome.effects.map((e) => withStandIns(e, standIns));

  const sameEntry = previous !== undefined && previous.state === snap.state && previous.stateEnteredAt === snap.stateEnteredAt;
  const known = new Set(sameEntry ? [...(previous.fallbacks ?? []), ...(previous.unassigned ?? [])].map((v) => partyKey(v.party)) : []);
  const alerts: AssignmentAlert[] = [];
  for (const vacancy of [...resolved.fallbacks, ...resolved.unassigned]) {
    const key = partyKey(vacancy.party);
    if (known.has(key)) continue;
    known.add(key);
    const standing = resolved.fallbacks.filter((f) => partyKey(f.party) === key);
    alerts.push({
      party: vacancy.party,
      reason: vacancy.reason,
      fallbackUserIds: standing.map((f) => f.userId),
      ...(standing[0] ? { link: standing[0].link } : {}),
    });
  }
  return { outcome: { ...outcome, snapshot: snap, effects }, alerts };
}

function setResolution(snap: WorkflowSnapshot, fallbacks: Fallback[], unassigned: Vacancy[]): void {
  if (fallbacks.length > 0) snap.fallbacks = fallbacks;
  else delete snap.fallbacks;
  if (unassigned.length > 0) snap.unassigned = unassigned;
  else delete snap.unassigned;
}

/** Notifications reach the stand-ins of vacant recipients too; a vacant signer's turn goes to the first stand-in. */
function withStandIns(effect: Effect, standIns: (party: Party) => string[]): Effect {
  if (effect.type === 'notify') {
    const recipients = [...effect.recipients];
    const seen = new Set(recipients.map(partyKey));
    for (const party of effect.recipients) {
      for (const userId of standIns(party)) {
        const extra: Party = { kind: 'user', userId };
        if (!seen.has(partyKey(extra))) {
          seen.add(partyKey(extra));
          recipients.push(extra);
        }
      }
    }
    return recipients.length === effect.recipients.length ? effect : { ...effect, recipients };
  }
  if (effect.type === 'requestSignatures') {
    let changed = false;
    const signers = effect.signers.map((s) => {
      const first = s.party ? standIns(s.party)[0] : undefined;
      if (!first) return s;
      changed = true;
      return { ...s, party: { kind: 'user' as const, userId: first } };
    });
    return changed ? { ...effect, signers } : effect;
  }
  return effect;
}

function effectParties(effects: readonly Effect[]): Party[] {
  const parties: Party[] = [];
  for (const e of effects) {
    if (e.type === 'notify') parties.push(...e.recipients);
    else if (e.type === 'requestSignatures') for (const s of e.signers) if (s.party) parties.push(s.party);
  }
  return parties;
}

function actingKey(p: ActingParty): string {
  return `${p.as}|${partyKey(p.party)}|${p.fourEyes}`;
}

/** Everyone an escalation in this outcome is addressed to (stand-ins included). */
export function escalationRecipients(outcome: TransitionOutcome): Party[] {
  return outcome.effects.flatMap((e) => (e.type === 'notify' && e.template === ESCALATION_TEMPLATE ? e.recipients : []));
}
