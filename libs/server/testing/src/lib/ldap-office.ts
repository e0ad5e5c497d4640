/**
 * A small office in the test directory: 3 departments (one with a section) and the director's
 * office, 15 people with Czech names, groups for managers, the director, admins, officers and
 * auditors, and one disabled account (`employeeType: disabled`, excluded by the search filter).
 */
export const LDAP_TEST_BASE_DN = 'dc=agendy,dc=test';
export const LDAP_PEOPLE_DN = `ou=people,${LDAP_TEST_BASE_DN}`;
export const LDAP_GROUPS_DN = `ou=groups,${LDAP_TEST_BASE_DN}`;
export const LDAP_ORG_DN = `ou=org,${LDAP_TEST_BASE_DN}`;

/** Excludes the disabled account; the same filter serves login and the session re-check. */
export const LDAP_TEST_SEARCH_FILTER = '(&(objectClass=inetOrgPerson)(uid={{username}})(!(employeeType=disabled)))';

export const LDAP_TEST_ROLE_MAP = 'vedouci:manager,reditel:director,spravci-agend:agenda-admin,referenti-agend:agenda-officer,auditori:auditor,spravci-systemu:system-admin';

export interface OfficePerson {
  uid: string;
  cn: string;
  sn: string;
  givenName: string;
  title: string;
  department: string;
  manager?: string;
  disabled?: boolean;
}

export interface OfficeUnit {
  code: string;
  name: string;
  parent?: string;
  head?: string;
}

export const OFFICE_UNITS: OfficeUnit[] = [
  { code: 'KR', name: 'Kancelář ředitele krajského úřadu', head: 'pstastny' },
  { code: 'OINF', name: 'Odbor informatiky', head: 'jdvorakova' },
  { code: 'OINF-PROV', name: 'Oddělení provozu informačních systémů', parent: 'OINF', head: 'pcerny' },
  { code: 'OD', name: 'Odbor dopravy', head: 'zkucerova' },
  { code: 'OE', name: 'Odbor ekonomický', head: 'ppokorna' },
];

export const OFFICE_PEOPLE: OfficePerson[] = [
  { uid: 'pstastny', cn: 'Petr Šťastný', sn: 'Šťastný', givenName: 'Petr', title: 'ředitel krajského úřadu', department: 'KR' },
  { uid: 'jdvorakova', cn: 'Jana Dvořáková', sn: 'Dvořáková', givenName: 'Jana', title: 'vedoucí odboru informatiky', department: 'OINF', manager: 'pstastny' },
  { uid: 'jnovak', cn: 'Jan Novák', sn: 'Novák', givenName: 'Jan', title: 'referent', department: 'OINF', manager: 'jdvorakova' },
  { uid: 'pcerny', cn: 'Pavel Černý', sn: 'Černý', givenName: 'Pavel', title: 'vedoucí oddělení provozu', department: 'OINF-PROV', manager: 'jdvorakova' },
  { uid: 'mhorakova', cn: 'Marie Horáková', sn: 'Horáková', givenName: 'Marie', title: 'správkyně sítě', department: 'OINF-PROV' },
  { uid: 'lcerna', cn: 'Lucie Černá', sn: 'Černá', givenName: 'Lucie', title: 'správkyně agend', department: 'OINF', manager: 'jdvorakova' },
  { uid: 'ohajek', cn: 'Ondřej Hájek', sn: 'Hájek', givenName: 'Ondřej', title: 'správce systému', department: 'OINF', manager: 'jdvorakova' },
  { uid: 'zkucerova', cn: 'Zuzana Kučerová', sn: 'Kučerová', givenName: 'Zuzana', title: 'vedoucí odboru dopravy', department: 'OD', manager: 'pstastny' },
  { uid: 'triha', cn: 'Tomáš Říha', sn: 'Říha', givenName: 'Tomáš', title: 'referent', department: 'OD', manager: 'zkucerova' },
  { uid: 'ljelinek', cn: 'Lukáš Jelínek', sn: 'Jelínek', givenName: 'Lukáš', title: 'referent dopravních agend', department: 'OD', manager: 'zkucerova' },
  { uid: 'ppokorna', cn: 'Pavla Pokorná', sn: 'Pokorná', givenName: 'Pavla', title: 'vedoucí odboru ekonomického', department: 'OE', manager: 'pstastny' },
  { uid: 'vsvoboda', cn: 'Václav Svoboda', sn: 'Svoboda', givenName: 'Václav', title: 'účetní', department: 'OE', manager: 'ppokorna' },
  { uid: 'emarkova', cn: 'Eliška Marková', sn: 'Marková', givenName: 'Eliška', title: 'referentka dotací', department: 'OE', manager: 'ppokorna' },
  { uid: 'kbenesova', cn: 'Kateřina Benešová', sn: 'Benešová', givenName: 'Kateřina', title: 'interní auditorka', department: 'KR', manager: 'pstastny' },
  { uid: 'rdolezal', cn: 'Radek Doležal', sn: 'Doležal', givenName: 'Radek', title: 'referent', department: 'OD', manager: 'zkucerova', disabled: true },
];

export const OFFICE_GROUPS: Record<string, string[]> = {
  vedouci: ['pstastny', 'jdvorakova', 'pcerny', 'zkucerova', 'ppokorna'],
  reditel: ['pstastny'],
  'spravci-agend': ['lcerna'],
  'referenti-agend': ['emarkova', 'ljelinek'],
  auditori: ['kbenesova'],
  'spravci-systemu': ['ohajek'],
  // The disabled account stays in a group: the filter, not the groups, must keep it out.
  zamestnanci: OFFICE_PEOPLE.map((p) => p.uid),
};

export const personDn = (uid: string): string => `uid=${uid},${LDAP_PEOPLE_DN}`;

export function unitDn(code: string): string {
  const unit = OFFICE_UNITS.find((u) => u.code === code);
  if (!unit) throw new Error(`unknown unit ${code}`);
  return unit.parent ? `ou=${code},${unitDn(unit.parent)}` : `ou=${code},${LDAP_ORG_DN}`;
}

/** LDIF values that are not plain ASCII must be base64 ("::"), e.g. every name with diacritics. */
function attr(name: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !value.startsWith(' ') && !value.startsWith(':') && !value.startsWith('<')
    ? `${name}: ${value}`
    : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function entry(dn: string, attrs: Array<[string, string]>): string {
  return [attr('dn', dn), ...attrs.map(([n, v]) => attr(n, v))].join('\n') + '\n';
}

/** The whole office as LDIF; `passwords` gives each uid (and the service account) its password. */
export function officeLdif(passwords: Record<string, string>, serviceDn: string): string {
  const out: string[] = [];
  out.push(entry(LDAP_TEST_BASE_DN, [['objectClass', 'dcObject'], ['objectClass', 'organization'], ['dc', 'agendy'], ['o', 'Krajský úřad Libereckého kraje (test)']]));
  for (const ou of ['people', 'groups', 'org', 'services']) out.push(entry(`ou=${ou},${LDAP_TEST_BASE_DN}`, [['objectClass', 'organizationalUnit'], ['ou', ou]]));
  out.push(entry(serviceDn, [['objectClass', 'applicationProcess'], ['objectClass', 'simpleSecurityObject'], ['cn', 'agendy'], ['userPassword', passwords['__service'] ?? '']]));
  for (const unit of [...OFFICE_UNITS].sort((a, b) => Number(!!a.parent) - Number(!!b.parent))) {
    const attrs: Array<[string, string]> = [['objectClass', 'organizationalUnit'], ['ou', unit.code], ['description', unit.name]];
    if (unit.head) attrs.push(['seeAlso', personDn(unit.head)]);
    out.push(entry(unitDn(unit.code), attrs));
  }
  for (const p of OFFICE_PEOPLE) {
    const attrs: Array<[string, string]> = [
      ['objectClass', 'inetOrgPerson'],
      ['uid', p.uid],
      ['cn', p.cn],
      ['sn', p.sn],
      ['givenName', p.givenName],
      ['title', p.title],
      ['mail', `${p.uid}@agendy.test`],
      ['departmentNumber', p.department],
      ['userPassword', passwords[p.uid] ?? ''],
    ];
    if (p.manager) attrs.push(['manager', personDn(p.manager)]);
    if (p.disabled) attrs.push(['employeeType', 'disabled']);
    out.push(entry(personDn(p.uid), attrs));
  }
  for (const [cn, members] of Object.entries(OFFICE_GROUPS)) {
    out.push(entry(`cn=${cn},${LDAP_GROUPS_DN}`, [['objectClass', 'groupOfNames'], ['cn', cn], ...members.map((m): [string, string] => ['member', personDn(m)])]));
  }
  return out.join('\n');
}
