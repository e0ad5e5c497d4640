import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DomainException } from '@agendy/server/core';
import { JobProducer } from '@agendy/server/queue';

/** Failed attempts allowed per window, per account and per client address. */
export const LOGIN_LIMITS = { perUser: 8, perIp: 40, windowSeconds: 15 * 60 } as const;

/**
 * Counts failed logins in Redis (shared by all api replicas). If Redis is unreachable the
 * check is skipped: a throttle outage must not lock the whole office out.
 * Keys live under QUEUE_PREFIX (`agendy:login-fail:…` by default), so installations — and test
 * runs — sharing one Redis never reset or trip each other's counters.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `prefix:login-fail:*`: what a test clears between cases. */
  keyPattern(): string {
    return `${this.config.redis.queuePrefix}:login-fail:*`;
  }

  private keys(username: string, ip: string): [string, string] {
    const p = `${this.config.redis.queuePrefix}:login-fail`;
    return [`${p}:user:${username}`, `${p}:ip:${ip}`];
  }

  async assertAllowed(username: string, ip: string): Promise<void> {
    const [userKey, ipKey] = this.keys(username, ip);
    let counts: (string | null)[];
    try {
      counts = await this.producer.redis.mget(userKey, ipKey);
    } catch {
      return;
    }
    const [user, addr] = counts.map((c) => Number(c ?? 0));
    if (user >= LOGIN_LIMITS.perUser || addr >= LOGIN_LIMITS.perIp) {
      const ttl = await this.producer.redis.ttl(user >= LOGIN_LIMITS.perUser ? userKey : ipKey).catch(() => LOGIN_LIMITS.windowSeconds);
      const retryAfterSeconds = ttl > 0 ? ttl : LOGIN_LIMITS.windowSeconds;
      throw new DomainException('LOGIN_THROTTLED', 'Too many failed login attempts; try again later', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const [userKey, ipKey] = this.keys(username, ip);
    try {
      await this.producer.redis.multi().incr(userKey).expire(userKey, LOGIN_LIMITS.windowSeconds, 'NX').incr(ipKey).expire(ipKey, LOGIN_LIMITS.windowSeconds, 'NX').exec();
    } catch {
      /* see class comment */
    }
  }

  async reset(username: string): Promise<void> {
    await this.producer.redis.del(this.keys(username, '')[0]).catch(() => undefined);
  }
}
