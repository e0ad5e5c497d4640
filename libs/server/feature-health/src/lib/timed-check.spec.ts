import { shortError, timedCheck } from './timed-check';

describe('timedCheck', () => {
  it('reports up with a latency', async () => {
    const r = await timedCheck(async () => 'PONG', 1000);
    expect(r.status).toBe('up');
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports down with the error code only', async () => {
    const r = await timedCheck(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    }, 1000);
    expect(r).toEqual({ status: 'down', error: 'ECONNREFUSED' });
  });

  it('gives up after the timeout', async () => {
    const r = await timedCheck(() => new Promise(() => undefined), 50);
    expect(r).toEqual({ status: 'down', error: 'no answer within 50 ms' });
  });
});

describe('shortError', () => {
  it('never passes on a message that could name a host or hold SQL', () => {
    expect(shortError(new Error('password authentication failed for user "agendy" at db.internal'))).toBe('unavailable');
    expect(shortError(Object.assign(new Error('x'), { code: '57P01' }))).toBe('57P01');
    expect(shortError(Object.assign(new Error('x'), { code: 'weird code with spaces 10.0.0.1' }))).toBe('unavailable');
    expect(shortError('a string')).toBe('unavailable');
  });
});
