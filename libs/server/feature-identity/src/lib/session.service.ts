import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { SessionEntity, UserEntity } from '@agendy/server/db';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Sliding the idle expiry on every request would write on every request; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionLookup = { kind: 'valid'; session: SessionEntity; user: UserEntity } | { kind: 'expired' } | { kind: 'none' };

@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
  ) {}

  async create(userId: string, meta: { ip: string | null; userAgent: string | null }, now = new Date()): Promise<{ token: string; session: SessionEntity }> {
    const token = randomToken();
    const session = this.sessions.create({
      tokenHash: hashToken(token),
      userId,
      csrfToken: randomToken(24),
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + this.config.session.idleMinutes * 60_000),
      absoluteExpiresAt: new Date(now.getTime() + this.config.session.absoluteHours * 3_600_000),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    await this.sessions.insert(session);
    return { token, session };
  }

  async lookup(token: string | undefined, now = new Date()): Promise<SessionLookup> {
    if (!token || token.length > 200) return { kind: 'none' };
    // One statement: findOne() with relations adds a DISTINCT pre-query for its implicit LIMIT, on every request.
    const session = await this.sessions
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.user', 'u')
      .leftJoinAndSelect('u.department', 'd')
      .where('s.tokenHash = :hash', { hash: hashToken(token) })
      .getOne();
    if (!session || !session.user) return { kind: 'none' };
    if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) {
      await this.sessions.delete({ tokenHash: session.tokenHash });
      return { kind: 'expired' };
    }
    if (!session.user.active) {
      // A disabled account loses every session at its next request.
      await this.sessions.delete({ userId: session.userId });
      return { kind: 'none' };
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      const idle = new Date(Math.min(now.getTime() + this.config.session.idleMinutes * 60_000, session.absoluteExpiresAt.getTime()));
      await this.sessions.update({ tokenHash: session.tokenHash }, { lastSeenAt: now, idleExpiresAt: idle });
      session.lastSeenAt = now;
      session.idleExpiresAt = idle;
    }
    return { kind: 'valid', session, user: session.user };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.sessions.delete({ tokenHash: hashToken(token) });
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const idle = await this.sessions.delete({ idleExpiresAt: LessThan(now) });
    const absolute = await this.sessions.delete({ absoluteExpiresAt: LessThan(now) });
    return (idle.affected ?? 0) + (absolute.affected ?? 0);
  }
}
