import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition, DefinitionError, Scenario, ScenarioReport } from '@agendy/workflow/engine';
import type { AgendaVersionInfo, AgendaVersionStatus } from './agendas';

/**
 * HTTP contracts of the agenda designer (`/api/v1/admin/agendas/…`), shared by api and web.
 * Drafts are editable in place; published and retired versions never change. Requests stay on
 * the version they were filed under unless an administrator migrates them explicitly.
 */

/** One stored version with the number of requests still running (not final) on it. */
export interface DesignerVersion {
  version: number;
  status: AgendaVersionStatus;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  updatedAt: string;
  runningRequests: number;
}

/** `GET /api/v1/admin/agendas`: the agendas the current user administers. */
export interface DesignerAgenda {
  code: string;
  name: LocalizedText;
  category: string | null;
  /** The version new requests are filed under; null when the agenda is retired or never published. */
  publishedVersion: number | null;
  retired: boolean;
  versions: DesignerVersion[];
}

export interface DesignerAgendaListResponse {
  items: DesignerAgenda[];
  /** Whether the user may create new agendas (global agenda administrator or system administrator). */
  mayCreate: boolean;
}

/** `GET …/:code/versions/:version/definition`: the definition document (also the export format). */
export type DesignerDefinition = AgendaDefinition;

/** `POST /api/v1/admin/agendas/validate`: the problems of a definition, without storing anything. */
export interface DesignerValidationResponse {
  ok: boolean;
  errors: DefinitionError[];
}

/** `POST …/:code/drafts`: a new draft copied from an existing version (default: the newest). */
export interface CreateDraftRequest {
  from?: number;
}

/** `POST /api/v1/admin/agendas/simulate`: runs a definition (saved or not) through the engine. */
export interface SimulationRequest {
  definition: unknown;
  scenario: Scenario;
}
export type SimulationResponse = ScenarioReport;

/** One change between two versions, located by a path into the definition. */
export interface DefinitionChange {
  kind: 'added' | 'removed' | 'changed';
  /** Field name, state id or transition name. */
  id: string;
  /** JSON pointer of the element in the newer version (or the older one when removed). */
  path: string;
  /** What changed, e.g. `label`, `required`, `to`, `who`. Empty for added/removed. */
  aspects: string[];
}

/** `GET …/:code/diff?from=1&to=2`. */
export interface DefinitionDiff {
  code: string;
  from: number;
  to: number;
  fields: DefinitionChange[];
  states: DefinitionChange[];
  transitions: DefinitionChange[];
  /** roles, documents, records, name, description, category, start rule, form rules. */
  other: DefinitionChange[];
}

/** `POST …/:code/migrate`: move running requests to another version, mapping their states. */
export interface MigrateRequestsRequest {
  to: number;
  requestIds: string[];
  /** Old state id → state id in the target version; a state not listed keeps its id. */
  stateMap?: Record<string, string>;
}

export interface MigrationRefusal {
  requestId: string;
  reference: string | null;
  reasons: string[];
}

export interface MigrateRequestsResponse {
  migrated: Array<{ requestId: string; reference: string; fromVersion: number; state: string }>;
  refused: MigrationRefusal[];
}

/** `GET …/:code/requests`: running requests of an agenda, for choosing what to migrate. */
export interface DesignerRunningRequest {
  id: string;
  reference: string;
  version: number;
  state: string;
  createdAt: string;
}

export interface DesignerRunningRequestsResponse {
  items: DesignerRunningRequest[];
}

/**
 * `GET/POST …/:code/grants`: who holds the agenda's built-in roles — its officers (agenda-officer),
 * administrators and auditors — as named people, directory groups or global roles.
 */
export interface DesignerGrant {
  id: string;
  subjectType: 'user' | 'group' | 'role';
  /** User id, group name or role code. */
  subject: string;
  /** The person's name and username, for user grants. */
  displayName: string | null;
  username: string | null;
  grant: 'officer' | 'admin' | 'auditor';
}

/** A user is named by username; groups and roles by their name. */
export interface AddGrantRequest {
  subjectType: 'user' | 'group' | 'role';
  subject: string;
  grant: 'officer' | 'admin' | 'auditor';
}

export interface DesignerGrantsResponse {
  items: DesignerGrant[];
}

/**
 * A party of the published version that resolves to nobody in the current directory (`error`: no
 * holder, no department head, an unavailable named user), or that the four-eyes rule would leave
 * vacant when its only holder files (`warning`). Publishing goes ahead; at run time the resolution
 * chain routes such work to a fallback (`fallback`: to whom, as far as known without a filer).
 */
export interface AgendaDirectoryWarning {
  severity: 'error' | 'warning';
  code: string;
  state: string;
  /** JSON pointer to the rule naming the party. */
  path: string;
  message: LocalizedText;
  fallback: LocalizedText | null;
}

/** `POST /api/v1/admin/agendas/:code/versions/:version/publish`. */
export interface PublishAgendaResponse extends AgendaVersionInfo {
  directoryWarnings: AgendaDirectoryWarning[];
}

/** A party of a running request that no active person can act for, and who stands in (issue 19). */
export interface RequestVacancy {
  /** The party's engine key: `role:legal`, `dept:<id>`, `user:<id>`. */
  party: string;
  label: LocalizedText;
  reason: 'nobody' | 'inactive' | 'fourEyes';
  /** The resolution chain's link that found the fallbacks; null when it found nobody. */
  link: string | null;
  fallbacks: Array<{ userId: string; displayName: string | null }>;
}

/**
 * `GET /api/v1/admin/agendas/:code/vacancies` — the agenda administrators' view of work that would
 * go to nobody: the published version's parties against the directory now, and the running
 * requests a fallback (or nobody) stands in on.
 */
export interface AgendaVacanciesResponse {
  directory: AgendaDirectoryWarning[];
  requests: Array<{ id: string; reference: string; version: number; state: string; updatedAt: string; vacancies: RequestVacancy[] }>;
}
