import type { LdapConfig } from '@agendy/server/core';
import type { Role } from '@agendy/shared/contracts';

/** An LDAP entry as ldapjs 2 gives it: single values as strings, repeated ones as arrays. */
export type LdapEntry = { dn: string } & Record<string, unknown>;

/** What Agendy keeps about a directory user, independent of OpenLDAP vs. Active Directory. */
export interface DirectoryProfile {
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
  title: string | null;
  /** The department attribute's value: a code (`OINF`) or a name (AD's `department`). */
  department: string | null;
  managerDn: string | null;
  /** Group names and DNs, for matching role mappings. */
  groups: string[];
}

export function firstValue(entry: Record<string, unknown>, attribute: string): string | null {
  // Attribute names are case-insensitive in LDAP; AD answers `sAMAccountName`, config may say `samaccountname`.
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? undefined : entry[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function toDirectoryProfile(entry: LdapEntry, groups: LdapEntry[], config: LdapConfig): DirectoryProfile | null {
  const a = config.attributes;
  const username = firstValue(entry, a.username)?.toLowerCase();
  if (!username) return null;
  const groupKeys = new Set<string>();
  for (const g of groups) {
    groupKeys.add(g.dn);
    const name = firstValue(g, a.groupName);
    if (name) groupKeys.add(name);
  }
  return {
    dn: entry.dn,
    username,
    displayName: firstValue(entry, a.displayName) ?? username,
    email: firstValue(entry, a.email),
    title: firstValue(entry, a.title),
    department: firstValue(entry, a.department),
    managerDn: firstValue(entry, a.manager),
    groups: [...groupKeys].sort(),
  };
}

/**
 * Roles of a directory user: everyone is an `employee`; groups add roles through the mappings
 * (environment and database), matched case-insensitively on the group's name or DN.
 */
export function rolesFromGroups(groups: readonly string[], mappings: ReadonlyArray<{ group: string; role: Role }>): Role[] {
  const held = new Set(groups.map((g) => g.toLowerCase()));
  const roles = new Set<Role>(['employee']);
  for (const m of mappings) if (held.has(m.group.toLowerCase())) roles.add(m.role);
  return [...roles].sort();
}
