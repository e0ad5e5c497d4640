import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingFeedInfo } from '@agendy/shared/contracts';
import { APP_CONFIG, AppConfig, DomainException, SecretBox } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { BookingViewer } from './booking-access';
import { BOOKING_SELECT, loadResource, type BookingRow } from './booking-store';
import type { ClientInfo } from './bookings.service';
import { renderCalendar, type CalendarEvent } from './ical';

const DAY_MS = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{32,100}$/;

const tokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
/** What a sealed token is bound to: a sealed value copied onto another user's row does not open. */
const sealContext = (userId: string) => `booking-feed:${userId}`;

interface StoredFeed {
  token_hash: Buffer;
  token: string | null;
  token_sealed: string | null;
  user_id: string;
  resource_id: string | null;
  created_at: Date;
}

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
 * Tokens are looked up by SHA-256 and kept only sealed, so a database dump holds no working URL.
 */
@Injectable()
export class BookingFeedsService {
  private readonly log = new Logger(BookingFeedsService.name);
  private readonly box: SecretBox;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = SecretBox.forPurpose(config, 'booking-feed-tokens');
  }

  async list(viewer: BookingViewer): Promise<{ items: BookingFeedInfo[] }> {
    const rows: StoredFeed[] = await this.ds.query(
      `SELECT token_hash, token, token_sealed, user_id, resource_id, created_at FROM booking_feed_tokens
       WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
      [viewer.facts.userId],
    );
    const items: BookingFeedInfo[] = [];
    for (const row of rows) {
      const token = await this.readToken(row);
      // A token sealed under another SIGNING_KEK cannot be shown; revoking and creating anew helps.
      if (token) items.push({ url: `/api/v1/booking-feeds/${token}.ics`, resourceId: row.resource_id, createdAt: row.created_at.toISOString() });
    }
    return { items };
  }

  /** The row's token in clear; a row from before sealing is sealed now (and its plain copy cleared). */
  private async readToken(row: StoredFeed, em: EntityManager = this.ds.manager): Promise<string | null> {
    if (row.token !== null) {
      await em.query(`UPDATE booking_feed_tokens SET token_sealed = $2, token = NULL WHERE token_hash = $1`, [row.token_hash, this.box.seal(row.token, sealContext(row.user_id))]);
      return row.token;
    }
    try {
      return this.box.open(row.token_sealed ?? '', sealContext(row.user_id));
    } catch {
      this.log.warn(`A booking feed token of user ${row.user_id} does not open (SIGNING_KEK replaced?); it is left out of the list.`);
      return null;
    }
  }

  /** Returns the active feed of the user (and resource), creating it on first use. */
  async ensure(viewer: BookingViewer, resourceId: string | undefined, client: ClientInfo): Promise<BookingFeedInfo> {
    if (resourceId && !(await loadResource(this.ds.manager, resourceId))) throw new DomainException('NOT_FOUND');
    const userId = viewer.facts.userId;
    const scope = resourceId ?? null;
    return this.ds.transaction(async (em) => {
      // One active feed per user and scope: concurrent first uses wait here and then find it.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('booking-feed:' || $1 || ':' || COALESCE($2::text, '-')))`, [userId, scope]);
      const [active]: StoredFeed[] = await em.query(
        `SELECT token_hash, token, token_sealed, user_id, resource_id, created_at FROM booking_feed_tokens
         WHERE user_id = $1 AND resource_id IS NOT DISTINCT FROM $2 AND revoked_at IS NULL`,
        [userId, scope],
      );
      const existing = active ? await this.readToken(active, em) : null;
      if (active && existing) return { url: `/api/v1/booking-feeds/${existing}.ics`, resourceId: scope, createdAt: active.created_at.toISOString() };
      // No feed yet, or one whose sealed token no longer opens (SIGNING_KEK replaced): a new URL.
      if (active) await em.query(`UPDATE booking_feed_tokens SET revoked_at = now() WHERE token_hash = $1`, [active.token_hash]);
      const token = randomBytes(32).toString('base64url');
      const [created]: Array<{ created_at: Date }> = await em.query(
        `INSERT INTO booking_feed_tokens (token_hash, token_sealed, user_id, resource_id) VALUES ($1, $2, $3, $4) RETURNING created_at`,
        [tokenHash(token), this.box.seal(token, sealContext(userId)), userId, scope],
      );
      await this.audit.append(em, { actorId: userId, action: 'booking-feed.create', objectType: 'booking-feed', objectId: resourceId ?? userId, ip: client.ip, details: { resourceId: scope } });
      return { url: `/api/v1/booking-feeds/${token}.ics`, resourceId: scope, createdAt: (created?.created_at ?? new Date()).toISOString() };
    });
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
    const [feed]: Array<StoredFeed & { display_name: string; resource_name: string | null }> = await this.ds.query(
      `SELECT t.token_hash, t.token, t.token_sealed, t.user_id, t.resource_id, t.created_at, u.display_name, r.name AS resource_name
       FROM booking_feed_tokens t JOIN users u ON u.id = t.user_id AND u.active
       LEFT JOIN resources r ON r.id = t.resource_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [tokenHash(token)],
    );
    if (!feed) throw new DomainException('NOT_FOUND');
    if (feed.token !== null) await this.readToken(feed);
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
