import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRegistry } from '@agendy/server/authority';

/** Tells the authority whose a notification is (rules/identity.ts notificationRule). */
@Injectable()
export class NotificationsAccess implements OnModuleInit {
  constructor(
    private readonly registry: AccessRegistry,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.registerObject('notification', async (subject, id) => {
      const [n]: Array<{ user_id: string }> = await this.ds.query(`SELECT user_id::text FROM notifications WHERE id = $1`, [id]);
      return n ? { recipient: n.user_id === subject.userId } : null;
    });
  }
}
