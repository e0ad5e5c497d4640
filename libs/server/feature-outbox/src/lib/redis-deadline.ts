/**
 * How long one Redis step of the relay or the redelivery sweep may take. BullMQ waits for a
 * connection that is not ready yet (a process that started while Redis was down) instead of
 * failing, so without a deadline the step — and every pass queued behind it — would hang until
 * Redis came back, with its rows claimed. After the deadline the claim is released; if the late
 * work still reaches Redis, the job id (= row id) makes the next add a no-op.
 */
export const REDIS_STEP_TIMEOUT_MS = 5000;

export class RedisStepTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: Redis did not answer within ${ms} ms`);
    this.name = 'RedisStepTimeout';
  }
}

export async function withinDeadline<T>(work: Promise<T>, what: string, ms = REDIS_STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // The work goes on after a timeout; its late failure must not become an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RedisStepTimeout(what, ms)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
