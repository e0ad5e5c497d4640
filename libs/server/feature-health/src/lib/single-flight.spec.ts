import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('shares one read among callers that arrive while it runs, and reads again afterwards', async () => {
    let reads = 0;
    let release!: () => void;
    const read = singleFlight(async () => {
      reads++;
      await new Promise<void>((r) => (release = r));
      return reads;
    });
    const a = read();
    const b = read();
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    const c = read();
    release();
    expect(await c).toBe(2);
  });

  it('lets a failed read be retried by the next caller', async () => {
    let n = 0;
    const read = singleFlight(async () => {
      if (++n === 1) throw new Error('first fails');
      return n;
    });
    await expect(read()).rejects.toThrow('first fails');
    await expect(read()).resolves.toBe(2);
  });
});
