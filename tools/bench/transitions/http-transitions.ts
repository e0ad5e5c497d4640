// The HTTP half: authenticated `save` transitions on leave-request drafts, N clients in parallel.
import { performance } from 'node:perf_hooks';
import { log, pool, Session, stats, type LatencyStats } from './lib';

/** Each request gets at most this many saves, so its history (returned with every answer) stays short. */
export const SAVES_PER_REQUEST = 10;

export interface HttpLevelResult {
  clients: number;
  transitions: number;
  ok: number;
  errors: number;
  errorsByStatus: Record<string, number>;
  seconds: number;
  tps: number;
  latencyMs: LatencyStats;
}

interface Draft {
  id: string;
  version: number;
}

/** Files `count` leave-request drafts as the session's user (not timed). */
export async function fileDrafts(session: Session, count: number, concurrency = 8): Promise<Draft[]> {
  return pool(count, concurrency, async (i) => {
    const res = await session.request('POST', '/api/v1/requests', {
      agenda: 'leave-request',
      data: { type: 'dovolena', dateFrom: '2030-07-01', dateTo: '2030-07-12', note: `bench draft ${i}` },
    });
    const body = res.body as { id?: string; version?: number };
    if (res.status !== 201 || !body.id || !body.version) throw new Error(`filing a draft: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return { id: body.id, version: body.version };
  });
}

/**
 * `clients` sessions (each its own login) take requests off a shared list and `save` each one up to
 * SAVES_PER_REQUEST times with the version of the previous answer: no client ever waits for another's
 * row lock, as in an office where people edit their own drafts. Stops after `total` transitions or
 * `maxSeconds`, whichever comes first.
 */
export async function runLevel(sessions: Session[], drafts: Draft[], total: number, maxSeconds: number): Promise<HttpLevelResult> {
  const latencies: number[] = [];
  const errorsByStatus: Record<string, number> = {};
  let issued = 0;
  let nextDraft = 0;
  let ok = 0;
  let lastNetworkError = '';
  let ranOut = false;
  let sample = '';
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    sessions.map(async (session) => {
      while (issued < total && performance.now() < deadline) {
        const draft = drafts[nextDraft++];
        if (!draft) {
          ranOut = true;
          break;
        }
        for (let k = 0; k < SAVES_PER_REQUEST && issued < total && performance.now() < deadline; k++) {
          issued++;
          const t0 = performance.now();
          let status = 0;
          let body: unknown;
          try {
            ({ status, body } = await session.request('POST', `/api/v1/requests/${draft.id}/transitions`, {
              transition: 'save',
              data: { note: `bench save ${issued}` },
              expectedVersion: draft.version,
            }));
          } catch (e) {
            status = -1;
            lastNetworkError = e instanceof Error ? e.message : String(e);
          }
          latencies.push(performance.now() - t0);
          const version = (body as { version?: number } | undefined)?.version;
          if (status === 200 && version) {
            ok++;
            draft.version = version;
          } else {
            if (!sample) sample = `${status} ${JSON.stringify(body).slice(0, 400)}`;
            const key = status === -1 ? 'network' : String(status);
            errorsByStatus[key] = (errorsByStatus[key] ?? 0) + 1;
            break; // a request in an unknown state: take the next one
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const errors = Object.values(errorsByStatus).reduce((a, b) => a + b, 0);
  if (ranOut) log(`  ran out of prepared drafts at ${sessions.length} clients`);
  if (sample) log(`  first error: ${sample}`);
  if (errors) log(`  errors at ${sessions.length} clients: ${JSON.stringify(errorsByStatus)}${lastNetworkError ? ` (last network error: ${lastNetworkError})` : ''}`);
  return { clients: sessions.length, transitions: issued, ok, errors, errorsByStatus, seconds, tps: ok / seconds, latencyMs: stats(latencies) };
}
