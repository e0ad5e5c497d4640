import { Controller, Get, HttpCode, Param, Post, Query, Res, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { z } from 'zod';
import type { NotificationListResponse, UnreadCountResponse } from '@agendy/shared/contracts';
import { DomainException, parseBody } from '@agendy/server/core';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { NotificationStream } from './notification-stream';
import { NotificationsService } from './notifications.service';

const listSchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
});

function parseCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
  } catch {
    // invalid below
  }
  throw new DomainException('VALIDATION_FAILED', 'Invalid cursor', { errors: [{ pointer: '/cursor', rule: 'format', message: { cs: 'Neplatný kurzor.', en: 'Invalid cursor.' } }] });
}

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly live: NotificationStream,
  ) {}

  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: `unread` {unread} now and whenever my notifications change, `ping` every 25 s; ends with the session' })
  @Access.signedIn('the caller’s own unread count as events')
  stream(@Auth() auth: AuthContext, @Res({ passthrough: true }) res: Response): Observable<MessageEvent> {
    // A proxy (the nginx of docker/) must pass each event on at once rather than buffer the response.
    res.setHeader('X-Accel-Buffering', 'no');
    return this.live.stream(auth.user.id, auth.session.tokenHash);
  }

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with the unread count' })
  @Access.signedIn('the caller’s own notifications')
  list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<NotificationListResponse> {
    const q = parseBody(listSchema, query);
    return this.notifications.list(auth.user.id, q.unread === 'true', q.limit ?? 25, parseCursor(q.cursor));
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many unread notifications I have' })
  @Access.signedIn('the caller’s own unread count')
  async unread(@Auth() auth: AuthContext): Promise<UnreadCountResponse> {
    return { unread: await this.notifications.unreadCount(auth.user.id) };
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @Access.signedIn('marks the caller’s own notifications')
  readAll(@Auth() auth: AuthContext): Promise<void> {
    return this.notifications.markAllRead(auth.user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one notification read' })
  @Access.object('notification', 'id', 'mark-read')
  read(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainException('NOT_FOUND');
    return this.notifications.markRead(auth.user.id, id);
  }
}
