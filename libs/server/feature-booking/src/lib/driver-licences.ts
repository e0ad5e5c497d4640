import { Injectable } from '@nestjs/common';
import { driverRule } from '@agendy/server/authority';
import { DataSource, EntityManager } from 'typeorm';
import type { DriverLicenceInfo } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { toPragueDate } from '@agendy/shared/util';
import { BookingViewer } from './booking-access';
import { violation, type RuleViolation } from './booking-rules';
import type { ClientInfo } from './bookings.service';

interface LicenceRow {
  user_id: string;
  licence_valid_until: string;
  training_valid_until: string;
  confirmed_at: Date;
}

async function loadLicence(em: EntityManager, userId: string): Promise<LicenceRow | undefined> {
  const [row]: LicenceRow[] = await em.query(
    `SELECT user_id, to_char(licence_valid_until, 'YYYY-MM-DD') AS licence_valid_until, to_char(training_valid_until, 'YYYY-MM-DD') AS training_valid_until, confirmed_at
     FROM driver_licences WHERE user_id = $1`,
    [userId],
  );
  return row;
}

/** A car may be booked only by a driver whose recorded licence and driver training are valid until the trip ends. */
export async function licenceViolations(em: EntityManager, userId: string, lastDay: string): Promise<RuleViolation[]> {
  const l = await loadLicence(em, userId);
  if (!l) {
    return [violation('LICENCE_NOT_RECORDED', '/licenceConfirmed', 'Nejprve zadejte platnost řidičského průkazu a školení řidičů.', "Record your driver's licence and driver-training validity first.")];
  }
  const out: RuleViolation[] = [];
  if (l.licence_valid_until < lastDay) out.push(violation('LICENCE_EXPIRED', '/licenceConfirmed', `Řidičský průkaz platí jen do ${l.licence_valid_until}.`, `The driver's licence is valid only until ${l.licence_valid_until}.`));
  if (l.training_valid_until < lastDay) out.push(violation('DRIVER_TRAINING_EXPIRED', '/licenceConfirmed', `Školení řidičů platí jen do ${l.training_valid_until}.`, `The driver training is valid only until ${l.training_valid_until}.`));
  return out;
}

/** The employee confirms their own dates; the fleet manager may record them for anybody. */
@Injectable()
export class DriverLicenceService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async get(viewer: BookingViewer, userId: string): Promise<DriverLicenceInfo> {
    this.assertMay(viewer, userId);
    const l = await loadLicence(this.ds.manager, userId);
    return { userId, licenceValidUntil: l?.licence_valid_until ?? null, trainingValidUntil: l?.training_valid_until ?? null, confirmedAt: l ? l.confirmed_at.toISOString() : null };
  }

  async set(viewer: BookingViewer, userId: string, input: { licenceValidUntil: string; trainingValidUntil: string }, client: ClientInfo): Promise<DriverLicenceInfo> {
    this.assertMay(viewer, userId);
    const today = toPragueDate(new Date());
    const errors = [
      ...(input.licenceValidUntil < today ? [{ pointer: '/licenceValidUntil', rule: 'expired', message: { cs: 'Řidičský průkaz je neplatný (datum v minulosti).', en: 'The licence has expired (date in the past).' } }] : []),
      ...(input.trainingValidUntil < today ? [{ pointer: '/trainingValidUntil', rule: 'expired', message: { cs: 'Školení řidičů je prošlé (datum v minulosti).', en: 'The driver training has expired (date in the past).' } }] : []),
    ];
    if (errors.length > 0) throw new DomainException('VALIDATION_FAILED', 'Expired licence or training', { errors });
    await this.ds.transaction(async (em) => {
      const [user]: unknown[] = await em.query(`SELECT id FROM users WHERE id = $1`, [userId]);
      if (!user) throw new DomainException('NOT_FOUND');
      await em.query(
        `INSERT INTO driver_licences (user_id, licence_valid_until, training_valid_until, confirmed_at, recorded_by) VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (user_id) DO UPDATE SET licence_valid_until = $2, training_valid_until = $3, confirmed_at = now(), recorded_by = $4`,
        [userId, input.licenceValidUntil, input.trainingValidUntil, viewer.facts.userId],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'driver-licence.record', objectType: 'user', objectId: userId, ip: client.ip, details: { ...input } });
    });
    return this.get(viewer, userId);
  }

  private assertMay(viewer: BookingViewer, userId: string): void {
    // The authority's rule (rules/identity.ts driverRule), also enforced before the handler.
    if (driverRule.decide({ self: userId === viewer.facts.userId, fleetManager: viewer.manages.has('car') }, 'record') !== 'allow') throw new DomainException('NOT_FOUND');
  }
}
