import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BookingFeedInfo } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { BookingViewer } from './booking-access';
import { BOOKING_SELECT, loadResource, type BookingRow } from './booking-store';
import type { ClientInfo } from './bookings.service';
import { renderCalendar, type CalendarEvent } from './ical';

const DAY_MS = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{32,100}$/;

/** One booking as a calendar event; `detailed` = the reader may see its title (else just "Obsazeno"). */
export function bookingEvent(b: BookingRow, detailed: boolean): CalendarEvent {
  const status = b.status === 'cancelled' ? 'CANCELLED' : b.status === 'pending' ? 'TENTATIVE' : 'CONFIRMED';
  return {
    uid: `${b.id}@agendy`,
    start: b.start,
    end: b.end,
    summary: detailed ? `${b.title} – ${b.resource_name}` : `Obsazeno – ${b.resource_name}`,
    location: b.resource_name,
    description: detailed ? [b.destination ? `Cíl: ${b.destination}` : null, `Rezervoval(a): ${b.owner_name}`, b.status === 'pending' ? 'Čeká na schválení.' : null].filter(Boolean).join('\n') : null,
    status,
    sequence: b.version,
  };
}

/**
 * iCal feeds on tokenised URLs: calendar clients cannot log in, so a long random token stands for
 * the user. A user feed lists their bookings and the shared trips they joined; a resource feed lists
 * the resource's bookings, with titles only of the token owner's own bookings (others: "Obsazeno").
 */
@Injectable()
export class BookingFeedsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async list(viewer: BookingViewer): Promise<{ items: BookingFeedInfo[] }> {
    const rows: Array<{ token: string; resource_id: string | null; created_at: Date }> = await this.ds.query(
      `SELECT token, resource_id, created_at FROM booking_feed_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
      [viewer.facts.userId],
    );
    return { items: rows.map((r) => ({ url: `/api/v1/booking-feeds/${r.token}.ics`, resourceId: r.resource_id, createdAt: r.created_at.toISOString() })) };
  }

  /** Returns the active feed of the user (and resource), creating it on first use. */
  async ensure(viewer: BookingViewer, resourceId: string | undefined, client: ClientInfo): Promise<BookingFeedInfo> {
    if (resourceId && !(await loadResource(this.ds.manager, resourceId))) throw new DomainException('NOT_FOUND');
    const token = randomBytes(32).toString('base64url');
    await this.ds.transaction(async (em) => {
      const rows: unknown[] = await em.query(
        `INSERT INTO booking_feed_tokens (token, user_id, resource_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING token`,
        [token, viewer.facts.userId, resourceId ?? null],
      );
      if (rows.length > 0) await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking-feed.create', objectType: 'booking-feed', objectId: resourceId ?? viewer.facts.userId, ip: client.ip, details: { resourceId: resourceId ?? null } });
    });
    const feed = (await this.list(viewer)).items.find((f) => f.resourceId === (resourceId ?? null));
    if (!feed) throw new Error('feed token vanished');
    return feed;
  }

  /** Revokes the user's feed(s) of that scope; the next ensure() issues a new URL. */
  async revoke(viewer: BookingViewer, resourceId: string | undefined, client: ClientInfo): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE booking_feed_tokens SET revoked_at = now() WHERE user_id = $1 AND resource_id IS NOT DISTINCT FROM $2 AND revoked_at IS NULL`, [viewer.facts.userId, resourceId ?? null]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking-feed.revoke', objectType: 'booking-feed', objectId: resourceId ?? viewer.facts.userId, ip: client.ip, details: {} });
    });
  }

  /** The feed's text, or 404 for an unknown or revoked token (same answer, nothing to probe). */
  async render(tokenParam: string): Promise<string> {
    const token = tokenParam.replace(/\.ics$/, '');
    if (!TOKEN.test(token)) throw new DomainException('NOT_FOUND');
    const [feed]: Array<{ user_id: string; resource_id: string | null; display_name: string; resource_name: string | null }> = await this.ds.query(
      `SELECT t.user_id, t.resource_id, u.display_name, r.name AS resource_name FROM booking_feed_tokens t JOIN users u ON u.id = t.user_id AND u.active
       LEFT JOIN resources r ON r.id = t.resource_id WHERE t.token = $1 AND t.revoked_at IS NULL`,
      [token],
    );
    if (!feed) throw new DomainException('NOT_FOUND');
    const from = new Date(Date.now() - 60 * DAY_MS);
    const to = new Date(Date.now() + 400 * DAY_MS);
    let rows: BookingRow[];
    if (feed.resource_id) {
      rows = await this.ds.query(`${BOOKING_SELECT} WHERE b.resource_id = $1 AND b.during && tstzrange($2, $3) AND b.status <> 'cancelled' ORDER BY lower(b.during) LIMIT 5000`, [feed.resource_id, from, to]);
    } else {
      rows = await this.ds.query(
        `${BOOKING_SELECT} WHERE (b.owner_id = $1 OR EXISTS (SELECT 1 FROM booking_passengers p WHERE p.booking_id = b.id AND p.user_id = $1))
           AND b.during && tstzrange($2, $3) ORDER BY lower(b.during) LIMIT 5000`,
        [feed.user_id, from, to],
      );
    }
    const events = rows.map((b) => bookingEvent(b, b.owner_id === feed.user_id || b.joined.some((p) => p.id === feed.user_id)));
    return renderCalendar(events, { name: feed.resource_id ? `Rezervace – ${feed.resource_name}` : `Moje rezervace – ${feed.display_name}` });
  }
}
