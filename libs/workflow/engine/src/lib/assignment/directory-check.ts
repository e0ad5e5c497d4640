import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition, ApprovalDefinition, EffectDefinition, PartyRule } from '../definition.types';
import type { Party } from '../runtime.types';
import { fromStates } from '../compiled-definition';
import { fallbackChain } from './resolve-vacancies';
import { holdersOf, type DirectoryUser, type OfficeDirectory } from './office-directory';
import { partyLabel, type PartyNames } from './party-labels';

export type DirectoryFindingCode =
  | 'NOBODY_HOLDS_ROLE'
  | 'ROLE_HOLDERS_INACTIVE'
  | 'NO_DEPARTMENT_HEAD'
  | 'USER_UNAVAILABLE'
  | 'SINGLE_HOLDER_FOUR_EYES'
  | 'GROUP_HAS_NO_MEMBERS'
  | 'GROUP_MEMBERS_INACTIVE'
  | 'QUORUM_EXCEEDS_GROUP';

/**
 * A party of a state that resolves to nobody in the current directory (`error`), or one the
 * four-eyes rule would leave vacant when its only holder files (`warning`). At run time the
 * resolution chain then routes the work to a fallback — `fallback` says to whom, as far as it can
 * be known without a filer — but the directory should be fixed.
 */
export interface DirectoryFinding {
  severity: 'error' | 'warning';
  code: DirectoryFindingCode;
  state: string;
  /** JSON pointer to the rule naming the party in the definition. */
  path: string;
  message: LocalizedText;
  fallback?: LocalizedText;
}

interface NamedRule {
  rule: PartyRule;
  path: string;
  fourEyes: boolean;
}

/**
 * Every party every non-final state of the agenda addresses — assignment, voters, deadline
 * recipients, effects on entry, the `who` of its steps and their effects — checked against the
 * directory. Parties from form fields (`userFromField`) and the filer are known only at run time.
 */
export function checkAgainstDirectory(definition: AgendaDefinition, directory: OfficeDirectory): DirectoryFinding[] {
  const names = directoryNames(directory);
  const findings: DirectoryFinding[] = [];
  const seen = new Set<string>();
  definition.workflow.states.forEach((state, i) => {
    if (state.final) return;
    const base = `/workflow/states/${i}`;
    const rules: NamedRule[] = [];
    const push = (list: readonly PartyRule[] | undefined, path: string, fourEyes = false) =>
      (list ?? []).forEach((rule, j) => rules.push({ rule, path: `${path}/${j}`, fourEyes }));
    push(state.assignTo, `${base}/assignTo`);
    push(state.approval?.participants, `${base}/approval/participants`, state.approval?.forbidFiler === true);
    push(state.deadline?.escalateTo, `${base}/deadline/escalateTo`);
    push(state.deadline?.remindTo, `${base}/deadline/remindTo`);
    effectRules(state.onEnter, `${base}/onEnter`, rules);
    effectRules(state.approval?.onVote, `${base}/approval/onVote`, rules);
    definition.workflow.transitions.forEach((t, k) => {
      if (!fromStates(t).includes(state.id)) return;
      t.who.forEach((rule, j) => {
        if ('role' in rule || 'managerOfFiler' in rule || 'user' in rule) rules.push({ rule, path: `/workflow/transitions/${k}/who/${j}`, fourEyes: t.forbidFiler === true });
      });
      effectRules(t.effects, `/workflow/transitions/${k}/effects`, rules);
    });
    if (state.approval?.mode === 'quorum' || state.approval?.mode === 'all') {
      const quorum = quorumOverGroup(state.approval, directory, state.id, `${base}/approval`);
      if (quorum) findings.push(quorum);
    }
    for (const named of rules) {
      for (const finding of checkRule(definition, directory, names, state.id, named)) {
        const key = `${state.id}|${finding.code}|${finding.message.en}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(finding);
      }
    }
  });
  return findings;
}

function effectRules(effects: readonly EffectDefinition[] | undefined, path: string, into: NamedRule[]): void {
  (effects ?? []).forEach((e, i) => {
    if (e.type === 'notify' || e.type === 'assign') e.to.forEach((rule, j) => into.push({ rule, path: `${path}/${i}/to/${j}`, fourEyes: false }));
    if (e.type === 'requestSignatures') e.signers.forEach((s, j) => s.who && into.push({ rule: s.who, path: `${path}/${i}/signers/${j}/who`, fourEyes: false }));
  });
}

/** Group members in the directory (active or not). */
function membersOf(directory: OfficeDirectory, group: string): DirectoryUser[] {
  const key = group.toLowerCase();
  return directory.users.filter((u) => u.groups.includes(key));
}

/** A k-of-n vote over the members of a group that has fewer than k members: it could never pass. */
function quorumOverGroup(approval: ApprovalDefinition, directory: OfficeDirectory, state: string, path: string): DirectoryFinding | undefined {
  const groups = approval.participants.filter((p): p is { membersOfGroup: string } => 'membersOfGroup' in p);
  if (groups.length === 0 || groups.length !== approval.participants.length || approval.mode !== 'quorum') return undefined;
  const members = new Set(groups.flatMap((g) => membersOf(directory, g.membersOfGroup).map((u) => u.id)));
  const quorum = approval.quorum ?? members.size;
  if (members.size >= quorum) return undefined;
  const list = groups.map((g) => g.membersOfGroup).join(', ');
  return {
    severity: 'error',
    code: 'QUORUM_EXCEEDS_GROUP',
    state,
    path: `${path}/quorum`,
    message: {
      cs: `Kvórum ${quorum} je vyšší než počet členů skupiny ${list} (${members.size}): hlasování by nikdy neprošlo.`,
      en: `Quorum ${quorum} exceeds the number of members of group ${list} (${members.size}): the vote could never pass.`,
    },
  };
}

function checkRule(definition: AgendaDefinition, directory: OfficeDirectory, names: PartyNames, state: string, named: NamedRule): DirectoryFinding[] {
  const { rule, path, fourEyes } = named;
  const at = { state, path };
  if ('membersOfGroup' in rule) {
    const members = membersOf(directory, rule.membersOfGroup);
    const inactive = members.filter((u) => !u.active);
    if (members.length === 0 || inactive.length === members.length) {
      return [
        {
          severity: 'error',
          code: 'GROUP_HAS_NO_MEMBERS',
          ...at,
          message: {
            cs: `Skupina ${rule.membersOfGroup} nemá v adresáři žádného aktivního člena.`,
            en: `Group ${rule.membersOfGroup} has no active member in the directory.`,
          },
        },
      ];
    }
    if (inactive.length > 0) {
      return [
        {
          severity: 'warning',
          code: 'GROUP_MEMBERS_INACTIVE',
          ...at,
          message: {
            cs: `Ve skupině ${rule.membersOfGroup} jsou neaktivní členové (${people(inactive)}); za ně jedná náhradník podle řetězce zastoupení.`,
            en: `Group ${rule.membersOfGroup} has inactive members (${people(inactive)}); the resolution chain's fallback acts for them.`,
          },
          ...fallbackOf(definition, directory, { kind: 'user', userId: inactive[0].id }),
        },
      ];
    }
    return [];
  }
  if ('role' in rule) {
    const party: Party = { kind: 'role', role: rule.role };
    const label = partyLabel(party, definition, names);
    const holders = holdersOf(directory, definition, party);
    const active = holders.filter((u) => u.active);
    if (active.length === 0) {
      const inactive = holders.length > 0;
      return [
        {
          severity: 'error',
          code: inactive ? 'ROLE_HOLDERS_INACTIVE' : 'NOBODY_HOLDS_ROLE',
          ...at,
          message: inactive
            ? { cs: `${cap(label.cs)} mají jen neaktivní uživatelé (${people(holders)}).`, en: `${cap(label.en)} is held by inactive users only (${people(holders)}).` }
            : { cs: `${cap(label.cs)} nikdo nezastává.`, en: `Nobody holds ${label.en}.` },
          ...fallbackOf(definition, directory, party),
        },
      ];
    }
    if (fourEyes && active.length === 1) {
      return [
        {
          severity: 'warning',
          code: 'SINGLE_HOLDER_FOUR_EYES',
          ...at,
          message: {
            cs: `${cap(label.cs)} má jediná osoba (${people(active)}); podá-li žádost sama, pravidlo čtyř očí ji vyloučí.`,
            en: `${cap(label.en)} has a single holder (${people(active)}); when they file, the four-eyes rule excludes them.`,
          },
          ...fallbackOf(definition, directory, party, active[0].id),
        },
      ];
    }
    return [];
  }
  if ('managerOfFiler' in rule || 'departmentManagersFromField' in rule) {
    // The filer's department: any department people work in; a field: any department at all.
    const candidates = 'managerOfFiler' in rule ? directory.departments.filter((d) => directory.users.some((u) => u.active && u.departmentId === d.id)) : directory.departments;
    return candidates
      .filter((d) => !directory.users.some((u) => u.active && u.id === d.headUserId))
      .map((d) => {
        const party: Party = { kind: 'departmentManager', departmentId: d.id };
        const label = partyLabel(party, definition, names);
        return {
          severity: 'error' as const,
          code: 'NO_DEPARTMENT_HEAD' as const,
          ...at,
          message: { cs: `Odbor ${names.department?.(d.id) ?? d.id} nemá aktivního vedoucího (${label.cs}).`, en: `Department ${names.department?.(d.id) ?? d.id} has no active head (${label.en}).` },
          ...fallbackOf(definition, directory, party, undefined, d.id),
        };
      });
  }
  if ('user' in rule) {
    const user = directory.users.find((u) => u.id === rule.user || u.username === rule.user);
    if (user?.active) return [];
    return [
      {
        severity: 'error',
        code: 'USER_UNAVAILABLE',
        ...at,
        message: user
          ? { cs: `Uživatel ${people([user])} není aktivní.`, en: `User ${people([user])} is not active.` }
          : { cs: `Uživatel ${rule.user} v adresáři není.`, en: `User ${rule.user} is not in the directory.` },
        ...fallbackOf(definition, directory, { kind: 'user', userId: rule.user }),
      },
    ];
  }
  return [];
}

/** The chain as far as it is known without a filer (a filer's department head comes first at run time). */
function fallbackOf(definition: AgendaDefinition, directory: OfficeDirectory, party: Party, filerId = '', filerDepartmentId = ''): { fallback?: LocalizedText } {
  const found = fallbackChain(definition, { filerId, filerDepartmentId }, party, directory);
  if (!found) return { fallback: { cs: 'nikdo – agenda nemá ani správce', en: 'nobody – the agenda has no administrator either' } };
  const link = LINK_NAMES[found.link];
  return { fallback: { cs: `${link.cs}: ${people(found.users)}`, en: `${link.en}: ${people(found.users)}` } };
}

const LINK_NAMES: Record<string, LocalizedText> = {
  deputy: { cs: 'zástupce držitele', en: "a holder's deputy" },
  filerDepartmentHead: { cs: 'vedoucí odboru podatele', en: "head of the filer's department" },
  parentDepartmentHead: { cs: 'vedoucí nadřízeného odboru', en: 'head of the department above' },
  director: { cs: 'ředitel/ka úřadu', en: 'the director' },
  agendaAdmin: { cs: 'správci agendy', en: "the agenda's administrators" },
};

/** How the chain's links are called in messages. */
export function fallbackLinkName(link: string): LocalizedText {
  return LINK_NAMES[link] ?? { cs: link, en: link };
}

function people(users: readonly DirectoryUser[]): string {
  return users.map((u) => u.displayName ?? u.username ?? u.id).join(', ');
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function directoryNames(directory: OfficeDirectory): PartyNames {
  return {
    department: (id) => directory.departments.find((d) => d.id === id)?.code,
    user: (id) => {
      const u = directory.users.find((x) => x.id === id);
      return u?.displayName ?? u?.username;
    },
  };
}
