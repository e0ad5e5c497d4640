import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ResourceType } from '@agendy/shared/contracts';
import { AccessRegistry, managesAny, managesResourceType, maySeeBooking as maySeeBookingRule, mayBookResource } from '@agendy/server/authority';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, CurrentUser, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import type { AuthContext } from '@agendy/server/feature-identity';
import type { BookingRow, ResourceRow } from './booking-store';

/**
 * Which agenda approves bookings of a resource type, and which agenda role manages its resources.
 * Resource managers hold that role (through their directory group, as in the agenda definition).
 */
export const BOOKING_AGENDAS: Record<ResourceType, { agenda: string; managerRole: string; submit: string; field: string }> = {
  room: { agenda: 'room-booking', managerRole: 'facility-manager', submit: 'book', field: 'room' },
  car: { agenda: 'service-car-booking', managerRole: 'fleet-manager', submit: 'submit', field: 'car' },
};

export interface BookingViewer {
  facts: UserFacts;
  /** Resource types whose resources and bookings this user manages. */
  manages: ReadonlySet<ResourceType>;
  departmentCode: string | null;
}

/**
 * The booking area's facts for the authority (ADR 0004): who manages which resource type (from the
 * published booking agendas), and the bookings, series, cars and resources its tables hold. The
 * rules are the authority library's (rules/booking.ts, rules/trip.ts).
 */
@Injectable()
export class BookingAccess implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
    private readonly access: AccessRegistry,
    private readonly ds: DataSource,
  ) {}

  async viewer(auth: AuthContext, em: EntityManager): Promise<BookingViewer> {
    return this.viewerOf(await this.currentUser.facts(auth), em);
  }

  async viewerOf(facts: UserFacts, em: EntityManager = this.ds.manager): Promise<BookingViewer> {
    // Only the booking agendas' roles manage resources and see others' bookings: the system-admin
    // role runs the system and implies no fleet or facility access (ADR 0004).
    const manages = new Set<ResourceType>();
    for (const type of Object.keys(BOOKING_AGENDAS) as ResourceType[]) {
      const published = await this.registry.findPublished(BOOKING_AGENDAS[type].agenda);
      if (published && rolesIn(facts, published.definition).includes(BOOKING_AGENDAS[type].managerRole)) manages.add(type);
    }
    const [dep]: Array<{ code: string }> = facts.departmentId ? await em.query(`SELECT code FROM departments WHERE id = $1`, [facts.departmentId]) : [];
    return { facts, manages, departmentCode: dep?.code ?? null };
  }

  onModuleInit(): void {
    const em = this.ds.manager;
    const viewer = (subject: UserFacts) => this.viewerOf(subject, em);
    this.access.registerCapability('resource-management', async (subject) => ({ managesAny: managesAny(await viewer(subject)) }));
    this.access.registerObject('booking', async (subject, id) => {
      const [b]: Array<{ owner_id: string; type: ResourceType; shared: boolean; passenger: boolean }> = await em.query(
        `SELECT b.owner_id::text, r.type, b.shared, EXISTS (SELECT 1 FROM booking_passengers p WHERE p.booking_id = b.id AND p.user_id = $2) AS passenger
         FROM bookings b JOIN resources r ON r.id = b.resource_id WHERE b.id = $1`,
        [id, subject.userId],
      );
      if (!b) return null;
      const v = await viewer(subject);
      return { owner: b.owner_id === subject.userId, manager: v.manages.has(b.type), sharedCarTrip: b.type === 'car' && b.shared, passenger: b.passenger };
    });
    this.access.registerObject('booking-series', async (subject, id) => {
      const [s]: Array<{ owner_id: string; type: ResourceType }> = await em.query(`SELECT s.owner_id::text, r.type FROM booking_series s JOIN resources r ON r.id = s.resource_id WHERE s.id = $1`, [id]);
      if (!s) return null;
      return { owner: s.owner_id === subject.userId, manager: (await viewer(subject)).manages.has(s.type) };
    });
    this.access.registerObject('car', async (_subject, id) => {
      const [r]: Array<{ type: ResourceType }> = await em.query(`SELECT type FROM resources WHERE id = $1`, [id]);
      return r ? { isCar: r.type === 'car' } : null;
    });
    this.access.registerObject('resource', async (subject, id) => {
      const [r]: Array<{ type: ResourceType }> = await em.query(`SELECT type FROM resources WHERE id = $1`, [id]);
      const v = await viewer(subject);
      return { exists: r !== undefined, managesAny: managesAny(v), managesType: r !== undefined && v.manages.has(r.type) };
    });
    this.access.registerObject('resource-type', async (subject, type) => {
      const v = await viewer(subject);
      const known = type === 'room' || type === 'car';
      return { managesAny: managesAny(v), known, managesType: known && managesResourceType(v, type) };
    });
    this.access.registerObject('driver', async (subject, userId) => ({ self: userId === subject.userId, fleetManager: (await viewer(subject)).manages.has('car') }));
  }
}

/** The owner and the type's managers (facility / fleet) see a booking's details; others see busy/free (rules/booking.ts). */
export function maySeeBooking(viewer: BookingViewer, b: Pick<BookingRow, 'owner_id' | 'resource_type'>): boolean {
  return maySeeBookingRule({ userId: viewer.facts.userId, manages: viewer.manages }, { ownerId: b.owner_id, type: b.resource_type });
}

export function assertManages(viewer: BookingViewer, type: ResourceType): void {
  if (!managesResourceType(viewer, type)) throw new DomainException('FORBIDDEN', `Managing ${type} resources needs the ${BOOKING_AGENDAS[type].managerRole} role`);
}

/** The resource's "who may book" lists (empty = everyone); managers may always book (rules/booking.ts). */
export function mayBook(viewer: BookingViewer, r: Pick<ResourceRow, 'type' | 'allowed_roles' | 'allowed_departments'>): boolean {
  return mayBookResource(
    { manages: viewer.manages, roles: viewer.facts.roles, departmentCode: viewer.departmentCode },
    { type: r.type, allowedRoles: r.allowed_roles, allowedDepartments: r.allowed_departments },
  );
}
