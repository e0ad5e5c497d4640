import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition } from '../definition.types';
import type { Party } from '../runtime.types';

const BUILT_IN_ROLE_NAMES: Record<string, LocalizedText> = {
  employee: { cs: 'Zaměstnanec', en: 'Employee' },
  manager: { cs: 'Vedoucí', en: 'Manager' },
  director: { cs: 'Ředitel/ka úřadu', en: 'Director' },
  'agenda-officer': { cs: 'Referent/ka agendy', en: 'Agenda officer' },
  'agenda-admin': { cs: 'Správce agend', en: 'Agenda administrator' },
  auditor: { cs: 'Auditor', en: 'Auditor' },
  'system-admin': { cs: 'Správce systému', en: 'System administrator' },
};

/** Names of departments and people for the texts; the code or id is shown when a name is unknown. */
export interface PartyNames {
  department?: (id: string) => string | undefined;
  user?: (id: string) => string | undefined;
}

export function roleName(definition: Pick<AgendaDefinition, 'roles'>, role: string): LocalizedText {
  return definition.roles.find((r) => r.code === role)?.name ?? BUILT_IN_ROLE_NAMES[role] ?? { cs: role, en: role };
}

/** "role „Právník“" / "head of department OD" / "Jan Novák". */
export function partyLabel(party: Party, definition: Pick<AgendaDefinition, 'roles'>, names: PartyNames = {}): LocalizedText {
  switch (party.kind) {
    case 'role': {
      const name = roleName(definition, party.role);
      return { cs: `role „${name.cs}“`, en: `role "${name.en}"` };
    }
    case 'departmentManager': {
      const dept = names.department?.(party.departmentId) ?? party.departmentId;
      return { cs: `vedoucí odboru ${dept}`, en: `head of department ${dept}` };
    }
    case 'user': {
      const user = names.user?.(party.userId) ?? party.userId;
      return { cs: user, en: user };
    }
  }
}

/** The party after "za" (for): "roli „Právník“", "vedoucího odboru OD", "Jan Novák". */
export function partyAfterFor(party: Party, definition: Pick<AgendaDefinition, 'roles'>, names: PartyNames = {}): LocalizedText {
  if (party.kind === 'role') {
    const name = roleName(definition, party.role);
    return { cs: `roli „${name.cs}“`, en: `role "${name.en}"` };
  }
  if (party.kind === 'departmentManager') {
    const dept = names.department?.(party.departmentId) ?? party.departmentId;
    return { cs: `vedoucího odboru ${dept}`, en: `the head of department ${dept}` };
  }
  return partyLabel(party, definition, names);
}

/**
 * On whose behalf a fallback acted, as the history and the audit say it: "za neobsazenou roli
 * „Právník“", "za neobsazené místo vedoucího odboru OD", "za nedostupného uživatele Jan Novák".
 */
export function vacantPartyPhrase(party: Party, definition: Pick<AgendaDefinition, 'roles'>, names: PartyNames = {}): LocalizedText {
  switch (party.kind) {
    case 'role': {
      const name = roleName(definition, party.role);
      return { cs: `za neobsazenou roli „${name.cs}“`, en: `for the vacant role "${name.en}"` };
    }
    case 'departmentManager': {
      const dept = names.department?.(party.departmentId) ?? party.departmentId;
      return { cs: `za neobsazené místo vedoucího odboru ${dept}`, en: `for the vacant head of department ${dept}` };
    }
    case 'user': {
      const user = names.user?.(party.userId) ?? party.userId;
      return { cs: `za nedostupného uživatele ${user}`, en: `for the unavailable user ${user}` };
    }
  }
}

/** Parses an engine party key (`role:legal`, `dept:<id>`, `user:<id>`) as stored in the history. */
export function partyFromKey(key: string): Party | undefined {
  const at = key.indexOf(':');
  const kind = key.slice(0, at);
  const value = key.slice(at + 1);
  if (at < 0 || value === '') return undefined;
  if (kind === 'role') return { kind: 'role', role: value };
  if (kind === 'dept') return { kind: 'departmentManager', departmentId: value };
  if (kind === 'user') return { kind: 'user', userId: value };
  return undefined;
}
