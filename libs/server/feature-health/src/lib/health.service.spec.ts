import { timedCheck } from './health.service';

describe('timedCheck', () => {
  it('reports up with a latency', async () => {
    const r = await timedCheck(async () => 'PONG');
    expect(r.status).toBe('up');
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports down with the error code only', async () => {
    const r = await timedCheck(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    });
    expect(r).toEqual({ status: 'down', error: 'ECONNREFUSED' });
  });

  it('gives up after the timeout', async () => {
    const r = await timedCheck(() => new Promise(() => undefined), 50);
    expect(r).toEqual({ status: 'down', error: 'no answer within 50 ms' });
  });
});
