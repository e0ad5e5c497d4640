import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition, FormDefinition, StateOutcome } from '@agendy/workflow/engine';

/**
 * Agendas as the API shows them. A definition is versioned: requests stay on the version they
 * were filed under, new requests use the *published* version.
 */

/** `GET /api/v1/agendas`: one agenda the current user may file. */
export interface AgendaSummary {
  code: string;
  /** The published version new requests are filed under. */
  version: number;
  name: LocalizedText;
  description: LocalizedText;
  category: string | null;
  /** Prefix of reference numbers, e.g. `DOT` in `DOT/2026/00042`. */
  referencePrefix: string;
}

export interface AgendaListResponse {
  items: AgendaSummary[];
}

export interface AgendaStateInfo {
  id: string;
  label: LocalizedText;
  final: boolean;
  outcome: StateOutcome | null;
}

export interface AgendaTransitionInfo {
  name: string;
  label: LocalizedText;
  from: string[];
  style: 'primary' | 'secondary' | 'danger' | null;
}

/**
 * `GET /api/v1/agendas/:code` (published version) and
 * `GET /api/v1/agendas/:code/versions/:version` (the version a request runs on):
 * everything the web needs to render the form and label states and steps.
 */
export interface AgendaDetail extends AgendaSummary {
  /** JSON Schema 2020-12 + UI hints; the API validates with the same schema. */
  form: FormDefinition;
  initialState: string;
  states: AgendaStateInfo[];
  transitions: AgendaTransitionInfo[];
  roles: Array<{ code: string; name: LocalizedText }>;
  documents: Array<{ code: string; name: LocalizedText }>;
}

export type AgendaVersionStatus = 'draft' | 'published' | 'retired';

/** One stored version, as the admin endpoints answer. */
export interface AgendaVersionInfo {
  code: string;
  version: number;
  status: AgendaVersionStatus;
  createdAt: string;
  /** User id of the administrator who imported it; null for the shipped definitions. */
  createdBy: string | null;
  publishedAt: string | null;
}

/**
 * `POST /api/v1/admin/agendas`: the definition document itself (`*.agenda.json`). It is stored as a
 * new draft version; an invalid one is answered 400 `VALIDATION_FAILED` whose `errors` list every
 * problem (`pointer` into the definition, `rule` = the definition error code).
 */
export type ImportAgendaRequest = AgendaDefinition;

export interface AgendaVersionListResponse {
  items: AgendaVersionInfo[];
}
