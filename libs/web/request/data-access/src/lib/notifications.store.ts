import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { NotificationItem, NotificationListResponse, UnreadCountResponse } from '@agendy/shared/contracts';
import { ENDPOINTS, queryParams, seg } from './api';

export const NOTIFICATION_POLL_MS = 30_000;

/**
 * In-app notifications as signals: the unread count for the bell — live from the server-sent
 * events of `/notifications/stream`, and polled every 30 s (visible tab only, and at once when it
 * becomes visible again) whenever the stream is not open — the latest items for the panel and the
 * home page, marking as read. One instance for the app.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  /** Coming back to the tab asks at once instead of waiting for the next tick. */
  private readonly onVisible = () => {
    if (this.document.visibilityState === 'visible') void this.refreshCount();
  };
  private readonly _unread = signal(0);
  private readonly _items = signal<NotificationItem[]>([]);
  private readonly _loading = signal(false);
  private readonly _error = signal<unknown>(null);
  private timer: ReturnType<typeof setInterval> | null = null;
  private source: EventSource | null = null;

  readonly unread = this._unread.asReadonly();
  readonly items = this._items.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  /**
   * Follows the unread count: the live stream where the browser has EventSource, and a poll every
   * `intervalMs` while the stream is not open (connecting, refused, or a proxy that cuts it).
   * Returns the function that stops both.
   */
  startPolling(intervalMs = NOTIFICATION_POLL_MS): () => void {
    this.stopPolling();
    void this.refreshCount();
    this.openStream();
    // A hidden tab skips its ticks: no traffic from forgotten tabs, and the count is fresh on return.
    this.timer = setInterval(() => {
      if (this.document.visibilityState !== 'hidden' && !this.streaming()) void this.refreshCount();
    }, intervalMs);
    this.document.addEventListener('visibilitychange', this.onVisible);
    return () => this.stopPolling();
  }

  stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.document.removeEventListener('visibilitychange', this.onVisible);
  }

  private streaming(): boolean {
    return this.source !== null && this.source.readyState === this.source.OPEN;
  }

  private openStream(): void {
    const EventSourceImpl = this.document.defaultView?.EventSource;
    if (!EventSourceImpl) return;
    const source = new EventSourceImpl(`${ENDPOINTS.notifications}/stream`);
    source.addEventListener('unread', (event) => {
      try {
        const { unread } = JSON.parse((event as MessageEvent<string>).data) as { unread?: unknown };
        if (typeof unread === 'number') this._unread.set(unread);
      } catch {
        // a malformed event changes nothing; the next one or the poll corrects the count
      }
    });
    this.source = source;
  }

  async refreshCount(): Promise<number> {
    try {
      const res = await firstValueFrom(this.http.get<UnreadCountResponse>(`${ENDPOINTS.notifications}/unread-count`));
      this._unread.set(res.unread);
    } catch {
      // A missed poll is not worth a message; the next one tries again.
    }
    return this._unread();
  }

  /** Loads the newest notifications (all, or unread only). */
  async load(options: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationItem[]> {
    this._loading.set(true);
    try {
      const res = await firstValueFrom(
        this.http.get<NotificationListResponse>(ENDPOINTS.notifications, {
          params: queryParams({ unread: options.unreadOnly ? 'true' : undefined, limit: options.limit ?? 20 }),
        }),
      );
      this._items.set(res.items);
      this._unread.set(res.unreadCount);
      this._error.set(null);
      return res.items;
    } catch (error) {
      this._error.set(error);
      throw error;
    } finally {
      this._loading.set(false);
    }
  }

  async markRead(id: string): Promise<void> {
    await firstValueFrom(this.http.post<void>(`${ENDPOINTS.notifications}/${seg(id)}/read`, null));
    const now = new Date().toISOString();
    let changed = false;
    this._items.update((items) =>
      items.map((item) => {
        if (item.id !== id || item.readAt) return item;
        changed = true;
        return { ...item, readAt: now };
      }),
    );
    if (changed) this._unread.update((n) => Math.max(0, n - 1));
    else void this.refreshCount();
  }

  async markAllRead(): Promise<void> {
    await firstValueFrom(this.http.post<void>(`${ENDPOINTS.notifications}/read-all`, null));
    const now = new Date().toISOString();
    this._items.update((items) => items.map((item) => (item.readAt ? item : { ...item, readAt: now })));
    this._unread.set(0);
  }
}
