import { JobEvents } from './job-events';

describe('JobEvents', () => {
  const job = { queue: 'effects' as const, name: 'effects.notify', id: 'r/2/0', data: { outboxId: 'r/2/0' }, attemptsMade: 8, failedReason: 'boom' };

  it('hands an exhausted job to every listener, and a failing listener to nobody', async () => {
    const events = new JobEvents();
    const seen: string[] = [];
    events.onExhausted(async () => Promise.reject(new Error('database away')));
    events.onExhausted(async (j) => void seen.push(j.id));
    await expect(events.exhausted(job)).resolves.toBeUndefined();
    expect(seen).toEqual(['r/2/0']);
  });

  it('stops calling a listener once it unsubscribed; completed jobs go to their own listeners', async () => {
    const events = new JobEvents();
    const exhausted: string[] = [];
    const completed: string[] = [];
    const off = events.onExhausted(async (j) => void exhausted.push(j.id));
    events.onCompleted(async (j) => void completed.push(j.id));
    off();
    await events.exhausted(job);
    await events.completed(job);
    expect(exhausted).toEqual([]);
    expect(completed).toEqual(['r/2/0']);
  });
});
