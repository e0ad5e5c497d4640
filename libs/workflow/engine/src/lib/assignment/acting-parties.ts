import type { ActorRule, AgendaDefinition } from '../definition.types';
import type { Party, WorkflowSnapshot } from '../runtime.types';
import { compileDefinition } from '../compiled-definition';
import { filerManagerParty, partyKey } from '../parties';

/** A party the current state waits on: the request is on its desk, or it has a vote to cast. */
export interface ActingParty {
  party: Party;
  as: 'work' | 'vote';
  /**
   * The four-eyes rule keeps the filer from acting for it (an approval with `forbidFiler`, or a
   * step of the state with `forbidFiler` that this party may take): the filer as its only holder
   * leaves it vacant.
   */
  fourEyes: boolean;
}

type Snapshot = Pick<WorkflowSnapshot, 'state' | 'final' | 'request' | 'assignees' | 'approval'>;

/**
 * The parties the request waits on in its current state: assignees and the open vote slots. The
 * filer's own desk is not among them — nobody stands in for the filer in their own request.
 */
export function actingParties(definition: AgendaDefinition, snapshot: Snapshot): ActingParty[] {
  if (snapshot.final) return [];
  const compiled = compileDefinition(definition);
  const filerKey = partyKey({ kind: 'user', userId: snapshot.request.filerId });
  const steps = compiled.transitionsFrom.get(snapshot.state) ?? [];
  const result: ActingParty[] = [];
  const seen = new Set<string>();
  const add = (party: Party, as: ActingParty['as'], fourEyes: boolean) => {
    const key = `${as}|${partyKey(party)}`;
    if (partyKey(party) === filerKey || seen.has(key)) return;
    seen.add(key);
    result.push({ party, as, fourEyes });
  };
  for (const party of snapshot.assignees) {
    add(party, 'work', steps.some((t) => t.forbidFiler === true && t.who.some((rule) => ruleCovers(rule, party, snapshot))));
  }
  const approval = compiled.states.get(snapshot.state)?.approval;
  for (const slot of snapshot.approval?.slots ?? []) {
    if (!slot.vote) add(slot.party, 'vote', approval?.forbidFiler === true);
  }
  return result;
}

/** Whether whoever acts for `party` may take a step with this `who` rule. */
function ruleCovers(rule: ActorRule, party: Party, snapshot: Snapshot): boolean {
  if ('assignee' in rule) return true;
  if ('role' in rule) return party.kind === 'role' && party.role === rule.role;
  if ('user' in rule) return party.kind === 'user' && party.userId === rule.user;
  if ('managerOfFiler' in rule) return partyKey(party) === partyKey(filerManagerParty(snapshot.request));
  return false;
}
