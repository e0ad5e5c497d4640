import type { TaskItem } from '@agendy/shared/contracts';

export type SortDirection = 'asc' | 'desc';

/** By deadline; tasks without one come last either way, ties by waiting time (oldest first). */
export function sortByDeadline(tasks: readonly TaskItem[], direction: SortDirection): TaskItem[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...tasks].sort((a, b) => {
    if (a.dueAt && b.dueAt && a.dueAt !== b.dueAt) return sign * (Date.parse(a.dueAt) - Date.parse(b.dueAt));
    if (a.dueAt && !b.dueAt) return -1;
    if (!a.dueAt && b.dueAt) return 1;
    return Date.parse(a.createdAt) - Date.parse(b.createdAt);
  });
}

export function isOverdue(task: Pick<TaskItem, 'dueAt'>, now: Date): boolean {
  return !!task.dueAt && Date.parse(task.dueAt) < now.getTime();
}
