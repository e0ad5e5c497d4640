import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditWriter } from '@agendy/server/feature-audit';
import { OutboxProcessor } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import type { BookingRecord } from '@agendy/workflow/engine';
import type { ResourceType } from '@agendy/shared/contracts';
import { PROVISIONAL_STATES } from './booking-approvals';
import { insertBooking, isExclusionViolation } from './booking-store';
import { loadRules } from './bookings.service';

interface RequestFacts {
  id: string;
  filer_id: string;
  state: string;
  final: boolean;
  reference: string;
  snapshot: { bookings?: BookingRecord[]; data?: Record<string, unknown> };
}

const same = (a: BookingRecord, b: BookingRecord) =>
  a.bookingKey === b.bookingKey && a.resourceType === b.resourceType && a.resourceId === b.resourceId && Date.parse(a.start) === Date.parse(b.start) && Date.parse(a.end) === Date.parse(b.end);

/**
 * The engine's createBooking/cancelBooking effects (room and car agendas). Idempotent twice over:
 * the outbox row is processed once (OutboxProcessor.runOnce), and both handlers compare with the
 * request's current snapshot, so the order in which a re-booking's cancel and create jobs run does
 * not matter: a superseded create does nothing, and a cancel never removes the current booking.
 */
@Injectable()
export class BookingEffectHandlers {
  private readonly logger = new Logger('BookingEffects');

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly audit: AuditWriter,
  ) {}

  private async request(em: EntityManager, id: string | null): Promise<RequestFacts | undefined> {
    if (!id) return undefined;
    const [row]: RequestFacts[] = await em.query(`SELECT id, filer_id, state, final, reference, snapshot FROM requests WHERE id = $1 FOR SHARE`, [id]);
    return row;
  }

  @JobHandler('effects.create-booking')
  async createBooking(p: OutboxJob): Promise<string> {
    let outcome = 'created';
    const result = await this.processor.runOnce(p.outboxId, async (em, row) => {
      if (row.effect.type !== 'createBooking') return;
      const rec = row.effect.booking;
      const req = await this.request(em, row.requestId);
      if (!req || !(req.snapshot.bookings ?? []).some((b) => same(b, rec))) {
        outcome = 'superseded';
        return;
      }
      const [resource]: Array<{ id: string; type: ResourceType }> = await em.query(`SELECT id, type FROM resources WHERE type = $1 AND code = $2`, [rec.resourceType, rec.resourceId]);
      if (!resource) {
        outcome = 'unknown-resource';
        this.logger.warn({ outboxId: p.outboxId, resource: rec.resourceId }, 'createBooking for a resource that is not in the catalogue');
        return;
      }
      const status = PROVISIONAL_STATES.includes(req.state) ? 'pending' : 'confirmed';
      const active: Array<{ id: string; same: boolean; status: string }> = await em.query(
        `SELECT id, (resource_id = $2 AND lower(during) = $3::timestamptz AND upper(during) = $4::timestamptz) AS same, status
         FROM bookings WHERE booking_key = $1 AND status <> 'cancelled' FOR UPDATE`,
        [rec.bookingKey, resource.id, rec.start, rec.end],
      );
      const existing = active.find((a) => a.same);
      // A re-booking replaces the previous booking of the same key (its cancel job may not have run yet).
      for (const old of active.filter((a) => !a.same)) {
        await em.query(`UPDATE bookings SET status = 'cancelled', cancelled_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [old.id]);
        await this.audit.append(em, { actorId: null, action: 'booking.cancel', objectType: 'booking', objectId: old.id, details: { reason: 'rebooked', requestId: req.id } });
      }
      if (existing) {
        outcome = 'already-booked';
        if (existing.status === 'pending' && status === 'confirmed') {
          await em.query(`UPDATE bookings SET status = 'confirmed', version = version + 1, updated_at = now() WHERE id = $1`, [existing.id]);
          await this.audit.append(em, { actorId: null, action: 'booking.confirm', objectType: 'booking', objectId: existing.id, details: { requestId: req.id, requestState: req.state } });
        }
        return;
      }
      const rules = await loadRules(em, resource.type);
      const data = req.snapshot.data ?? {};
      const title = typeof data['title'] === 'string' ? data['title'] : typeof data['purpose'] === 'string' ? data['purpose'] : req.reference;
      await em.query('SAVEPOINT create_booking');
      try {
        const id = await insertBooking(em, {
          resourceId: resource.id,
          ownerId: req.filer_id,
          title: title.slice(0, 200),
          start: new Date(rec.start),
          end: new Date(rec.end),
          bufferMinutes: rules.bufferMinutes,
          status,
          requestId: req.id,
          bookingKey: rec.bookingKey,
          passengers: typeof data['passengers'] === 'number' ? data['passengers'] : 0,
          destination: typeof data['destination'] === 'string' ? data['destination'] : null,
        });
        await em.query('RELEASE SAVEPOINT create_booking');
        await this.audit.append(em, { actorId: null, action: 'booking.create', objectType: 'booking', objectId: id, details: { requestId: req.id, resource: rec.resourceId, start: rec.start, end: rec.end, status } });
      } catch (e) {
        if (!isExclusionViolation(e)) throw e;
        await em.query('ROLLBACK TO SAVEPOINT create_booking');
        // The slot was taken meanwhile: recorded for the facility/fleet manager, the request stays as it is.
        outcome = 'conflict';
        await this.audit.append(em, { actorId: null, action: 'booking.conflict', objectType: 'request', objectId: req.id, details: { resource: rec.resourceId, start: rec.start, end: rec.end } });
        this.logger.warn({ outboxId: p.outboxId, requestId: req.id }, 'createBooking refused: the slot is taken');
      }
    });
    this.logger.debug({ outboxId: p.outboxId, result, outcome }, 'createBooking');
    return result === 'done' ? outcome : result;
  }

  @JobHandler('effects.cancel-booking')
  async cancelBooking(p: OutboxJob): Promise<string> {
    let outcome = 'cancelled';
    const result = await this.processor.runOnce(p.outboxId, async (em, row) => {
      if (row.effect.type !== 'cancelBooking') return;
      const rec = row.effect.booking;
      const req = await this.request(em, row.requestId);
      if (req && (req.snapshot.bookings ?? []).some((b) => same(b, rec))) {
        // Re-booked at the very same time: the booking is current again.
        outcome = 'still-current';
        return;
      }
      const rows: Array<{ id: string }> = await em.query(
        `WITH c AS (
           UPDATE bookings b SET status = 'cancelled', cancelled_at = now(), version = b.version + 1, updated_at = now()
           FROM resources r
           WHERE r.id = b.resource_id AND b.booking_key = $1 AND r.type = $2 AND r.code = $3
             AND lower(b.during) = $4::timestamptz AND upper(b.during) = $5::timestamptz AND b.status <> 'cancelled'
           RETURNING b.id)
         SELECT id FROM c`,
        [rec.bookingKey, rec.resourceType, rec.resourceId, rec.start, rec.end],
      );
      if (rows.length === 0) outcome = 'nothing-to-cancel';
      for (const r of rows) {
        await this.audit.append(em, { actorId: null, action: 'booking.cancel', objectType: 'booking', objectId: r.id, details: { reason: 'request', requestId: row.requestId, requestState: req?.state } });
      }
    });
    this.logger.debug({ outboxId: p.outboxId, result, outcome }, 'cancelBooking');
    return result === 'done' ? outcome : result;
  }
}
