import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationItem, NotificationListResponse, Role } from '@agendy/shared/contracts';
import type { LocalizedText } from '@agendy/shared/util';
import { DomainException } from '@agendy/server/core';

type Row = { id: string; request_id: string | null; reference: string | null; template: string | null; message_cs: string; message_en: string; created_at: Date; read_at: Date | null };

/** The in-app list: a user only ever reads and marks their own notifications. */
@Injectable()
export class NotificationsService {
  constructor(private readonly ds: DataSource) {}

  async list(userId: string, unreadOnly: boolean, limit: number, cursor: { at: string; id: string } | undefined): Promise<NotificationListResponse> {
    const params: unknown[] = [userId];
    const where = ['n.user_id = $1'];
    if (unreadOnly) where.push('n.read_at IS NULL');
    if (cursor) where.push(`(n.created_at, n.id) < ($${params.push(cursor.at)}::timestamptz, $${params.push(cursor.id)}::uuid)`);
    const rows: Row[] = await this.ds.query(
      `SELECT n.id, n.request_id, r.reference, n.template, n.message_cs, n.message_en, n.created_at, n.read_at
       FROM notifications n LEFT JOIN requests r ON r.id = n.request_id
       WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toItem),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([new Date(last.created_at).toISOString(), last.id])).toString('base64url') : null,
      unreadCount: await this.unreadCount(userId),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return row.n;
  }

  async markRead(userId: string, id: string): Promise<void> {
    const rows: unknown[] = await this.ds.query(`WITH u AS (UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id) SELECT id FROM u`, [id, userId]);
    if (rows.length === 0) throw new DomainException('NOT_FOUND');
  }

  async markAllRead(userId: string): Promise<void> {
    await this.ds.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }

  /**
   * A notification about the system rather than a request (e.g. an effect incident for system
   * administrators): one in-app notification for every active user holding `role`, written in the
   * caller's transaction so it commits with the event it reports. `key` makes it idempotent (one
   * per key and user; it shares the unique `effect_id` column, so it must not look like an outbox
   * id — prefix it, e.g. `incident/<id>`). In-app only: e-mail goes out from the `effects.notify`
   * job of an effect, and this has none. Returns how many users were notified.
   */
  async notifyRole(em: EntityManager, role: Role, notification: { key: string; message: LocalizedText; template: string }): Promise<number> {
    const rows: unknown[] = await em.query(
      `INSERT INTO notifications (user_id, request_id, effect_id, template, message_cs, message_en, email_status)
       SELECT u.id, NULL, $2, $3, $4, $5, 'skipped' FROM users u WHERE u.active AND $1 = ANY(u.roles)
       ON CONFLICT (effect_id, user_id) DO NOTHING
       RETURNING id`,
      [role, notification.key, notification.template, notification.message.cs, notification.message.en],
    );
    return rows.length;
  }
}

function toItem(r: Row): NotificationItem {
  return {
    id: r.id,
    request: r.request_id && r.reference ? { id: r.request_id, reference: r.reference } : null,
    message: { cs: r.message_cs, en: r.message_en },
    template: r.template,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
