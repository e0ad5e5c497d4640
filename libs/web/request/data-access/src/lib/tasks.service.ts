import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { BulkTransitionBody, BulkTransitionResponse, TaskItem, TaskListQuery, TaskListResponse } from '@agendy/shared/contracts';
import { ENDPOINTS, queryParams, seg } from './api';
import { PagedList } from './paged-list';

/** My inbox: tasks for me, my roles (pooled), departments I head and people I stand in for. */
@Injectable({ providedIn: 'root' })
export class TasksService {
  private readonly http = inject(HttpClient);

  list(query: TaskListQuery = {}): Promise<TaskListResponse> {
    return firstValueFrom(this.http.get<TaskListResponse>(ENDPOINTS.tasks, { params: queryParams(query) }));
  }

  pagedList(query: () => Omit<TaskListQuery, 'cursor'> = () => ({})): PagedList<TaskItem> {
    return new PagedList((cursor) => this.list({ ...query(), cursor }));
  }

  /** Takes a pooled task (409 CONFLICT when a colleague was faster). */
  claim(taskId: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`${ENDPOINTS.tasks}/${seg(taskId)}/claim`, null));
  }

  release(taskId: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`${ENDPOINTS.tasks}/${seg(taskId)}/release`, null));
  }

  /** The same step on several requests, each with its own version; a result per request. */
  bulkTransition(body: BulkTransitionBody): Promise<BulkTransitionResponse> {
    return firstValueFrom(this.http.post<BulkTransitionResponse>(`${ENDPOINTS.tasks}/bulk-transition`, body));
  }
}
