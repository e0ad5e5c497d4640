import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRegistry, administersSomeAgenda, holdsRole, mayAdministerAgenda } from '@agendy/server/authority';
import { SeparationOfDuties } from './policy/separation-of-duties.service';

/**
 * What identity tells the authority (ADR 0004): line management and substitutions, and the agenda
 * a grant belongs to — read from the tables identity owns. The rules are the authority library's
 * (rules/identity.ts, rules/agenda.ts).
 */
@Injectable()
export class IdentityAccess implements OnModuleInit {
  constructor(
    private readonly registry: AccessRegistry,
    private readonly duties: SeparationOfDuties,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.registerObject('person-deputies', async (subject, personId) => ({
      self: subject.userId === personId,
      lineManager: await this.duties.isLineManagerOf(subject.userId, personId),
      systemAdmin: holdsRole(subject, 'system-admin'),
    }));
    this.registry.registerObject('substitution', async (subject, id, params) => {
      const personId = (params['id'] ?? '').toLowerCase();
      const [s]: Array<{ revocable: boolean }> = await this.db.query(`SELECT revoked_at IS NULL AND principal_user_id::text = $2 AS revocable FROM substitutions WHERE id = $1`, [id, personId]);
      return {
        self: subject.userId === personId,
        lineManager: await this.duties.isLineManagerOf(subject.userId, personId),
        systemAdmin: holdsRole(subject, 'system-admin'),
        revocable: s?.revocable ?? false,
      };
    });
    this.registry.registerObject('own-substitution', async (subject, id) => {
      const [s]: Array<{ principal_user_id: string; revoked: boolean }> = await this.db.query(`SELECT principal_user_id::text, revoked_at IS NOT NULL AS revoked FROM substitutions WHERE id = $1`, [id]);
      return s ? { principal: s.principal_user_id === subject.userId, revoked: s.revoked } : null;
    });
    this.registry.registerObject('agenda-grant', async (subject, id) => {
      const [g]: Array<{ agenda_code: string }> = await this.db.query(`SELECT agenda_code FROM agenda_grants WHERE id = $1`, [id]);
      return { administersAny: administersSomeAgenda(subject), exists: g !== undefined, administersItsAgenda: g !== undefined && mayAdministerAgenda(subject, g.agenda_code) };
    });
  }
}
