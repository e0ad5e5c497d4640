import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainException, SecretBox } from '@agendy/server/core';
import type { OtpEnrolmentResponse } from '@agendy/shared/contracts';
import type { UserEntity } from '@agendy/server/db';
import { returnedRows } from '../access/sql';
import { IdentityAuditHub } from '../audit/identity-audit';
import { hasRole } from '../policy/policy';
import { generateTotpSecret, otpauthUrl, TOTP_DIGITS, TOTP_PERIOD_SECONDS, verifyTotp } from './totp';

/**
 * Optional TOTP second factor for local accounts and for admins (directory accounts' other
 * users are protected by the directory's own policy). Once enabled, every login needs a code.
 */
@Injectable()
export class TotpService {
  /** Shared secrets are stored sealed (bound to their user), never as they are. */
  private readonly box: SecretBox;
  private readonly log = new Logger(TotpService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
  ) {
    this.box = SecretBox.forPurpose(config, 'totp-secrets');
  }

  static mayEnrol(user: Pick<UserEntity, 'authSource' | 'roles'>): boolean {
    return user.authSource === 'local' || hasRole(user, 'agenda-admin', 'system-admin');
  }

  async isEnabled(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM user_totp WHERE user_id = $1 AND enabled`, [userId]);
    return rows.length > 0;
  }

  /** Starts (or restarts) enrolment; an enabled factor must be disabled first, with a valid code. */
  async beginEnrolment(user: UserEntity): Promise<OtpEnrolmentResponse> {
    if (!TotpService.mayEnrol(user)) throw new DomainException('FORBIDDEN', 'The second factor is for local accounts and administrators');
    const secret = generateTotpSecret();
    const rows: unknown[] = await this.db.query(
      `INSERT INTO user_totp (user_id, secret, enabled, created_at) VALUES ($1, $2, false, now())
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL WHERE NOT user_totp.enabled
       RETURNING user_id`,
      [user.id, this.box.seal(secret, user.id)],
    );
    if (rows.length === 0) throw new DomainException('CONFLICT', 'The second factor is already enabled');
    return { secret, otpauthUrl: otpauthUrl(this.config.auth.totpIssuer, user.username, secret), digits: TOTP_DIGITS, periodSeconds: TOTP_PERIOD_SECONDS };
  }

  async confirmEnrolment(user: UserEntity, code: string, now = new Date()): Promise<void> {
    if (!(await this.consume(user.id, code, false, now))) throw new DomainException('OTP_INVALID');
    await this.db.query(`UPDATE user_totp SET enabled = true, confirmed_at = $2 WHERE user_id = $1`, [user.id, now]);
    await this.audit.record({ type: 'otp.enabled', actorId: user.id, subjectId: user.id });
  }

  async disable(user: UserEntity, code: string, now = new Date()): Promise<void> {
    if (!(await this.consume(user.id, code, true, now))) throw new DomainException('OTP_INVALID');
    await this.db.query(`DELETE FROM user_totp WHERE user_id = $1`, [user.id]);
    await this.audit.record({ type: 'otp.disabled', actorId: user.id, subjectId: user.id });
  }

  /** An administrator removes someone's factor without a code (lost phone, replaced SIGNING_KEK). */
  async reset(userId: string, adminId: string): Promise<void> {
    const removed = returnedRows(await this.db.query(`DELETE FROM user_totp WHERE user_id = $1 RETURNING user_id`, [userId]));
    if (!removed.length) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'otp.reset', actorId: adminId, subjectId: userId });
  }

  /** Login check: true when the user has no factor enabled or the code is right (and unused). */
  async verifyAtLogin(userId: string, code: string | undefined, now = new Date()): Promise<'not-enrolled' | 'ok' | 'missing' | 'invalid'> {
    if (!(await this.isEnabled(userId))) return 'not-enrolled';
    if (!code) return 'missing';
    return (await this.consume(userId, code, true, now)) ? 'ok' : 'invalid';
  }

  /**
   * Verifies a code and remembers its step atomically (row lock), so one code works once even
   * when two logins race with it.
   */
  private consume(userId: string, code: string, enabled: boolean, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{ secret: string; last_used_step: string | null }> = await tx.query(`SELECT secret, last_used_step FROM user_totp WHERE user_id = $1 AND enabled = $2 FOR UPDATE`, [userId, enabled]);
      if (!rows[0]) return false;
      // Secrets enrolled before they were sealed are read as they are and sealed at their next use.
      const stored = rows[0].secret;
      const secret = SecretBox.isSealed(stored) ? this.openSecret(stored, userId) : stored;
      if (secret === null) return false;
      const step = verifyTotp(secret, code, now.getTime(), rows[0].last_used_step === null ? null : Number(rows[0].last_used_step));
      if (step === null) return false;
      await tx.query(`UPDATE user_totp SET last_used_step = $2, secret = $3 WHERE user_id = $1`, [userId, step, SecretBox.isSealed(stored) ? stored : this.box.seal(stored, userId)]);
      return true;
    });
  }

  /** A secret that does not open (altered, copied from another user, another SIGNING_KEK) accepts no code. */
  private openSecret(sealed: string, userId: string): string | null {
    try {
      return this.box.open(sealed, userId);
    } catch {
      this.log.error(`The TOTP secret of user ${userId} cannot be opened (altered, copied or sealed under another SIGNING_KEK); no code is accepted until it is re-enrolled`);
      return null;
    }
  }
}
