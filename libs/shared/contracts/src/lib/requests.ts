import type { LocalizedText } from '@agendy/shared/util';
import type { StateOutcome } from '@agendy/workflow/engine';
import type { UserRef } from './identity';

/** Form data of a request: top-level field name → value, shaped by the agenda's form schema. */
export type RequestData = Record<string, unknown>;

export type { UserRef };

/** Keyset-paginated list: pass `nextCursor` back as `cursor` for the next page; null at the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `POST /api/v1/requests`: creates a draft. Partial data is fine; what is filled in must be valid. */
export interface CreateRequestBody {
  agenda: string;
  data?: RequestData;
}

/**
 * `PATCH /api/v1/requests/:id`: changes fields editable in the current step without moving the
 * request (the agenda's "save" step). `null` removes a field.
 */
export interface UpdateRequestBody {
  data: RequestData;
  expectedVersion: number;
}

/**
 * `POST /api/v1/requests/:id/transitions`. `expectedVersion` is the `version` the client saw;
 * if the request changed meanwhile the answer is 409 `STALE` and nothing happens.
 * Votes in a parallel approval are `{ kind: 'vote', transition: 'approve' | 'reject' }`.
 */
export interface TransitionBody {
  transition: string;
  kind?: 'transition' | 'vote';
  data?: RequestData;
  comment?: string;
  expectedVersion: number;
}

/** `GET /api/v1/requests` query: the requests I filed, newest first. */
export interface RequestListQuery {
  agenda?: string;
  state?: string;
  /** `open` (not in a final state) or `closed`. */
  status?: 'open' | 'closed';
  /** Substring of the reference number, e.g. `DOT/2026`. */
  q?: string;
  /** 1–100, default 25. */
  limit?: number;
  cursor?: string;
}

export interface RequestStateRef {
  id: string;
  label: LocalizedText;
}

export interface RequestSummary {
  id: string;
  /** Human reference per agenda and year, e.g. `DOT/2026/00042`. */
  reference: string;
  agenda: { code: string; version: number; name: LocalizedText };
  state: RequestStateRef;
  final: boolean;
  outcome: StateOutcome | null;
  filer: UserRef;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-locking version: send it back as `expectedVersion`. */
  version: number;
}

export type RequestListResponse = Page<RequestSummary>;

/** Who a request is assigned to, who votes: a person, a role's shared queue, or a department head. */
export type PartyRef =
  | { kind: 'user'; userId: string; displayName: string | null }
  | { kind: 'role'; role: string; label: LocalizedText | null }
  | { kind: 'departmentManager'; departmentId: string; departmentName: string | null };

export interface ApprovalInfo {
  mode: 'all' | 'any' | 'quorum';
  required: number;
  waitForAll: boolean;
  slots: Array<{
    party: PartyRef;
    vote: { vote: 'approve' | 'reject'; by: string; onBehalfOf: string | null; at: string; comment: string | null } | null;
  }>;
}

export interface DeadlineInfo {
  state: string;
  dueAt: string;
  remindAt: string | null;
  escalateAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
}

/** `migration`: an administrator moved the running request to another version of its agenda (`agendaVersion`). */
export type HistoryKind = 'created' | 'transition' | 'vote' | 'approvalResolved' | 'reminder' | 'escalation' | 'migration';

export interface HistoryItem {
  id: string;
  version: number;
  at: string;
  kind: HistoryKind;
  transition: string | null;
  transitionLabel: LocalizedText | null;
  from: string | null;
  to: string;
  /** The person who acted; `system` for timers and integrations. */
  actor: { id: string; displayName: string };
  onBehalfOf: { id: string; displayName: string } | null;
  /**
   * Taken by the fallback of a vacant party (issue 19): its engine key (`role:legal`, `dept:<id>`)
   * and the phrase the history shows, "za neobsazenou roli „Právník“".
   */
  fallbackFor?: { party: string; text: LocalizedText };
  comment: string | null;
  vote: 'approve' | 'reject' | null;
  changedFields: string[];
  /** For `migration`: the agenda version the request runs on from then on. */
  agendaVersion?: number;
}

/** A button on the request detail: a step or a vote this user may take now. */
export interface RequestAction {
  kind: 'transition' | 'vote';
  /** Send as `transition` (with `kind`) to the transitions endpoint. */
  name: string;
  label: LocalizedText;
  to: string | null;
  commentRequired: boolean;
  editableFields: string[];
  requiredFields: string[];
  style: 'primary' | 'secondary' | 'danger' | null;
  /** False when the step's condition fails on the current data; `disabledReason` says why. */
  enabled: boolean;
  disabledReason: LocalizedText | null;
}

export interface AttachmentInfo {
  /** Put `{ fileId, name, mediaType, size }` into an attachment field of the form data. */
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: UserRef;
  uploadedAt: string;
}

export interface DocumentRef {
  template: string;
  documentKey: string;
}

/** `GET /api/v1/requests/:id`. */
export interface RequestDetail extends RequestSummary {
  data: RequestData;
  assignees: PartyRef[];
  approval: ApprovalInfo | null;
  deadlines: DeadlineInfo[];
  documents: DocumentRef[];
  history: HistoryItem[];
  availableTransitions: RequestAction[];
  attachments: AttachmentInfo[];
}

export interface CommentInfo {
  id: string;
  author: UserRef;
  body: string;
  createdAt: string;
}

/** `POST /api/v1/requests/:id/comments`. 1–4000 characters. */
export interface CreateCommentBody {
  body: string;
}

export interface CommentListResponse {
  items: CommentInfo[];
}

/**
 * `POST /api/v1/requests/:id/attachments`: the raw file as the body (any Content-Type), its name in
 * the `filename` query parameter. Types are recognised by content (PDF, PNG, JPEG, GIF, ZIP-based
 * office documents), not by name; too large → 413, unknown type → 415.
 */
export type UploadAttachmentResponse = AttachmentInfo;

/**
 * `GET /api/v1/requests/agenda-usage`: the published agendas I file most often (my filings of the
 * last year, drafts included), most used first, at most 6 — the shortcuts on the home page.
 */
export interface AgendaUsageResponse {
  items: Array<{ code: string; name: LocalizedText; count: number; lastFiledAt: string }>;
}
