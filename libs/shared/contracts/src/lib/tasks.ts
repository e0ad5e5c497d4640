import type { LocalizedText } from '@agendy/shared/util';
import type { UserRef } from './identity';
import type { Page, RequestStateRef } from './requests';

/** `work`: the request waits for this party's step; `vote`: a vote slot in a parallel approval. */
export type TaskKind = 'work' | 'vote';

/**
 * Why the task is in my inbox: assigned to me, to a role I hold (a shared pool — claim it so
 * colleagues see it is taken), to me as the head of a department, or to someone I substitute.
 */
export type TaskVia = 'user' | 'role' | 'departmentManager' | 'substitution';

export interface TaskItem {
  id: string;
  kind: TaskKind;
  via: TaskVia;
  /** The role of a pooled task. */
  role: string | null;
  /** Who took a pooled task; null while it is free. */
  claimedBy: UserRef | null;
  createdAt: string;
  /** The current state's deadline, if it has one. */
  dueAt: string | null;
  request: {
    id: string;
    reference: string;
    agenda: { code: string; name: LocalizedText };
    state: RequestStateRef;
    filer: UserRef;
    version: number;
  };
  /**
   * Steps I may take on this task from the inbox, for many tasks at once: the agenda's forward
   * step or an approving vote that needs no comment and no field filled in. Empty: open the request.
   */
  bulkActions: BulkActionRef[];
}

export interface BulkActionRef {
  kind: 'transition' | 'vote';
  name: string;
  label: LocalizedText;
}

/** `GET /api/v1/tasks` query. Oldest first: what waits longest comes first. */
export interface TaskListQuery {
  kind?: TaskKind;
  agenda?: string;
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
}

export type TaskListResponse = Page<TaskItem>;

/**
 * `POST /api/v1/tasks/bulk-transition`: the same step on several requests (1–100). Each one is a
 * transaction of its own with its own `expectedVersion` (the `version` the inbox showed): one
 * changed meanwhile or not allowed does not stop the others. Answers 200 with a result per item.
 */
export interface BulkTransitionBody {
  transition: string;
  kind?: 'transition' | 'vote';
  items: Array<{ requestId: string; expectedVersion: number }>;
}

/**
 * `ok: false` codes: `STALE` (changed meanwhile), `NOT_BULK` (this step cannot be taken in bulk on
 * this request now — open it), `FORBIDDEN`, `NOT_FOUND`, `WRONG_STATE`, `GUARD_FAILED`, `VALIDATION_FAILED`.
 */
export type BulkTransitionResult =
  | { requestId: string; reference: string | null; ok: true; version: number; state: RequestStateRef }
  | { requestId: string; reference: string | null; ok: false; code: string; message: LocalizedText };

export interface BulkTransitionResponse {
  results: BulkTransitionResult[];
  succeeded: number;
  failed: number;
}
