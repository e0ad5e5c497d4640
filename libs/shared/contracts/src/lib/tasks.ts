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
