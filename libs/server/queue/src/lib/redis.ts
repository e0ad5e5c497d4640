import Redis, { RedisOptions } from 'ioredis';

/**
 * BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must not time out);
 * producers fail fast instead, so an HTTP request never hangs on a Redis outage.
 */
export function createRedis(url: string, role: 'worker' | 'producer' | 'probe'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: role === 'probe' ? 0 : 1, enableOfflineQueue: role !== 'probe', connectTimeout: 2000, commandTimeout: 2000 };
  const redis = new Redis(url, { ...options, lazyConnect: false, retryStrategy: (times) => Math.min(times * 200, 2000) });
  // Connection errors are reported by health checks and job failures; unhandled they would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/** QUIT lets pending replies arrive; a connection that is not up (Redis down) is simply dropped. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
