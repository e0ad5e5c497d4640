import type { Subject } from '../subject';
import { administersSomeAgenda } from './agenda';
import { mayReadAttendanceReports } from './attendance';

/**
 * Person-level capabilities: what someone may do regardless of any one object. Most come from an
 * agenda role held through a directory group (the owning area reads the published definitions and
 * hands the facts over); the rule itself is here.
 */
export interface CapabilityRule<F> {
  describe: string;
  decide(facts: F): boolean;
}

function capability<F>(rule: CapabilityRule<F>): CapabilityRule<F> {
  return rule;
}

export const CAPABILITY_RULES = {
  'agenda-administration': capability<Subject>({
    describe: 'administers at least one agenda: the global agenda-admin role or an agenda’s admin grant',
    decide: (s) => administersSomeAgenda(s),
  }),
  'resource-management': capability<{ managesAny: boolean }>({
    describe: 'manages rooms or cars: the facility-manager / fleet-manager roles of the booking agendas (not system-admin)',
    decide: (f) => f.managesAny,
  }),
  hr: capability<{ hr: boolean }>({
    describe: 'HR: the timesheet agenda’s hr role, or the director (own role, never a principal’s)',
    decide: (f) => f.hr,
  }),
  'attendance-reports': capability<{ hr: boolean; managesDepartments: readonly string[] }>({
    describe: 'reports over many people (HR month, payroll, training costs): HR, or whoever heads a department (or stands in for a head)',
    decide: (f) => mayReadAttendanceReports(f),
  }),
  'council-secretariat': capability<{ secretary: boolean }>({
    describe: 'the council secretariat: the council agenda’s council-secretary role or its officers',
    decide: (f) => f.secretary,
  }),
  dashboards: capability<{ departments: readonly string[] | null }>({
    describe: 'dashboards: the director, auditors and agenda administrators (all), heads of departments (theirs); not system-admin',
    decide: (f) => f.departments === null || f.departments.length > 0,
  }),
} as const;

export type CapabilityName = keyof typeof CAPABILITY_RULES;
export type CapabilityFacts<C extends CapabilityName> = (typeof CAPABILITY_RULES)[C] extends CapabilityRule<infer F> ? F : never;
