/**
 * The demo office: a few departments and the demo accounts listed in the README.
 * Seeded only in demo mode; real deployments take people from the directory (LDAP).
 */
export const DEMO_PASSWORD = 'demo';

export const DEMO_DEPARTMENTS = [
  { code: 'KR', name: 'Kancelář ředitele krajského úřadu', nameEn: "Office of the Director", head: 'pstastny' },
  { code: 'OINF', name: 'Odbor informatiky', nameEn: 'IT Department', head: 'jdvorakova' },
  { code: 'OD', name: 'Odbor dopravy', nameEn: 'Transport Department', head: 'zkucerova' },
  { code: 'ORREP', name: 'Odbor regionálního rozvoje a evropských projektů', nameEn: 'Regional Development and EU Projects Department', head: 'mvesela' },
  { code: 'OLP', name: 'Odbor legislativně právní', nameEn: 'Legal Department', head: 'rmarek' },
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
  // A head for every department and an officer for every agenda that addresses officers, so no party of a shipped agenda is
  // vacant in the demo (issue 19; `npm run agenda:check -- --directory` lists what would be).
  { username: 'zkucerova', displayName: 'Zuzana Kučerová', title: 'vedoucí odboru dopravy', email: 'zuzana.kucerova@demo.kraj-lbc.cz', department: 'OD', roles: ['employee', 'manager'] },
  { username: 'mvesela', displayName: 'Martina Veselá', title: 'vedoucí odboru regionálního rozvoje', email: 'martina.vesela@demo.kraj-lbc.cz', department: 'ORREP', roles: ['employee', 'manager'] },
  { username: 'rmarek', displayName: 'Radek Marek', title: 'vedoucí odboru legislativně právního', email: 'radek.marek@demo.kraj-lbc.cz', department: 'OLP', roles: ['employee', 'manager'], groups: ['KULK-OLP-Pravnici'] },
  { username: 'lsvobodova', displayName: 'Lenka Svobodová', title: 'referentka dotací', email: 'lenka.svobodova@demo.kraj-lbc.cz', department: 'ORREP', roles: ['employee'] },
  { username: 'pkral', displayName: 'Pavel Král', title: 'referent veřejných zakázek a smluv', email: 'pavel.kral@demo.kraj-lbc.cz', department: 'KR', roles: ['employee'] },
  { username: 'ahavlova', displayName: 'Alena Havlová', title: 'referentka vnitřních předpisů', email: 'alena.havlova@demo.kraj-lbc.cz', department: 'OLP', roles: ['employee'] },
  { username: 'jpokorny', displayName: 'Jiří Pokorný', title: 'dispečer údržby a autoprovozu', email: 'jiri.pokorny@demo.kraj-lbc.cz', department: 'KR', roles: ['employee'] },
  { username: 'tdusek', displayName: 'Tomáš Dušek', title: 'technik IT', email: 'tomas.dusek@demo.kraj-lbc.cz', department: 'OINF', roles: ['employee'], groups: ['KULK-OIT-Technici'] },
] as const;

/** Agenda officers of the demo (agenda_grants `officer`): the agendas whose workflow addresses `agenda-officer`. */
export const DEMO_OFFICER_GRANTS = [
  { username: 'lsvobodova', agenda: 'grant-application' },
  { username: 'pkral', agenda: 'contract-order' },
  { username: 'ahavlova', agenda: 'internal-regulation' },
  { username: 'jpokorny', agenda: 'maintenance-request' },
  { username: 'jpokorny', agenda: 'service-car-booking' },
] as const;
