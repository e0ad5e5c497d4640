import type { ComponentHealth } from '@agendy/shared/contracts';

/** Runs `fn`, rejecting after `timeoutMs`: no probe may hang the health answer. */
export async function withTimeout<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error code or a short phrase: hosts, users and SQL stay in the server log. */
export function shortError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^[A-Z0-9_]{2,20}$/.test(e.code)) return e.code;
  return typeof e?.message === 'string' && e.message.startsWith('no answer') ? e.message : 'unavailable';
}

/** Resolves to the check's result or to "down" after the timeout: a health probe must never hang. */
export async function timedCheck(check: () => Promise<unknown>, timeoutMs: number): Promise<ComponentHealth> {
  const t0 = performance.now();
  try {
    await withTimeout(check, timeoutMs);
    return { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    return { status: 'down', error: shortError(err) };
  }
}
