import { Client } from 'pg';
import Redis from 'ioredis';
import { AppConfig, redactUrl } from './config';

/** A dependency the process cannot start without; `message` is one line meant for the operator. */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: string; message?: string };
    return [e.code, e.message].filter(Boolean).join(': ');
  }
  return String(err);
}

export async function checkDatabase(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new PreflightError(`Cannot connect to PostgreSQL at ${redactUrl(url)} (${describe(err)}). Check DATABASE_URL and that the server runs.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * BullMQ loses jobs silently if Redis may evict keys, so anything but `noeviction` is fatal.
 * Managed Redis services sometimes forbid CONFIG GET; then we warn rather than refuse.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<{ evictionPolicyUnknown: boolean }> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new PreflightError(`Cannot connect to Redis at ${redactUrl(url)} (${describe(err)}). Check REDIS_URL and that Redis runs.`);
  }
  try {
    const reply = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    const policy = reply?.[1];
    if (policy !== undefined && policy !== 'noeviction') {
      throw new PreflightError(`Redis at ${redactUrl(url)} runs maxmemory-policy "${policy}"; BullMQ needs "noeviction" (redis-server --maxmemory-policy noeviction).`);
    }
    return { evictionPolicyUnknown: policy === undefined };
  } catch (err) {
    if (err instanceof PreflightError) throw err;
    return { evictionPolicyUnknown: true };
  } finally {
    redis.disconnect();
  }
}

/** Checks what every process needs before Nest starts, so a bad URL ends in one clear line. */
export async function preflight(config: AppConfig): Promise<string[]> {
  const warnings: string[] = [];
  await checkDatabase(config.database.url);
  const redis = await checkRedis(config.redis.url);
  if (redis.evictionPolicyUnknown) warnings.push('Could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is "noeviction".');
  return warnings;
}

