import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import type { CurrentUser, MeResponse } from '@agendy/shared/contracts';
import { APP_CONFIG, AppConfig, DomainException } from '@agendy/server/core';
import { SessionEntity, UserEntity } from '@agendy/server/db';
import { IdentityAuditHub } from './audit/identity-audit';
import { DirectorySyncService } from './ldap/directory-sync.service';
import { isAcceptableUsername } from './ldap/ldap-filter';
import { LdapLoginStrategy } from './ldap/ldap-login.strategy';
import { waitForFloor } from './login/failure-floor';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './session.service';
import { TotpService } from './totp/totp.service';

/** OWASP's argon2id baseline (19 MiB, 2 passes); about 30 ms here, fast enough for logins, slow for guessing. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export function toCurrentUser(user: UserEntity): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    title: user.title,
    department: user.department ? { id: user.department.id, code: user.department.code, name: user.department.name } : null,
    roles: [...user.roles].sort(),
  };
}

export function toMeResponse(user: UserEntity, session: SessionEntity): MeResponse {
  return {
    user: toCurrentUser(user),
    session: { idleExpiresAt: session.idleExpiresAt.toISOString(), absoluteExpiresAt: session.absoluteExpiresAt.toISOString() },
  };
}

export interface LoginMeta {
  ip: string;
  userAgent: string | null;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  /** Verified when the user does not exist, so both failures cost the same time. */
  private dummyHash = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly ldap: LdapLoginStrategy,
    private readonly directory: DirectorySyncService,
    private readonly totp: TotpService,
    private readonly audit: IdentityAuditHub,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword('agendy-timing-equaliser');
  }

  /**
   * One answer (INVALID_CREDENTIALS) and one minimum duration for unknown user, wrong
   * password, disabled account and malformed username; then the second factor when enrolled.
   * Failures count against the account and the client address (LOGIN_THROTTLED).
   */
  async login(username: string, password: string, otp: string | undefined, meta: LoginMeta): Promise<{ token: string; user: UserEntity; session: SessionEntity }> {
    const startedAt = Date.now();
    const name = username.trim().toLowerCase();
    await this.throttle.assertAllowed(name, meta.ip);

    const fail = async (code: 'INVALID_CREDENTIALS' | 'OTP_INVALID', userId: string | null): Promise<never> => {
      await this.throttle.recordFailure(name, meta.ip);
      await this.audit.record({ type: 'login.failed', actorId: null, subjectId: userId, ip: meta.ip, data: { code } });
      await waitForFloor(startedAt);
      throw new DomainException(code);
    };

    const user = await this.verifyPassword(name, password);
    if (!user) return fail('INVALID_CREDENTIALS', null);

    const second = await this.totp.verifyAtLogin(user.id, otp);
    if (second === 'missing') {
      // The password was right: not a failure, but no session either until the code comes.
      await waitForFloor(startedAt);
      throw new DomainException('OTP_REQUIRED');
    }
    if (second === 'invalid') return fail('OTP_INVALID', user.id);

    await this.throttle.reset(name);
    const { token, session } = await this.sessions.create(user.id, { ip: meta.ip, userAgent: meta.userAgent });
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    await this.audit.record({ type: 'login.succeeded', actorId: user.id, subjectId: user.id, ip: meta.ip, data: { source: user.authSource } });
    return { token, user, session };
  }

  /** How a signed-in user proves it is still them before a sensitive step: the second factor if enrolled, else the password. */
  async reauthenticationMethod(userId: string): Promise<'otp' | 'password'> {
    return (await this.totp.isEnabled(userId)) ? 'otp' : 'password';
  }

  /**
   * Re-authentication of a signed-in user before a sensitive step (an advanced signature): the
   * TOTP code when the second factor is on, else the password — checked against the same store as
   * at login (local account or directory). Failures count against the account like failed logins,
   * so the step cannot be used to guess a password past the login throttle. The caller audits the
   * failure with its own context.
   */
  async reauthenticate(userId: string, proof: { password?: string; otp?: string }, ip: string | null): Promise<boolean> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user || !user.active) return false;
    const throttleKey = ip ?? `reauth:${userId}`;
    await this.throttle.assertAllowed(user.username, throttleKey);
    let ok: boolean;
    if ((await this.reauthenticationMethod(userId)) === 'otp') {
      ok = !!proof.otp && (await this.totp.verifyAtLogin(userId, proof.otp)) === 'ok';
    } else {
      const verified = proof.password ? await this.verifyPassword(user.username, proof.password) : null;
      ok = verified?.id === userId;
    }
    if (ok) return true;
    await this.throttle.recordFailure(user.username, throttleKey);
    return false;
  }

  /** Which store answers depends on AUTH_MODE; in `both`, a local account always wins over the directory. */
  private async verifyPassword(name: string, password: string): Promise<UserEntity | null> {
    const mode = this.config.auth.mode;
    if (mode === 'local') return this.verifyLocal(name, password);
    if (mode === 'both') {
      const local = await this.users.findOne({ where: { username: name, authSource: 'local' } });
      if (local) return this.verifyLocal(name, password);
    }
    return this.verifyDirectory(name, password);
  }

  private async verifyLocal(name: string, password: string): Promise<UserEntity | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.department', 'd')
      .where('u.username = :name', { name })
      .getOne();
    const usable = user && user.active && user.authSource === 'local' && user.passwordHash;
    const ok = await argon2.verify(usable ? (user.passwordHash as string) : this.dummyHash, password).catch(() => false);
    return usable && ok ? user : null;
  }

  private async verifyDirectory(name: string, password: string): Promise<UserEntity | null> {
    // Anything but a plain account name never reaches the directory (LDAP filter injection).
    if (!isAcceptableUsername(name)) return null;
    const result = await this.ldap.login(name, password);
    if (result.kind !== 'ok') return null;
    const profile = this.directory.toProfile(result.entry, result.groups);
    // The directory matched a different account than typed (e.g. a mail-based filter): refuse.
    if (!profile || (profile.username !== name && !name.includes('@'))) {
      this.logger.warn({ typed: name, found: profile?.username ?? null }, 'Directory returned another account than requested');
      return null;
    }
    return this.directory.upsert(profile);
  }
}
