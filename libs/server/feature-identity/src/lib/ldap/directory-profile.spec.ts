import { loadConfig } from '@agendy/server/core';
import { rolesFromGroups, toDirectoryProfile } from './directory-profile';

const maybeLdap = loadConfig({ DATABASE_URL: 'postgres://x@y/z', AUTH_MODE: 'ldap', LDAP_URL: 'ldap://d', LDAP_SEARCH_BASE: 'dc=x', LDAP_ATTR_USERNAME: 'sAMAccountName', LDAP_ATTR_DEPARTMENT: 'department' }).auth.ldap;
if (!maybeLdap) throw new Error('LDAP config expected');
const ldap = maybeLdap;

describe('toDirectoryProfile', () => {
  it('reads an Active Directory entry with diacritics, case-insensitive attribute names and group names', () => {
    const profile = toDirectoryProfile(
      { dn: 'CN=Říha Tomáš,OU=Lide,DC=kraj,DC=cz', samaccountname: 'TRiha', cn: 'Tomáš Říha', mail: ['tomas.riha@kraj.cz', 'alias@kraj.cz'], department: 'Odbor dopravy', manager: 'CN=Kučerová Zuzana,OU=Lide,DC=kraj,DC=cz' },
      [{ dn: 'CN=Vedouci,OU=Skupiny,DC=kraj,DC=cz', cn: 'Vedouci' }],
      ldap,
    );
    expect(profile).toEqual({
      dn: 'CN=Říha Tomáš,OU=Lide,DC=kraj,DC=cz',
      username: 'triha',
      displayName: 'Tomáš Říha',
      email: 'tomas.riha@kraj.cz',
      title: null,
      department: 'Odbor dopravy',
      managerDn: 'CN=Kučerová Zuzana,OU=Lide,DC=kraj,DC=cz',
      groups: ['CN=Vedouci,OU=Skupiny,DC=kraj,DC=cz', 'Vedouci'],
    });
  });

  it('refuses an entry without a username', () => {
    expect(toDirectoryProfile({ dn: 'cn=x' }, [], ldap)).toBeNull();
  });
});

describe('rolesFromGroups', () => {
  it('always gives employee and maps groups by name or DN, ignoring case', () => {
    const map = [
      { group: 'spravci', role: 'agenda-admin' as const },
      { group: 'cn=vedouci,ou=skupiny,dc=kraj,dc=cz', role: 'manager' as const },
      { group: 'auditori', role: 'auditor' as const },
    ];
    expect(rolesFromGroups(['SPRAVCI', 'CN=Vedouci,OU=Skupiny,DC=kraj,DC=cz'], map)).toEqual(['agenda-admin', 'employee', 'manager']);
    expect(rolesFromGroups([], map)).toEqual(['employee']);
  });
});
