import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  BookingInfo,
  BookingListResponse,
  BookingRulesInfo,
  FieldError,
  OccurrencePreview,
  ResourceType,
  SeriesCreatedResponse,
  SeriesPreviewResponse,
} from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { actorsFor, AgendaRegistry } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { startRequest, transition, type FormData, type Rejection } from '@agendy/workflow/engine';
import { formatPragueDateTimeCs, pragueLocalToInstant, toPragueWallClock } from '@agendy/shared/util';
import type { z } from 'zod';
import { BOOKING_AGENDAS, BookingViewer, maySeeBooking, mayBook } from './booking-access';
import { BookingApprovals } from './booking-approvals';
import { linkHold } from './booking-holds';
import { BookingJobs, BookingNotices } from './booking-notices';
import { licenceViolations } from './driver-licences';
import { checkTimeRules, rulesException, rulesInfo, violation, type RuleRow, type RuleViolation } from './booking-rules';
import type { CreateBookingInput, listBookingsSchema, SeriesInput, updateBookingSchema, updateSeriesSchema } from './booking-schemas';
import {
  BOOKING_SELECT,
  bookingInfo,
  busySlot,
  conflictException,
  conflictInfo,
  findConflict,
  insertBooking,
  isExclusionViolation,
  loadBooking,
  loadResource,
  type BookingRow,
  type ResourceRow,
} from './booking-store';
import { expandRRule, RRuleError, type Occurrence } from './rrule';

export interface ClientInfo {
  ip: string | null;
}

/** The shipped rules (also inserted by the migration): used while an administrator has not saved any. */
export const DEFAULT_RULES: Record<ResourceType, BookingRulesInfo> = {
  room: { resourceType: 'room', minNoticeMinutes: 0, maxAdvanceDays: 365, minDurationMinutes: 15, maxDurationMinutes: 600, bufferMinutes: 0, businessStartMinute: 420, businessEndMinute: 1200, businessDays: [1, 2, 3, 4, 5], maxActivePerUser: 50 },
  car: { resourceType: 'car', minNoticeMinutes: 60, maxAdvanceDays: 90, minDurationMinutes: 30, maxDurationMinutes: 4320, bufferMinutes: 30, businessStartMinute: null, businessEndMinute: null, businessDays: [1, 2, 3, 4, 5, 6, 7], maxActivePerUser: 5 },
};

export async function loadRules(em: EntityManager, type: ResourceType): Promise<BookingRulesInfo> {
  const [row]: RuleRow[] = await em.query(`SELECT * FROM booking_rules WHERE resource_type = $1`, [type]);
  return row ? rulesInfo(row) : DEFAULT_RULES[type];
}

const DAY_MS = 86_400_000;

/**
 * An engine rejection as the answer the requests API gives for it (feature-requests keeps its
 * mapping private), so booking through the agenda and filing in it answer alike.
 */
function rejectionException(rejection: Rejection): DomainException {
  const extensions = { message: rejection.message };
  if (rejection.code === 'INVALID_DATA') {
    const errors: FieldError[] = (rejection.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, rule: e.keyword, message: e.message }));
    return new DomainException('VALIDATION_FAILED', rejection.message.en, { ...extensions, errors });
  }
  return new DomainException(rejection.code === 'NOT_ALLOWED' ? 'FORBIDDEN' : rejection.code, rejection.message.en, extensions);
}

/** Rolls the series' transaction back and carries the answer out of it. */
class AbortSeries extends Error {
  constructor(readonly answer: DomainException) {
    super(answer.message);
  }
}

/**
 * Bookings: the exclusion constraint decides conflicts (never a check-then-insert), rules are
 * checked before, every change is audited in its transaction, and resources that need approval
 * go through their agenda's workflow (the booking stays `pending` until the request is approved).
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly approvals: BookingApprovals,
    private readonly jobs: BookingJobs,
    private readonly notices: BookingNotices,
    private readonly registry: AgendaRegistry,
    @Optional() private readonly runtime?: RequestRuntime,
  ) {}

  /** Everything but the overlap: time rules, blackouts, resource state, car checks, per-user limit. */
  async violations(em: EntityManager, viewer: BookingViewer, r: ResourceRow, start: Date, end: Date, rules: BookingRulesInfo, newCount = 1, exceptSeries = false): Promise<RuleViolation[]> {
    const out = checkTimeRules(rules, start, end, new Date());
    if (!r.active) out.push(violation('RESOURCE_INACTIVE', '/resourceId', 'Zdroj je vyřazen z rezervací.', 'The resource is not available for booking.'));
    if (r.blocked_until && r.blocked_until.getTime() > start.getTime()) {
      out.push(violation('RESOURCE_BLOCKED', '/start', 'Vůz je do té doby blokován (servis).', 'The car is blocked for service until then.'));
    }
    if (r.type === 'car') {
      const endDay = toPragueWallClock(end).date;
      if (r.stk_due && r.stk_due < endDay) out.push(violation('CAR_STK_EXPIRED', '/end', 'Vozu do té doby vyprší STK.', "The car's roadworthiness test (STK) expires before then."));
      if (r.service_due && r.service_due < endDay) out.push(violation('CAR_SERVICE_OVERDUE', '/end', 'Vůz má do té doby prošlý servis.', 'The car is due for service before then.'));
    }
    const blackouts: Array<{ reason: string }> = await em.query(
      `SELECT reason FROM booking_blackouts WHERE resource_type = $1 AND (resource_id IS NULL OR resource_id = $2) AND during && tstzrange($3, $4, '[)') LIMIT 1`,
      [r.type, r.id, start, end],
    );
    if (blackouts[0]) out.push(violation('BOOKING_BLACKOUT', '/start', `V tu dobu nelze rezervovat: ${blackouts[0].reason}`, `Bookings are closed then: ${blackouts[0].reason}`));
    if (rules.maxActivePerUser !== null && !exceptSeries) {
      const [{ n }]: Array<{ n: number }> = await em.query(
        `SELECT count(*)::int AS n FROM bookings b JOIN resources r ON r.id = b.resource_id
         WHERE b.owner_id = $1 AND r.type = $2 AND b.status <> 'cancelled' AND upper(b.during) > now()`,
        [viewer.facts.userId, r.type],
      );
      if (n + newCount > rules.maxActivePerUser) {
        out.push(
          violation(
            'BOOKING_LIMIT_REACHED',
            '',
            `Můžete mít nejvýše ${rules.maxActivePerUser} budoucích rezervací tohoto druhu.`,
            `You may hold at most ${rules.maxActivePerUser} future bookings of this kind.`,
          ),
        );
      }
    }
    return out;
  }

  private async bookableResource(em: EntityManager, viewer: BookingViewer, resourceId: string): Promise<ResourceRow> {
    const r = await loadResource(em, resourceId);
    if (!r) throw new DomainException('NOT_FOUND', 'No such resource');
    if (!mayBook(viewer, r)) throw new DomainException('FORBIDDEN', 'You may not book this resource');
    return r;
  }

  /** Cars: the per-booking confirmation and the driver's recorded licence and training, valid until the end. */
  private async carChecks(viewer: BookingViewer, r: ResourceRow, input: { licenceConfirmed?: boolean }, end: Date): Promise<RuleViolation[]> {
    if (r.type !== 'car') return [];
    const out: RuleViolation[] = [];
    if (input.licenceConfirmed !== true) {
      out.push(
        violation(
          'LICENCE_NOT_CONFIRMED',
          '/licenceConfirmed',
          'Potvrďte platný řidičský průkaz a absolvované školení řidičů.',
          "Confirm a valid driver's licence and the periodic driver training.",
        ),
      );
    }
    out.push(...(await licenceViolations(this.ds.manager, viewer.facts.userId, toPragueWallClock(end).date)));
    return out;
  }

  /** Looks up who holds the slot after the constraint refused it, and tells the caller what they may know. */
  private async conflictFor(viewer: BookingViewer, resourceId: string, start: Date, end: Date, buffer: number, exceptId?: string): Promise<DomainException> {
    const other = await findConflict(this.ds.manager, resourceId, start, end, buffer, exceptId);
    return conflictException(other ? conflictInfo(other, maySeeBooking(viewer, other)) : undefined);
  }

  async create(viewer: BookingViewer, input: CreateBookingInput, client: ClientInfo): Promise<{ booking: BookingInfo; pending: boolean }> {
    const start = new Date(input.start);
    const end = new Date(input.end);
    const r = await this.bookableResource(this.ds.manager, viewer, input.resourceId);
    const rules = await loadRules(this.ds.manager, r.type);
    const problems = [...(await this.violations(this.ds.manager, viewer, r, start, end, rules)), ...(await this.carChecks(viewer, r, input, end))];
    if (problems.length > 0) throw rulesException(problems);
    // The type's managers approve such bookings themselves (the agendas forbid approving one's own request).
    if (r.needs_approval && !viewer.manages.has(r.type)) return this.createWithApproval(viewer, r, rules, input, start, end, client);
    let id: string;
    try {
      id = await this.ds.transaction(async (em) => {
        const bookingId = await insertBooking(em, {
          resourceId: r.id,
          ownerId: viewer.facts.userId,
          title: input.title,
          start,
          end,
          bufferMinutes: rules.bufferMinutes,
          status: 'confirmed',
          passengers: input.passengers,
          destination: input.destination ?? null,
          shared: r.type === 'car' && input.shared === true,
        });
        await this.audit.append(em, {
          actorId: viewer.facts.userId,
          action: 'booking.create',
          objectType: 'booking',
          objectId: bookingId,
          ip: client.ip,
          details: { resource: r.code, start: start.toISOString(), end: end.toISOString(), status: 'confirmed' },
        });
        const when = `${formatPragueDateTimeCs(start)} – ${formatPragueDateTimeCs(end)}`;
        await this.notices.write(em, [
          {
            userId: viewer.facts.userId,
            bookingId,
            kind: 'confirmed',
            cs: `Rezervace potvrzena: ${r.name}, ${when} (${input.title}).`,
            en: `Booking confirmed: ${r.name}, ${when} (${input.title}).`,
          },
        ]);
        return bookingId;
      });
    } catch (e) {
      if (isExclusionViolation(e)) throw await this.conflictFor(viewer, r.id, start, end, rules.bufferMinutes);
      throw e;
    }
    this.notices.afterCommit();
    await this.jobs.scheduleNoShow([{ id, start, resourceType: r.type }]);
    return { booking: await this.detail(viewer, id), pending: false };
  }

  /**
   * Approval through the agenda's workflow (not a second mechanism), decided by the database and
   * leaving nothing behind when refused. (Issue 18: the request used to be filed first and cancelled
   * when the slot turned out taken — 200 racing bookings of a hall left 160 cancelled requests in
   * people's "Moje žádosti".) The steps:
   *
   * 0. The agenda's verdict, without writing: the pure engine files and submits on a scratch
   *    snapshot, so data the agenda would refuse is refused before anything exists.
   * 1. Hold (one short transaction): the booking row is inserted as `pending` with no request
   *    (booking-holds.ts). The exclusion constraint decides the race here: a concurrent overlapping
   *    insert waits for this transaction and fails with 23P01 once it commits, so every loser is
   *    answered 409 BOOKING_CONFLICT — the same answer as without approval — while no request,
   *    history, outbox, task or audit row of theirs exists (their transaction rolled back). The
   *    INSERT is the transaction's first write: losers fail before queueing on anything else.
   * 2. Only the winner files the draft request (RequestRuntime.create, its own transaction).
   * 3. Link and submit (one transaction): the hold gets the request id and the engine's booking
   *    key, and the agenda's first step is taken with the same EntityManager (RequestRuntime.applyIn),
   *    so the createBooking effect it emits finds this booking (a no-op in the worker).
   *
   * If 2 or 3 fails, the hold is released and the draft cancelled. If the process dies between 1
   * and 3, the worker's minute sweep releases the hold after HOLD_TTL_MS; a draft filed before such a
   * crash stays with its filer (a draft, not a cancelled request). Steps 1–3 would be one transaction
   * if RequestRuntime could file inside a caller's transaction (a `createIn(em, …)` like `applyIn`).
   * No slow work (SMTP, PDF) runs inside any of these transactions; each uses only its EntityManager.
   */
  private async createWithApproval(
    viewer: BookingViewer,
    r: ResourceRow,
    rules: BookingRulesInfo,
    input: CreateBookingInput,
    start: Date,
    end: Date,
    client: ClientInfo,
  ): Promise<{ booking: BookingInfo; pending: boolean }> {
    const runtime = this.runtime;
    if (!runtime) throw new Error('RequestRuntime is not available here');
    const agenda = BOOKING_AGENDAS[r.type];
    const data =
      r.type === 'room'
        ? { room: r.code, title: input.title, start: start.toISOString(), end: end.toISOString(), attendees: input.attendees ?? 1 }
        : {
            car: r.code,
            destination: input.destination ?? '',
            purpose: input.purpose ?? input.title,
            start: start.toISOString(),
            end: end.toISOString(),
            passengers: input.passengers ?? 0,
            licenceConfirmed: true,
          };
    await this.agendaWouldAccept(viewer, agenda.agenda, agenda.submit, data);

    // 1. The hold: the database decides who gets the slot.
    let id: string;
    try {
      id = await this.ds.transaction(async (em) => {
        const bookingId = await insertBooking(em, {
          resourceId: r.id,
          ownerId: viewer.facts.userId,
          title: input.title,
          start,
          end,
          bufferMinutes: rules.bufferMinutes,
          status: 'pending',
          passengers: input.passengers,
          destination: input.destination ?? null,
          shared: r.type === 'car' && input.shared === true,
        });
        await this.audit.append(em, {
          actorId: viewer.facts.userId,
          action: 'booking.create',
          objectType: 'booking',
          objectId: bookingId,
          ip: client.ip,
          details: { resource: r.code, start: start.toISOString(), end: end.toISOString(), status: 'pending', awaiting: agenda.agenda },
        });
        return bookingId;
      });
    } catch (e) {
      if (isExclusionViolation(e)) throw await this.conflictFor(viewer, r.id, start, end, rules.bufferMinutes);
      throw e;
    }

    // 2 and 3: only the holder of the slot files and submits the request.
    let requestId: string | undefined;
    try {
      const filed = await runtime.create(viewer.facts, agenda.agenda, data, client);
      requestId = filed.id;
      const linkedRequest = { id: filed.id, bookingKey: `${filed.id}/${r.type}` };
      await this.ds.transaction(async (em) => {
        if (!(await linkHold(em, { id, resourceId: r.id, start, end }, linkedRequest))) {
          throw new DomainException('STALE', 'The booking was released or changed before its request was filed; book again', {
            message: { cs: 'Rezervace byla mezitím uvolněna nebo změněna. Rezervujte znovu.', en: 'The booking was released or changed meanwhile. Book again.' },
          });
        }
        await this.audit.append(em, {
          actorId: viewer.facts.userId,
          action: 'booking.update',
          objectType: 'booking',
          objectId: id,
          ip: client.ip,
          details: { requestId: filed.id, bookingKey: linkedRequest.bookingKey },
        });
        const submitted = await runtime.applyIn(
          em,
          filed.id,
          { type: 'transition', name: agenda.submit, expectedVersion: filed.version },
          { kind: 'user', facts: viewer.facts },
          client,
          new Date(),
        );
        // Thrown inside the transaction: the link and anything the step wrote roll back together.
        if (!submitted.ok) throw rejectionException(submitted.rejection);
      });
      runtime.afterCommit();
    } catch (e) {
      await this.cancelRow(viewer.facts.userId, id, client, 'request-refused').catch(() => undefined);
      if (requestId) {
        await runtime.apply(viewer.facts, requestId, { type: 'transition', name: 'cancel' }, client).catch(() => undefined);
      }
      throw e;
    }
    await this.approvals.sync([id]);
    const booking = await this.detail(viewer, id);
    return { booking, pending: booking.status === 'pending' };
  }

  /**
   * Plays filing and the first step on a scratch snapshot with the pure engine (no I/O but the
   * cached definition): what the agenda refuses is refused before the slot is held.
   */
  private async agendaWouldAccept(viewer: BookingViewer, agendaCode: string, submit: string, data: FormData): Promise<void> {
    const published = await this.registry.findPublished(agendaCode);
    if (!published) throw new DomainException('NOT_FOUND', `No published agenda "${agendaCode}"`);
    const { definition } = published;
    const actor = actorsFor(viewer.facts, definition)[0];
    const now = new Date();
    const request = { id: randomUUID(), agendaCode, filerId: viewer.facts.userId, filerDepartmentId: viewer.facts.departmentId ?? '', createdAt: now.toISOString() };
    const started = startRequest(definition, request, actor, now, data);
    if (!started.ok) throw rejectionException(started.error);
    const submitted = transition(definition, started.value.snapshot, { type: 'transition', name: submit }, actor, now);
    if (!submitted.ok) throw rejectionException(submitted.error);
  }

  async detail(viewer: BookingViewer, id: string): Promise<BookingInfo> {
    let b = await loadBooking(this.ds.manager, id);
    if (!b || !maySeeBooking(viewer, b)) throw new DomainException('NOT_FOUND');
    if (b.status === 'pending' && b.request_id && (await this.approvals.sync([b.id])).length > 0) b = (await loadBooking(this.ds.manager, id)) as BookingRow;
    return bookingInfo(b);
  }

  async list(viewer: BookingViewer, q: z.infer<typeof listBookingsSchema>): Promise<BookingListResponse> {
    const from = q.from ? new Date(q.from) : new Date(Date.now() - 7 * DAY_MS);
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 120 * DAY_MS);
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 400 * DAY_MS) {
      throw new DomainException('VALIDATION_FAILED', 'from/to must span at most 400 days', {
        errors: [{ pointer: '/to', rule: 'range', message: { cs: 'Rozsah musí být nejvýše 400 dní.', en: 'The range must span at most 400 days.' } }],
      });
    }
    const params: unknown[] = [from, to, q.includeCancelled === 'true'];
    let where = `b.during && tstzrange($1, $2, '[)') AND ($3 OR b.status <> 'cancelled')`;
    if (q.resourceId) {
      params.push(q.resourceId);
      where += ` AND b.resource_id = $${params.length}`;
    }
    if (q.mine === 'true' || (!q.resourceId && viewer.manages.size === 0)) {
      params.push(viewer.facts.userId);
      where += ` AND b.owner_id = $${params.length}`;
    } else if (!q.resourceId) {
      params.push([...viewer.manages]);
      where += ` AND (r.type = ANY($${params.length}) OR b.owner_id = $${params.length + 1})`;
      params.push(viewer.facts.userId);
    }
    let rows: BookingRow[] = await this.ds.query(`${BOOKING_SELECT} WHERE ${where} ORDER BY lower(b.during), b.id LIMIT 2000`, params);
    const pending = rows.filter((b) => b.status === 'pending' && b.request_id && maySeeBooking(viewer, b)).map((b) => b.id);
    if (pending.length > 0 && (await this.approvals.sync(pending)).length > 0) {
      rows = await this.ds.query(`${BOOKING_SELECT} WHERE ${where} ORDER BY lower(b.during), b.id LIMIT 2000`, params);
    }
    return { items: rows.map((b) => (maySeeBooking(viewer, b) ? bookingInfo(b) : busySlot(b))) };
  }

  /** Visible bookings only (404 otherwise); the owner, the type's managers and admins may change them. */
  private async loadForChange(em: EntityManager, viewer: BookingViewer, id: string): Promise<BookingRow> {
    const b = await loadBooking(em, id, true);
    if (!b || !maySeeBooking(viewer, b)) throw new DomainException('NOT_FOUND');
    return b;
  }

  private async cancelRow(actorId: string | null, id: string, client: ClientInfo, reason: string, em?: EntityManager): Promise<void> {
    const run = async (m: EntityManager) => {
      const rows: unknown[] = await m.query(
        `WITH c AS (
           UPDATE bookings SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, version = version + 1, updated_at = now()
           WHERE id = $1 AND status <> 'cancelled' RETURNING id)
         SELECT id FROM c`,
        [id, actorId],
      );
      if (rows.length > 0) {
        await this.audit.append(m, { actorId, action: 'booking.cancel', objectType: 'booking', objectId: id, ip: client.ip, details: { reason } });
      }
    };
    await (em ? run(em) : this.ds.transaction(run));
  }

  async cancel(viewer: BookingViewer, id: string, client: ClientInfo): Promise<BookingInfo> {
    const current = await loadBooking(this.ds.manager, id);
    if (!current || !maySeeBooking(viewer, current)) throw new DomainException('NOT_FOUND');
    if (current.status === 'cancelled') return bookingInfo(current);
    // A booking held by a request is cancelled through the request's workflow (its cancel step), so both agree.
    if (current.request_id && this.runtime) {
      const [req]: Array<{ version: number; final: boolean }> = await this.ds.query(`SELECT version, final FROM requests WHERE id = $1`, [current.request_id]);
      if (req && !req.final) {
        await this.runtime.apply(viewer.facts, current.request_id, { type: 'transition', name: 'cancel', expectedVersion: req.version }, client);
      }
    }
    await this.ds.transaction(async (em) => {
      await this.loadForChange(em, viewer, id);
      await this.cancelRow(viewer.facts.userId, id, client, 'user', em);
    });
    return this.detail(viewer, id);
  }

  async update(viewer: BookingViewer, id: string, input: z.infer<typeof updateBookingSchema>, client: ClientInfo): Promise<BookingInfo> {
    const current = await loadBooking(this.ds.manager, id);
    if (!current || !maySeeBooking(viewer, current)) throw new DomainException('NOT_FOUND');
    if (current.status === 'cancelled') throw new DomainException('WRONG_STATE', 'The booking is cancelled');
    const start = input.start ? new Date(input.start) : current.start;
    const end = input.end ? new Date(input.end) : current.end;
    const timeChanged = start.getTime() !== current.start.getTime() || end.getTime() !== current.end.getTime();
    // A pending booking is either under approval or a hold whose request is being filed (booking-holds.ts).
    if (timeChanged && (current.request_id || current.status === 'pending')) {
      throw new DomainException('WRONG_STATE', 'The time of a booking under approval is changed through its request (step "change")');
    }
    const r = (await loadResource(this.ds.manager, current.resource_id)) as ResourceRow;
    const rules = await loadRules(this.ds.manager, r.type);
    if (timeChanged) {
      const problems = await this.violations(this.ds.manager, viewer, r, start, end, rules, 0);
      if (problems.length > 0) throw rulesException(problems);
    }
    try {
      await this.ds.transaction(async (em) => {
        const b = await this.loadForChange(em, viewer, id);
        if (b.version !== input.expectedVersion) throw new DomainException('STALE', 'The booking was changed by someone else');
        await em.query(
          `UPDATE bookings SET title = $2, during = tstzrange($3, $4, '[)'), blocked = tstzrange($3, $4::timestamptz + make_interval(mins => $5), '[)'),
                  version = version + 1, updated_at = now() WHERE id = $1`,
          [id, input.title ?? b.title, start, end, rules.bufferMinutes],
        );
        await this.audit.append(em, {
          actorId: viewer.facts.userId,
          action: 'booking.update',
          objectType: 'booking',
          objectId: id,
          ip: client.ip,
          details: { before: { start: b.start.toISOString(), end: b.end.toISOString(), title: b.title }, after: { start: start.toISOString(), end: end.toISOString(), title: input.title ?? b.title } },
        });
      });
    } catch (e) {
      if (isExclusionViolation(e)) throw await this.conflictFor(viewer, r.id, start, end, rules.bufferMinutes, id);
      throw e;
    }
    if (timeChanged) await this.jobs.scheduleNoShow([{ id, start, resourceType: r.type }]);
    return this.detail(viewer, id);
  }

  // ---- recurring series -------------------------------------------------------------------------

  private expand(input: Pick<SeriesInput, 'rrule' | 'start' | 'end'>): Occurrence[] {
    const start = new Date(input.start);
    const minutes = Math.round((new Date(input.end).getTime() - start.getTime()) / 60_000);
    if (minutes <= 0) throw rulesException([violation('BOOKING_END_BEFORE_START', '/end', 'Konec musí být po začátku.', 'The end must be after the start.')]);
    try {
      const occurrences = expandRRule(input.rrule, start, minutes);
      if (occurrences.length === 0) throw new RRuleError('the rule yields no occurrence');
      return occurrences;
    } catch (e) {
      if (e instanceof RRuleError) throw rulesException([violation('INVALID_RRULE', '/rrule', `Pravidlo opakování nelze použít: ${e.message}`, `The recurrence rule cannot be used: ${e.message}`)]);
      throw e;
    }
  }

  private async previewOccurrences(em: EntityManager, viewer: BookingViewer, r: ResourceRow, rules: BookingRulesInfo, occurrences: Occurrence[]): Promise<OccurrencePreview[]> {
    const out: OccurrencePreview[] = [];
    for (const o of occurrences) {
      const other = await findConflict(em, r.id, o.start, o.end, rules.bufferMinutes);
      const problems = await this.violations(em, viewer, r, o.start, o.end, rules, 0, true);
      out.push({ start: o.start.toISOString(), end: o.end.toISOString(), conflict: other ? conflictInfo(other, maySeeBooking(viewer, other)) : null, violations: problems.map((p) => p.rule) });
    }
    return out;
  }

  async previewSeries(viewer: BookingViewer, input: SeriesInput): Promise<SeriesPreviewResponse> {
    const r = await this.bookableResource(this.ds.manager, viewer, input.resourceId);
    const rules = await loadRules(this.ds.manager, r.type);
    return { occurrences: await this.previewOccurrences(this.ds.manager, viewer, r, rules, this.expand(input)) };
  }

  /**
   * Books every occurrence in one transaction, each under a savepoint: a refused occurrence (the
   * exclusion constraint, or a rule) is skipped with `onConflict: 'skip'`, or aborts the whole series.
   */
  async createSeries(viewer: BookingViewer, input: SeriesInput, client: ClientInfo): Promise<SeriesCreatedResponse> {
    const r = await this.bookableResource(this.ds.manager, viewer, input.resourceId);
    if (r.needs_approval) {
      throw rulesException([violation('SERIES_NEEDS_APPROVAL', '/resourceId', 'Opakované rezervace schvalovaných zdrojů nejsou možné; rezervujte jednotlivé termíny.', 'Resources that need approval cannot be booked as a series; book single dates.')]);
    }
    const carProblems = await this.carChecks(viewer, r, input, new Date(input.end));
    if (carProblems.length > 0) throw rulesException(carProblems);
    const rules = await loadRules(this.ds.manager, r.type);
    const occurrences = this.expand(input);
    const minutes = Math.round((occurrences[0].end.getTime() - occurrences[0].start.getTime()) / 60_000);
    const limit = await this.violations(this.ds.manager, viewer, r, occurrences[0].start, occurrences[0].end, { ...rules, minNoticeMinutes: 0, maxAdvanceDays: 100_000, businessStartMinute: null, businessEndMinute: null }, occurrences.length);
    const limitProblems = limit.filter((v) => v.rule === 'BOOKING_LIMIT_REACHED');
    if (limitProblems.length > 0) throw rulesException(limitProblems);

    const result = await this.ds
      .transaction(async (em) => {
        const [series]: Array<{ id: string }> = await em.query(
          `INSERT INTO booking_series (resource_id, owner_id, title, rrule, first_start, duration_minutes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [r.id, viewer.facts.userId, input.title, input.rrule, occurrences[0].start, minutes],
        );
        const createdIds: string[] = [];
        const skipped: OccurrencePreview[] = [];
        for (const o of occurrences) {
          const problems = await this.violations(em, viewer, r, o.start, o.end, rules, 0, true);
          if (problems.length > 0) {
            if (input.onConflict === 'abort') throw new AbortSeries(rulesException(problems));
            skipped.push({ start: o.start.toISOString(), end: o.end.toISOString(), conflict: null, violations: problems.map((p) => p.rule) });
            continue;
          }
          await em.query('SAVEPOINT occurrence');
          try {
            createdIds.push(
              await insertBooking(em, {
                resourceId: r.id,
                ownerId: viewer.facts.userId,
                title: input.title,
                start: o.start,
                end: o.end,
                bufferMinutes: rules.bufferMinutes,
                status: 'confirmed',
                seriesId: series.id,
                passengers: input.passengers,
                destination: input.destination ?? null,
              }),
            );
            await em.query('RELEASE SAVEPOINT occurrence');
          } catch (e) {
            if (!isExclusionViolation(e)) throw e;
            await em.query('ROLLBACK TO SAVEPOINT occurrence');
            const other = await findConflict(em, r.id, o.start, o.end, rules.bufferMinutes);
            const conflict = other ? conflictInfo(other, maySeeBooking(viewer, other)) : null;
            if (input.onConflict === 'abort') throw new AbortSeries(conflictException(conflict ?? undefined));
            skipped.push({ start: o.start.toISOString(), end: o.end.toISOString(), conflict, violations: [] });
          }
        }
        await this.audit.append(em, {
          actorId: viewer.facts.userId,
          action: 'booking.series.create',
          objectType: 'booking-series',
          objectId: series.id,
          ip: client.ip,
          details: { resource: r.code, rrule: input.rrule, created: createdIds.length, skipped: skipped.map((s) => s.start), bookings: createdIds },
        });
        return { seriesId: series.id, createdIds, skipped };
      })
      .catch((e: unknown) => {
        if (e instanceof AbortSeries) throw e.answer;
        throw e;
      });
    const created: BookingInfo[] = [];
    for (const id of result.createdIds) created.push(await this.detail(viewer, id));
    await this.jobs.scheduleNoShow(created.map((b) => ({ id: b.id, start: b.start, resourceType: b.resourceType })));
    return { seriesId: result.seriesId, created, skipped: result.skipped };
  }

  private async loadSeries(em: EntityManager, viewer: BookingViewer, id: string): Promise<{ id: string; owner_id: string; resource_type: 'room' | 'car'; resource_id: string }> {
    const [s]: Array<{ id: string; owner_id: string; resource_type: 'room' | 'car'; resource_id: string }> = await em.query(
      `SELECT s.id, s.owner_id, r.type AS resource_type, s.resource_id FROM booking_series s JOIN resources r ON r.id = s.resource_id WHERE s.id = $1 FOR UPDATE OF s`,
      [id],
    );
    if (!s || !maySeeBooking(viewer, s)) throw new DomainException('NOT_FOUND');
    return s;
  }

  /** Cancels every future occurrence of the series (past ones stay as they happened). */
  async cancelSeries(viewer: BookingViewer, id: string, client: ClientInfo): Promise<{ cancelled: number }> {
    return this.ds.transaction(async (em) => {
      await this.loadSeries(em, viewer, id);
      const rows: Array<{ id: string }> = await em.query(
        `WITH c AS (
           UPDATE bookings SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, version = version + 1, updated_at = now()
           WHERE series_id = $1 AND status <> 'cancelled' AND lower(during) > now() RETURNING id)
         SELECT id FROM c ORDER BY id`,
        [id, viewer.facts.userId],
      );
      await em.query(`UPDATE booking_series SET cancelled_at = now() WHERE id = $1`, [id]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.series.cancel', objectType: 'booking-series', objectId: id, ip: client.ip, details: { cancelled: rows.map((r) => r.id) } });
      return { cancelled: rows.length };
    });
  }

  /** Changes title and/or local start time and duration of every future occurrence; all or nothing (409 on a conflict). */
  async updateSeries(viewer: BookingViewer, id: string, input: z.infer<typeof updateSeriesSchema>, client: ClientInfo): Promise<BookingListResponse> {
    const state: { failed?: { resourceId: string; start: Date; end: Date; buffer: number; bookingId: string } } = {};
    try {
      await this.ds.transaction(async (em) => {
        const s = await this.loadSeries(em, viewer, id);
        const rules = await loadRules(em, s.resource_type);
        const r = (await loadResource(em, s.resource_id)) as ResourceRow;
        const rows: BookingRow[] = await em.query(`${BOOKING_SELECT} WHERE b.series_id = $1 AND b.status <> 'cancelled' AND lower(b.during) > now() ORDER BY lower(b.during) FOR UPDATE OF b`, [id]);
        const problems: RuleViolation[] = [];
        for (const b of rows) {
          let start = b.start;
          if (input.startTime) {
            const [h, m] = input.startTime.split(':').map(Number);
            start = pragueLocalToInstant(toPragueWallClock(b.start).date, h, m);
          }
          const minutes = input.durationMinutes ?? Math.round((b.end.getTime() - b.start.getTime()) / 60_000);
          const end = new Date(start.getTime() + minutes * 60_000);
          problems.push(...(await this.violations(em, viewer, r, start, end, rules, 0, true)));
          state.failed = { resourceId: s.resource_id, start, end, buffer: rules.bufferMinutes, bookingId: b.id };
          await em.query(
            `UPDATE bookings SET title = $2, during = tstzrange($3, $4, '[)'), blocked = tstzrange($3, $4::timestamptz + make_interval(mins => $5), '[)'),
                    version = version + 1, updated_at = now() WHERE id = $1`,
            [b.id, input.title ?? b.title, start, end, rules.bufferMinutes],
          );
        }
        state.failed = undefined;
        if (problems.length > 0) throw rulesException(problems);
        if (input.title) await em.query(`UPDATE booking_series SET title = $2 WHERE id = $1`, [id, input.title]);
        await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking.series.update', objectType: 'booking-series', objectId: id, ip: client.ip, details: { ...input, occurrences: rows.map((b) => b.id) } });
      });
    } catch (e) {
      const failed = state.failed;
      if (isExclusionViolation(e) && failed) throw await this.conflictFor(viewer, failed.resourceId, failed.start, failed.end, failed.buffer, failed.bookingId);
      throw e;
    }
    const rows: BookingRow[] = await this.ds.query(`${BOOKING_SELECT} WHERE b.series_id = $1 ORDER BY lower(b.during)`, [id]);
    if (input.startTime) await this.jobs.scheduleNoShow(rows.filter((b) => b.status !== 'cancelled').map((b) => ({ id: b.id, start: b.start, resourceType: b.resource_type })));
    return { items: rows.map(bookingInfo) };
  }
}
