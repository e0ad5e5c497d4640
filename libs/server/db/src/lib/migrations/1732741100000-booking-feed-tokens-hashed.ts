import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * iCal feed tokens are bearer secrets (a calendar client cannot log in). They are now found by
 * their SHA-256 (`token_hash`) and kept only sealed (`token_sealed`, SecretBox bound to the user)
 * so that the owner can copy the URL again while a database dump or backup reveals no usable URL.
 * Rows written before this migration keep their plain `token` until the service first touches them
 * (listing or serving the feed), which seals it and clears the plain column; SQL cannot seal
 * because the key lives outside the database.
 */
export class BookingFeedTokensHashed1732741100000 implements MigrationInterface {
  name = 'BookingFeedTokensHashed1732741100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE booking_feed_tokens ADD COLUMN token_hash bytea, ADD COLUMN token_sealed text`);
    await q.query(`UPDATE booking_feed_tokens SET token_hash = sha256(convert_to(token, 'UTF8'))`);
    await q.query(`ALTER TABLE booking_feed_tokens DROP CONSTRAINT booking_feed_tokens_pkey`);
    await q.query(`ALTER TABLE booking_feed_tokens ALTER COLUMN token DROP NOT NULL, ALTER COLUMN token_hash SET NOT NULL`);
    await q.query(`ALTER TABLE booking_feed_tokens ADD PRIMARY KEY (token_hash)`);
    await q.query(`ALTER TABLE booking_feed_tokens ADD CONSTRAINT booking_feed_tokens_secret_kept CHECK (token IS NOT NULL OR token_sealed IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed tokens cannot be opened in SQL: those feeds are dropped (their owners create new URLs).
    await q.query(`DELETE FROM booking_feed_tokens WHERE token IS NULL`);
    await q.query(`ALTER TABLE booking_feed_tokens DROP CONSTRAINT booking_feed_tokens_secret_kept, DROP CONSTRAINT booking_feed_tokens_pkey`);
    await q.query(`ALTER TABLE booking_feed_tokens DROP COLUMN token_hash, DROP COLUMN token_sealed, ALTER COLUMN token SET NOT NULL`);
    await q.query(`ALTER TABLE booking_feed_tokens ADD PRIMARY KEY (token)`);
  }
}
