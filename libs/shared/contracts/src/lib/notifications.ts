import type { LocalizedText } from '@agendy/shared/util';
import type { Page } from './requests';

/** One in-app notification; the same text also goes out by e-mail when the user has an address. */
export interface NotificationItem {
  id: string;
  request: { id: string; reference: string } | null;
  message: LocalizedText;
  /** e.g. `deadline-reminder`, `deadline-escalation`; null for plain workflow messages. */
  template: string | null;
  createdAt: string;
  readAt: string | null;
}

/** `GET /api/v1/notifications?unread=true&cursor=…`: newest first. */
export interface NotificationListResponse extends Page<NotificationItem> {
  unreadCount: number;
}

/** `GET /api/v1/notifications/unread-count`: for the bell in the header. */
export interface UnreadCountResponse {
  unread: number;
}
