import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ResourceType } from '@agendy/shared/contracts';
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

@Injectable()
export class BookingAccess {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
  ) {}

  async viewer(auth: AuthContext, em: EntityManager): Promise<BookingViewer> {
    const facts = await this.currentUser.facts(auth);
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
}

/** The owner and the type's managers (facility / fleet) see a booking's details; others see busy/free. */
export function maySeeBooking(viewer: BookingViewer, b: Pick<BookingRow, 'owner_id' | 'resource_type'>): boolean {
  return b.owner_id === viewer.facts.userId || viewer.manages.has(b.resource_type);
}

export function assertManages(viewer: BookingViewer, type: ResourceType): void {
  if (!viewer.manages.has(type)) throw new DomainException('FORBIDDEN', `Managing ${type} resources needs the ${BOOKING_AGENDAS[type].managerRole} role`);
}

/** The resource's "who may book" lists (empty = everyone); managers may always book. */
export function mayBook(viewer: BookingViewer, r: Pick<ResourceRow, 'type' | 'allowed_roles' | 'allowed_departments'>): boolean {
  if (viewer.manages.has(r.type)) return true;
  if (r.allowed_roles.length > 0 && !r.allowed_roles.some((role) => viewer.facts.roles.includes(role))) return false;
  if (r.allowed_departments.length > 0 && !(viewer.departmentCode && r.allowed_departments.includes(viewer.departmentCode))) return false;
  return true;
}
