import type { TaskItem } from '@agendy/shared/contracts';
import { isOverdue, sortByDeadline } from './task-sort';

const task = (id: string, dueAt: string | null, createdAt = '2026-11-01T00:00:00Z') => ({ id, dueAt, createdAt }) as TaskItem;

describe('task sorting', () => {
  it('sorts by deadline both ways, tasks without a deadline last', () => {
    const tasks = [task('none', null), task('late', '2026-12-10T00:00:00Z'), task('soon', '2026-12-01T00:00:00Z')];
    expect(sortByDeadline(tasks, 'asc').map((t) => t.id)).toEqual(['soon', 'late', 'none']);
    expect(sortByDeadline(tasks, 'desc').map((t) => t.id)).toEqual(['late', 'soon', 'none']);
  });

  it('knows overdue tasks', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(isOverdue(task('a', '2026-11-27T11:59:00Z'), now)).toBe(true);
    expect(isOverdue(task('b', '2026-11-28T00:00:00Z'), now)).toBe(false);
    expect(isOverdue(task('c', null), now)).toBe(false);
  });
});
