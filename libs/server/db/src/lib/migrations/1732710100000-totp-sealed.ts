import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP secrets are stored sealed (SecretBox: `sealed:v1:<iv>.<tag>.<ciphertext>`). Rows written as
 * plain base32 before stay valid; the service seals them at their next use.
 */
export class TotpSealed1732710100000 implements MigrationInterface {
  name = 'TotpSealed1732710100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_check`);
    await q.query(`ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_check CHECK (secret ~ '^([A-Z2-7]{16,128}|sealed:v1:[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed secrets cannot be turned back into plain ones here: those users enrol again.
    await q.query(`DELETE FROM user_totp WHERE secret LIKE 'sealed:%'`);
    await q.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_check`);
    await q.query(`ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_check CHECK (secret ~ '^[A-Z2-7]{16,128}$')`);
  }
}
