import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditWriter } from '@agendy/server/feature-audit';
import { formatPragueDateTimeCs } from '@agendy/shared/util';
import { BookingNotices } from './booking-notices';

/** Request states in which a linked booking only holds the time provisionally. */
export const PROVISIONAL_STATES = ['draft', 'approval'];

/**
 * A booking of a resource that needs approval is `pending` while its agenda request waits for the
 * manager; once the workflow has moved on (approved → `confirmed`/`reserved`) the booking is
 * confirmed. Rejection and cancellation arrive as the engine's cancelBooking effect. The agendas'
 * approve steps carry no booking effect, so the booking follows the request's state: on every read
 * of a pending booking, when the createBooking effect is handled, and by the worker's sweep.
 */
@Injectable()
export class BookingApprovals {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly notices: BookingNotices,
  ) {}

  /**
   * Confirms pending bookings whose request left the provisional states; returns the confirmed ids.
   * The owner gets the confirmation (with the .ics e-mail) through the outbox, written in the same
   * transaction; inside a caller's transaction the caller's commit decides, and the worker's poller
   * relays it (or the caller kicks the relay).
   */
  async sync(ids?: readonly string[], em?: EntityManager): Promise<string[]> {
    const run = async (m: EntityManager): Promise<string[]> => {
      const rows: Array<{ id: string; request_id: string; state: string; owner_id: string; title: string; start: Date; end: Date; name: string }> = await m.query(
        // Wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
        `WITH changed AS (
           UPDATE bookings b SET status = 'confirmed', version = b.version + 1, updated_at = now()
           FROM requests r
           WHERE b.request_id = r.id AND b.status = 'pending' AND NOT (r.state = ANY($1)) AND (NOT r.final OR r.outcome = 'completed')
             AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[]))
           RETURNING b.id, b.request_id, r.state, b.owner_id, b.title, lower(b.during) AS start, upper(b.during) AS "end", b.resource_id)
         SELECT c.*, res.name FROM changed c JOIN resources res ON res.id = c.resource_id ORDER BY c.id`,
        [PROVISIONAL_STATES, ids ? [...ids] : null],
      );
      for (const row of rows) {
        await this.audit.append(m, {
          actorId: null,
          action: 'booking.confirm',
          objectType: 'booking',
          objectId: row.id,
          details: { requestId: row.request_id, requestState: row.state, status: { from: 'pending', to: 'confirmed' } },
        });
        const when = `${formatPragueDateTimeCs(row.start)} – ${formatPragueDateTimeCs(row.end)}`;
        await this.notices.write(m, [
          {
            userId: row.owner_id,
            bookingId: row.id,
            kind: 'confirmed',
            cs: `Rezervace schválena a potvrzena: ${row.name}, ${when} (${row.title}).`,
            en: `Booking approved and confirmed: ${row.name}, ${when} (${row.title}).`,
          },
        ]);
      }
      return rows.map((r) => r.id);
    };
    if (em) return run(em);
    if (ids && ids.length === 0) return [];
    const confirmed = await this.ds.transaction(run);
    if (confirmed.length > 0) this.notices.afterCommit();
    return confirmed;
  }
}

/** The worker's sweep: confirms approved bookings every few seconds. */
@Injectable()
export class BookingApprovalSweep implements OnApplicationBootstrap, OnModuleDestroy {
  static intervalMs = 5_000;
  private readonly logger = new Logger('BookingApprovalSweep');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly approvals: BookingApprovals) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), BookingApprovalSweep.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const confirmed = await this.approvals.sync();
      if (confirmed.length > 0) this.logger.log({ confirmed }, 'Approved bookings confirmed');
    } catch (e) {
      this.logger.warn({ err: e }, 'Booking approval sweep failed');
    } finally {
      this.running = false;
    }
  }
}
