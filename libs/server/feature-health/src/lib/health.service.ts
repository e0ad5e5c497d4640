import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ComponentHealth, HealthResponse } from '@agendy/shared/contracts';
import { JobProducer } from '@agendy/server/queue';

const CHECK_TIMEOUT_MS = 2000;
const startedAt = Date.now();

/** Resolves to the check's result or to "down" after the timeout: a health probe must never hang. */
export async function timedCheck(check: () => Promise<unknown>, timeoutMs = CHECK_TIMEOUT_MS): Promise<ComponentHealth> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // Only the error code or a short phrase: hosts, users and SQL stay in the server log.
    return { status: 'down', error: e.code ?? (e.message?.startsWith('no answer') ? e.message : 'unavailable') };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
  ) {}

  async check(version: string): Promise<HealthResponse> {
    const [database, redis] = await Promise.all([timedCheck(() => this.db.query('SELECT 1')), timedCheck(() => this.producer.redis.ping())]);
    let lastHeartbeatAt: string | null = null;
    if (database.status === 'up') {
      const rows: Array<{ last: Date | null }> = await this.db.query('SELECT max(last_seen_at) AS last FROM worker_heartbeats').catch(() => [{ last: null }]);
      lastHeartbeatAt = rows[0]?.last ? new Date(rows[0].last).toISOString() : null;
    }
    return {
      status: database.status !== 'up' ? 'down' : redis.status === 'up' ? 'ok' : 'degraded',
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      checks: { database, redis, worker: { lastHeartbeatAt } },
    };
  }
}
