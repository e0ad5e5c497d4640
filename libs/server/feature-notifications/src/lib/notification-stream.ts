import { BeforeApplicationShutdown, Inject, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, type Subscriber } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { NotificationsService } from './notifications.service';

/** The channel the notifications trigger announces user ids on (migration 1732720100000). */
export const NOTIFICATION_CHANNEL = 'agendy_notifications';
const HEARTBEAT_MS = 25_000;
const RECONNECT_MS = 2_000;
/** Announcements for one user within this window cost one count query. */
const COALESCE_MS = 150;

interface Listener {
  userId: string;
  push: () => void;
  end: () => void;
}

/**
 * Live unread counts for the bell. One PostgreSQL connection per api process LISTENs on the
 * notifications channel; each announcement re-reads the unread count of that user and sends it to
 * every page the user has open. PostgreSQL rather than Redis: the count is in PostgreSQL, and the
 * bell keeps working while Redis is down. A lost connection is re-established and every open page
 * gets its count again (announcements made meanwhile were missed).
 */
@Injectable()
export class NotificationStream implements BeforeApplicationShutdown {
  private readonly log = new Logger('NotificationStream');
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly ds: DataSource,
  ) {}

  /**
   * `unread` events for one user (now, and after every change) and a `ping` every 25 s, until the
   * page goes away, the session ends (checked at each ping) or the server stops.
   */
  stream(userId: string, sessionTokenHash: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const push = () => void this.sendCount(userId, subscriber);
      const listener: Listener = { userId, push, end: () => subscriber.complete() };
      this.listeners.add(listener);
      void this.ensureListening();
      push();
      const heartbeat = setInterval(() => {
        void this.sessionAlive(sessionTokenHash).then((alive) => (alive ? subscriber.next({ type: 'ping', data: {} }) : subscriber.complete()));
      }, HEARTBEAT_MS);
      return () => {
        clearInterval(heartbeat);
        this.listeners.delete(listener);
      };
    });
  }

  /** How many pages are connected (metrics, tests). */
  get openStreams(): number {
    return this.listeners.size;
  }

  beforeApplicationShutdown(): Promise<void> {
    // Open streams would keep the HTTP server from closing: end them, then stop listening.
    this.stopping = true;
    for (const l of [...this.listeners]) l.end();
    for (const t of this.pending.values()) clearTimeout(t);
    const client = this.client;
    this.client = null;
    return client ? client.end().catch(() => undefined) : Promise.resolve();
  }

  private async sendCount(userId: string, subscriber: Subscriber<MessageEvent>): Promise<void> {
    try {
      const unread = await this.notifications.unreadCount(userId);
      if (!subscriber.closed) subscriber.next({ type: 'unread', data: { unread } });
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'unread count for the stream failed');
    }
  }

  private announced(userId: string): void {
    if (this.pending.has(userId)) return;
    this.pending.set(
      userId,
      setTimeout(() => {
        this.pending.delete(userId);
        for (const l of this.listeners) if (l.userId === userId) l.push();
      }, COALESCE_MS),
    );
  }

  private async sessionAlive(tokenHash: string): Promise<boolean> {
    try {
      const rows: unknown[] = await this.ds.query(`SELECT 1 FROM sessions WHERE token_hash = $1 AND idle_expires_at > now() AND absolute_expires_at > now()`, [tokenHash]);
      return rows.length > 0;
    } catch {
      return true; // the database being away is not the session ending; the next ping asks again
    }
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.stopping) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.database.url, application_name: 'agendy-notification-stream' });
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFICATION_CHANNEL && msg.payload) this.announced(msg.payload);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (!this.stopping && this.listeners.size > 0) setTimeout(() => void this.reconnect(), RECONNECT_MS);
    };
    client.on('error', (e) => {
      this.log.warn({ err: e.message }, 'notification listener lost its connection');
      lost();
    });
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
      if (this.stopping) {
        await client.end();
        return;
      }
      this.client = client;
      // Announcements made before LISTEN took effect (first connection or a reconnection) were not
      // heard: every open page gets its count again.
      for (const l of this.listeners) l.push();
    } catch (e) {
      client.end().catch(() => undefined);
      this.log.warn({ err: (e as Error).message }, 'notification listener cannot connect; retrying');
      if (!this.stopping) setTimeout(() => void this.reconnect(), RECONNECT_MS);
    }
  }

  private async reconnect(): Promise<void> {
    if (this.client || this.stopping || this.listeners.size === 0) return;
    await this.ensureListening();
  }
}
