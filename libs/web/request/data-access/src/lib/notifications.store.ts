import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { NotificationItem, NotificationListResponse, UnreadCountResponse } from '@agendy/shared/contracts';
import { ENDPOINTS, queryParams, seg } from './api';

export const NOTIFICATION_POLL_MS = 30_000;

/**
 * In-app notifications as signals: the unread count for the bell (polled every 30 s while the tab
 * is visible, and at once when it becomes visible again), the latest items for
 * the panel and the home page, marking as read. One instance for the app.
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

  readonly unread = this._unread.asReadonly();
  readonly items = this._items.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  /** Asks for the unread count now and every `intervalMs`; returns the function that stops it. */
  startPolling(intervalMs = NOTIFICATION_POLL_MS): () => void {
    this.stopPolling();
    void this.refreshCount();
    // A hidden tab skips its ticks: no traffic from forgotten tabs, and the count is fresh on return.
    this.timer = setInterval(() => {
      if (this.document.visibilityState !== 'hidden') void this.refreshCount();
    }, intervalMs);
    this.document.addEventListener('visibilitychange', this.onVisible);
    return () => this.stopPolling();
  }

  stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.document.removeEventListener('visibilitychange', this.onVisible);
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
