/**
 * The demo office: a few departments and the demo accounts listed in the README.
 * Seeded only in demo mode; real deployments take people from the directory (LDAP).
 */
export const DEMO_PASSWORD = 'demo';

export const DEMO_DEPARTMENTS = [
  { code: 'KR', name: 'Kancelář ředitele krajského úřadu', nameEn: "Office of the Director", head: 'pstastny' },
  { code: 'OINF', name: 'Odbor informatiky', nameEn: 'IT Department', head: 'jdvorakova' },
  { code: 'OD', name: 'Odbor dopravy', nameEn: 'Transport Department', head: null },
  { code: 'ORREP', name: 'Odbor regionálního rozvoje a evropských projektů', nameEn: 'Regional Development and EU Projects Department', head: null },
  { code: 'OLP', name: 'Odbor legislativně právní', nameEn: 'Legal Department', head: null },
] as const;

export const DEMO_USERS = [
  { username: 'jnovak', displayName: 'Jan Novák', title: 'referent', email: 'jan.novak@demo.kraj-lbc.cz', department: 'OINF', roles: ['employee'] },
  { username: 'jdvorakova', displayName: 'Jana Dvořáková', title: 'vedoucí odboru informatiky', email: 'jana.dvorakova@demo.kraj-lbc.cz', department: 'OINF', roles: ['employee', 'manager'] },
  { username: 'triha', displayName: 'Tomáš Říha', title: 'referent', email: 'tomas.riha@demo.kraj-lbc.cz', department: 'OD', roles: ['employee'] },
  { username: 'pstastny', displayName: 'Petr Šťastný', title: 'ředitel krajského úřadu', email: 'petr.stastny@demo.kraj-lbc.cz', department: 'KR', roles: ['employee', 'manager', 'director'] },
  { username: 'lcerna', displayName: 'Lucie Černá', title: 'správkyně agend', email: 'lucie.cerna@demo.kraj-lbc.cz', department: 'OINF', roles: ['employee', 'agenda-admin'] },
  { username: 'ohajek', displayName: 'Ondřej Hájek', title: 'správce systému', email: 'ondrej.hajek@demo.kraj-lbc.cz', department: 'OINF', roles: ['employee', 'system-admin'] },
  // Holders of the agendas' specialist roles (directory groups in a real office), so every agenda can be walked in the demo.
  { username: 'mhorakova', displayName: 'Marie Horáková', title: 'personalistka', email: 'marie.horakova@demo.kraj-lbc.cz', department: 'KR', roles: ['employee'], groups: ['KULK-Personalni', 'KULK-Personalni-Vzdelavani'] },
  { username: 'kprochazka', displayName: 'Karel Procházka', title: 'právník', email: 'karel.prochazka@demo.kraj-lbc.cz', department: 'OLP', roles: ['employee'], groups: ['KULK-OLP-Pravnici'] },
  { username: 'ezemanova', displayName: 'Eva Zemanová', title: 'tajemnice rady a správkyně rozpočtu', email: 'eva.zemanova@demo.kraj-lbc.cz', department: 'KR', roles: ['employee'], groups: ['KULK-OSKH-Rada', 'KULK-OE-SpravciRozpoctu', 'KULK-Dotace-Hodnotitele'] },
  { username: 'vbenes', displayName: 'Vladimír Beneš', title: 'správce budov a vozového parku', email: 'vladimir.benes@demo.kraj-lbc.cz', department: 'KR', roles: ['employee'], groups: ['KULK-OSM-Spravci', 'KULK-OSM-Autoprovoz', 'KULK-OSM-Vedouci', 'KULK-OSM-Udrzba'] },
] as const;
