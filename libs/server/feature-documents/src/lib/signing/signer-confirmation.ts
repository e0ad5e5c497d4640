import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { verifyTotp } from '@agendy/server/feature-identity';

/**
 * Re-authentication before an advanced signature: a TOTP code when the user has the second factor
 * on (one code works once: the step is remembered under a row lock, as at login), else the local
 * account's password. Mirrors TotpService.verifyAtLogin, which feature-identity does not export yet.
 */
@Injectable()
export class SignerConfirmation {
  constructor(private readonly ds: DataSource) {}

  async method(userId: string): Promise<'otp' | 'password'> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM user_totp WHERE user_id = $1 AND enabled`, [userId]);
    return rows.length ? 'otp' : 'password';
  }

  async verify(userId: string, confirm: { password?: string; otp?: string }, now = new Date()): Promise<boolean> {
    if ((await this.method(userId)) === 'otp') {
      if (!confirm.otp) return false;
      return this.ds.transaction(async (tx) => {
        const [row]: Array<{ secret: string; last_used_step: string | null }> = await tx.query(`SELECT secret, last_used_step FROM user_totp WHERE user_id = $1 AND enabled FOR UPDATE`, [userId]);
        if (!row) return false;
        const step = verifyTotp(row.secret, confirm.otp as string, now.getTime(), row.last_used_step === null ? null : Number(row.last_used_step));
        if (step === null) return false;
        await tx.query(`UPDATE user_totp SET last_used_step = $2 WHERE user_id = $1`, [userId, step]);
        return true;
      });
    }
    if (!confirm.password) return false;
    const [u]: Array<{ password_hash: string | null }> = await this.ds.query(`SELECT password_hash FROM users WHERE id = $1 AND active AND auth_source = 'local'`, [userId]);
    return !!u?.password_hash && (await argon2.verify(u.password_hash, confirm.password).catch(() => false));
  }
}
