import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AvailabilityResponse, BookingRulesInfo, ResourceInfo, ResourceListResponse, ResourceType } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import type { z } from 'zod';
import { assertManages, BookingViewer, mayBook } from './booking-access';
import type { BookingRulesInput, CreateResourceInput, ListResourcesQuery, UpdateResourceInput, blackoutSchema } from './booking-schemas';
import { loadResource, RESOURCE_COLUMNS, resourceInfo, type ResourceRow } from './booking-store';
import { DEFAULT_RULES, loadRules, type ClientInfo } from './bookings.service';

const DAY_MS = 86_400_000;

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  return err?.code === '23505' || err?.driverError?.code === '23505';
}

@Injectable()
export class ResourcesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Resources matching the filters; with `from`/`to` only those free for the whole interval
   * (buffers included, blackouts and service blocks respected): "find a slot".
   */
  async list(viewer: BookingViewer, q: ListResourcesQuery): Promise<ResourceListResponse> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.type) add((n) => `r.type = ${n}`, q.type);
    if (q.includeInactive !== 'true' || viewer.manages.size === 0) where.push('r.active');
    if (q.minCapacity !== undefined) add((n) => `r.capacity >= ${n}`, q.minCapacity);
    if (q.minSeats !== undefined) add((n) => `r.seats >= ${n}`, q.minSeats);
    if (q.equipment && q.equipment.length > 0) add((n) => `r.equipment @> ${n}::text[]`, q.equipment);
    if (q.accessible === 'true') where.push('r.accessible');
    if (q.location) add((n) => `(r.home_location ILIKE '%' || ${n} || '%' OR r.building ILIKE '%' || ${n} || '%')`, q.location);
    if (q.from || q.to) {
      if (!q.from || !q.to) throw badRange('Give both from and to', 'Zadejte začátek i konec.');
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 31 * DAY_MS) throw badRange('to must be after from, at most 31 days', 'Konec musí být po začátku, nejvýše 31 dní.');
      params.push(from, to, DEFAULT_RULES.room.bufferMinutes, DEFAULT_RULES.car.bufferMinutes);
      const f = `$${params.length - 3}`;
      const t = `$${params.length - 2}`;
      const buffer = `COALESCE((SELECT br.buffer_minutes FROM booking_rules br WHERE br.resource_type = r.type), CASE r.type WHEN 'room' THEN $${params.length - 1}::int ELSE $${params.length}::int END)`;
      where.push(`NOT EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.resource_id = r.id AND b.status <> 'cancelled' AND b.blocked && tstzrange(${f}, ${t}::timestamptz + make_interval(mins => ${buffer}), '[)'))`);
      where.push(`NOT EXISTS (SELECT 1 FROM booking_blackouts x WHERE x.resource_type = r.type AND (x.resource_id IS NULL OR x.resource_id = r.id) AND x.during && tstzrange(${f}, ${t}, '[)'))`);
      where.push(`(r.blocked_until IS NULL OR r.blocked_until <= ${f})`);
      where.push(`(r.stk_due IS NULL OR r.stk_due >= (${t}::timestamptz AT TIME ZONE 'Europe/Prague')::date)`);
    }
    const rows: ResourceRow[] = await this.ds.query(
      `SELECT ${RESOURCE_COLUMNS} FROM resources r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.type, r.capacity NULLS LAST, r.seats NULLS LAST, r.name`,
      params,
    );
    // Resources the user may not book are not offered as free.
    return { items: rows.filter((r) => !(q.from && !mayBook(viewer, r))).map(resourceInfo) };
  }

  async availability(viewer: BookingViewer, q: ListResourcesQuery & { type: ResourceType; from: string; to: string }): Promise<AvailabilityResponse> {
    const { items } = await this.list(viewer, q);
    return { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), items };
  }

  async get(id: string): Promise<ResourceInfo> {
    const r = await loadResource(this.ds.manager, id);
    if (!r) throw new DomainException('NOT_FOUND');
    return resourceInfo(r);
  }

  async create(viewer: BookingViewer, input: CreateResourceInput, client: ClientInfo): Promise<ResourceInfo> {
    assertManages(viewer, input.type);
    const room = input.type === 'room' ? input.room : undefined;
    const car = input.type === 'car' ? input.car : undefined;
    try {
      const id = await this.ds.transaction(async (em) => {
        const [row]: Array<{ id: string }> = await em.query(
          `INSERT INTO resources (type, code, name, description, active, needs_approval, allowed_roles, allowed_departments,
             building, floor, capacity, equipment, accessible, plate, model, seats, fuel, home_location, odometer_km, service_due, stk_due, blocked_until)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22) RETURNING id`,
          [
            input.type,
            input.code,
            input.name,
            input.description ?? null,
            input.active,
            input.needsApproval,
            input.allowedRoles,
            input.allowedDepartments,
            room?.building ?? null,
            room?.floor ?? null,
            room?.capacity ?? null,
            room?.equipment ?? [],
            room?.accessible ?? false,
            car?.plate ?? null,
            car?.model ?? null,
            car?.seats ?? null,
            car?.fuel ?? null,
            car?.homeLocation ?? null,
            car?.odometerKm ?? null,
            car?.serviceDue ?? null,
            car?.stkDue ?? null,
            car?.blockedUntil ?? null,
          ],
        );
        await this.audit.append(em, { actorId: viewer.facts.userId, action: 'resource.create', objectType: 'resource', objectId: row.id, ip: client.ip, details: { type: input.type, code: input.code } });
        return row.id;
      });
      return this.get(id);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainException('CONFLICT', `A ${input.type} with code ${input.code} exists`);
      throw e;
    }
  }

  async update(viewer: BookingViewer, id: string, input: UpdateResourceInput, client: ClientInfo): Promise<ResourceInfo> {
    await this.ds.transaction(async (em) => {
      const r = await loadResource(em, id, true);
      if (!r) throw new DomainException('NOT_FOUND');
      assertManages(viewer, r.type);
      if (r.version !== input.expectedVersion) throw new DomainException('STALE', 'The resource was changed by someone else');
      if (input.room && r.type !== 'room') throw new DomainException('BAD_REQUEST', 'Room fields on a car');
      if (input.car && r.type !== 'car') throw new DomainException('BAD_REQUEST', 'Car fields on a room');
      const room = input.room ?? {};
      const car = input.car ?? {};
      const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
      await em.query(
        `UPDATE resources SET name = $2, description = $3, active = $4, needs_approval = $5, allowed_roles = $6, allowed_departments = $7,
           building = $8, floor = $9, capacity = $10, equipment = $11, accessible = $12, plate = $13, model = $14, seats = $15, fuel = $16,
           home_location = $17, service_due = $18, stk_due = $19, blocked_until = $20, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          id,
          pick(input.name, r.name),
          pick(input.description, r.description),
          pick(input.active, r.active),
          pick(input.needsApproval, r.needs_approval),
          pick(input.allowedRoles, r.allowed_roles),
          pick(input.allowedDepartments, r.allowed_departments),
          pick(room.building, r.building),
          pick(room.floor, r.floor),
          pick(room.capacity, r.capacity),
          pick(room.equipment, r.equipment),
          pick(room.accessible, r.accessible),
          pick(car.plate, r.plate),
          pick(car.model, r.model),
          pick(car.seats, r.seats),
          pick(car.fuel, r.fuel),
          pick(car.homeLocation, r.home_location),
          pick(car.serviceDue, r.service_due),
          pick(car.stkDue, r.stk_due),
          car.blockedUntil === undefined ? r.blocked_until : car.blockedUntil,
        ],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'resource.update', objectType: 'resource', objectId: id, ip: client.ip, details: { changed: Object.keys(input).filter((k) => k !== 'expectedVersion') } });
    });
    return this.get(id);
  }

  /** Resources are retired, not deleted: bookings and the trip logbook keep pointing at them. */
  async retire(viewer: BookingViewer, id: string, client: ClientInfo): Promise<ResourceInfo> {
    await this.ds.transaction(async (em) => {
      const r = await loadResource(em, id, true);
      if (!r) throw new DomainException('NOT_FOUND');
      assertManages(viewer, r.type);
      await em.query(`UPDATE resources SET active = false, version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'resource.retire', objectType: 'resource', objectId: id, ip: client.ip, details: { code: r.code } });
    });
    return this.get(id);
  }

  async rules(type: ResourceType): Promise<BookingRulesInfo> {
    return loadRules(this.ds.manager, type);
  }

  async setRules(viewer: BookingViewer, type: ResourceType, input: BookingRulesInput, client: ClientInfo): Promise<BookingRulesInfo> {
    assertManages(viewer, type);
    if ((input.businessStartMinute === null) !== (input.businessEndMinute === null) || (input.businessStartMinute !== null && input.businessEndMinute !== null && input.businessStartMinute >= input.businessEndMinute)) {
      throw badRange('Business hours need a start before the end (or neither)', 'Provozní doba musí mít začátek před koncem (nebo ani jedno).');
    }
    if (input.minDurationMinutes > input.maxDurationMinutes) throw badRange('The minimum duration exceeds the maximum', 'Nejkratší délka je větší než nejdelší.');
    await this.ds.transaction(async (em) => {
      const before = await loadRules(em, type);
      await em.query(
        `INSERT INTO booking_rules (resource_type, min_notice_minutes, max_advance_days, min_duration_minutes, max_duration_minutes, buffer_minutes,
           business_start_minute, business_end_minute, business_days, max_active_per_user)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (resource_type) DO UPDATE SET min_notice_minutes = $2, max_advance_days = $3, min_duration_minutes = $4, max_duration_minutes = $5,
           buffer_minutes = $6, business_start_minute = $7, business_end_minute = $8, business_days = $9, max_active_per_user = $10, updated_at = now()`,
        [type, input.minNoticeMinutes, input.maxAdvanceDays, input.minDurationMinutes, input.maxDurationMinutes, input.bufferMinutes, input.businessStartMinute, input.businessEndMinute, [...new Set(input.businessDays)].sort(), input.maxActivePerUser],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking-rules.update', objectType: 'booking-rules', objectId: type, ip: client.ip, details: { before, after: input } });
    });
    return loadRules(this.ds.manager, type);
  }

  async addBlackout(viewer: BookingViewer, input: z.infer<typeof blackoutSchema>, client: ClientInfo): Promise<{ id: string }> {
    assertManages(viewer, input.resourceType);
    if (new Date(input.end).getTime() <= new Date(input.start).getTime()) throw badRange('end must be after start', 'Konec musí být po začátku.');
    return this.ds.transaction(async (em) => {
      const [row]: Array<{ id: string }> = await em.query(
        `INSERT INTO booking_blackouts (resource_type, resource_id, during, reason) VALUES ($1, $2, tstzrange($3, $4, '[)'), $5) RETURNING id`,
        [input.resourceType, input.resourceId ?? null, input.start, input.end, input.reason],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'booking-blackout.create', objectType: 'booking-blackout', objectId: row.id, ip: client.ip, details: { ...input } });
      return row;
    });
  }
}

function badRange(en: string, cs: string): DomainException {
  return new DomainException('VALIDATION_FAILED', en, { errors: [{ pointer: '/to', rule: 'range', message: { cs, en } }] });
}
