import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live notification counts: every new notification and every change of its read state announces
 * the user's id on the channel `agendy_notifications`. Each api process LISTENs and pushes the new
 * unread count to that user's open pages (server-sent events), whoever wrote the row — the worker's
 * notify handler, a register job or another api replica.
 */
export class NotificationEvents1732720100000 implements MigrationInterface {
  name = 'NotificationEvents1732720100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION announce_notification_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('agendy_notifications', NEW.user_id::text);
        RETURN NULL;
      END $$`);
    // Postgres folds identical announcements of one transaction into one.
    await q.query(`CREATE TRIGGER notifications_announce AFTER INSERT OR UPDATE OF read_at ON notifications FOR EACH ROW EXECUTE FUNCTION announce_notification_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notifications_announce ON notifications`);
    await q.query(`DROP FUNCTION announce_notification_change()`);
  }
}
