/**
 * Every failed login answers no sooner than this after it started. An unknown user costs one
 * directory search, a wrong password a search and a bind, a local account an argon2 verify:
 * padding all of them to one floor keeps their timings indistinguishable.
 */
export const LOGIN_FAILURE_FLOOR_MS = 250;

export async function waitForFloor(startedAt: number, floorMs = LOGIN_FAILURE_FLOOR_MS, now = Date.now): Promise<void> {
  // A little jitter so repeated measurements cannot average out what remains.
  const wait = startedAt + floorMs + Math.floor(Math.random() * 25) - now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
