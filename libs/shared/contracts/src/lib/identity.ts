/**
 * Identity and access contracts (issue 4): roles, org structure, substitutions (zástup),
 * role mappings, agenda grants and the TOTP second factor.
 */

/** The global roles of Agendy. Directory groups map onto these (LDAP_ROLE_MAP, role mappings). */
export const ROLES = ['employee', 'manager', 'director', 'agenda-officer', 'agenda-admin', 'auditor', 'system-admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Per-agenda grants: an officer handles the agenda's requests, an admin configures it, an auditor reads it. */
export const AGENDA_GRANTS = ['officer', 'admin', 'auditor'] as const;
export type AgendaGrant = (typeof AGENDA_GRANTS)[number];

/** Who a grant is given to: one user (by id), everyone holding a role, or members of a directory group. */
export const GRANT_SUBJECT_TYPES = ['user', 'role', 'group'] as const;
export type GrantSubjectType = (typeof GRANT_SUBJECT_TYPES)[number];

/**
 * How a substitution came to be: named by the absent person (`self`), by their line manager
 * (`manager`), by an approved leave request (`leave`). `admin` marks substitutions a system
 * administrator set up before ADR 0004 (they no longer can).
 */
export const SUBSTITUTION_SOURCES = ['self', 'manager', 'admin', 'leave'] as const;
export type SubstitutionSource = (typeof SUBSTITUTION_SOURCES)[number];

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
}

// ---------------------------------------------------------------- substitutions

export interface Substitution {
  id: string;
  /** The absent person (zastupovaný). */
  principal: UserRef;
  /** The person acting for them (zastupující). */
  deputy: UserRef;
  validFrom: string;
  validTo: string;
  source: SubstitutionSource;
  /** The approved leave request that created it, when source is `leave`. */
  sourceRequestId: string | null;
  note: string | null;
  createdAt: string;
  /** True when `now` lies inside [validFrom, validTo). */
  active: boolean;
}

/** `POST /api/v1/me/deputies`, and `POST /api/v1/people/:id/deputies` (the person or their line manager). */
export interface CreateMyDeputyRequest {
  deputyId: string;
  validFrom: string;
  validTo: string;
  note?: string;
}

/** `POST /api/v1/admin/substitutions`: the same rule as `/people/:id/deputies` (ADR 0004) — only the principal or their line manager. */
export interface CreateSubstitutionRequest extends CreateMyDeputyRequest {
  principalId: string;
}

/** `GET /api/v1/me/deputies`: whom I named, and whom I stand in for. */
export interface MyDeputiesResponse {
  deputies: Substitution[];
  actingFor: Substitution[];
}

/** Extra facts on `GET /api/v1/auth/me` (optional in the type for older clients, always sent). */
export interface MeIdentityExtras {
  /** Substitutions active now in which I am the deputy: whom I may act for. */
  actingFor?: Substitution[];
  /** Substitutions active now in which I am the absent one. */
  deputies?: Substitution[];
  /** My manager: the directory's `manager`, else the head of my department. */
  manager?: UserRef | null;
  otpEnabled?: boolean;
  authSource?: 'local' | 'ldap';
  /** Agendas I administer through a per-agenda `admin` grant (global administrators administer all). */
  administersAgendas?: string[];
}

// ---------------------------------------------------------------- org structure

export interface Department {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  /** null for a department (odbor); the department's id for a section (oddělení). */
  parentId: string | null;
  kind: 'department' | 'section';
  head: UserRef | null;
}

/** `POST /api/v1/admin/departments` */
export interface CreateDepartmentRequest {
  code: string;
  name: string;
  nameEn?: string | null;
  parentId?: string | null;
  headUserId?: string | null;
}

/** `PATCH /api/v1/admin/departments/:id` */
export type UpdateDepartmentRequest = Partial<CreateDepartmentRequest>;

/** `POST /api/v1/admin/departments/import` */
export interface DepartmentImportResponse {
  created: number;
  updated: number;
  /** Heads named in the directory that could not be resolved to an active person. */
  unresolvedHeads: string[];
}

// ---------------------------------------------------------------- role mappings and grants

export interface RoleMapping {
  /** null for mappings that come from LDAP_ROLE_MAP (read-only here). */
  id: string | null;
  /** Directory group: its name (`cn`) or full DN, compared case-insensitively. */
  group: string;
  role: Role;
  source: 'env' | 'database';
}

/** `POST /api/v1/admin/role-mappings` */
export interface CreateRoleMappingRequest {
  group: string;
  role: Role;
}

export interface AgendaGrantEntry {
  id: string;
  subjectType: GrantSubjectType;
  /** A user id, a role name or a directory group, depending on subjectType. */
  subject: string;
  agendaCode: string;
  grant: AgendaGrant;
}

/** `POST /api/v1/admin/agenda-grants` */
export type CreateAgendaGrantRequest = Omit<AgendaGrantEntry, 'id'>;

/** `GET /api/v1/people?q=`: pick a deputy or a department head. */
export interface PersonSummary extends UserRef {
  title: string | null;
  departmentCode: string | null;
}

// ---------------------------------------------------------------- TOTP

/** `POST /api/v1/me/otp/enrolment`: a fresh secret; active only after confirmation. */
export interface OtpEnrolmentResponse {
  /** RFC 4648 base32, for typing into an authenticator app. */
  secret: string;
  /** `otpauth://totp/...` for a QR code. */
  otpauthUrl: string;
  digits: number;
  periodSeconds: number;
}

/** `POST /api/v1/me/otp/enrolment/confirm` and `DELETE /api/v1/me/otp` */
export interface OtpCodeRequest {
  otp: string;
}
