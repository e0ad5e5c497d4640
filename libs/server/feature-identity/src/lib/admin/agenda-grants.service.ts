import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type { AgendaGrant, AgendaGrantEntry, GrantSubjectType } from '@agendy/shared/contracts';
import { returnedRows } from '../access/sql';
import { IdentityAuditHub } from '../audit/identity-audit';
import { agendasWhoseGrantsActorManages } from '../policy/separation-of-duties';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';

export interface NewAgendaGrant {
  subjectType: GrantSubjectType;
  /** A user id, a role or a directory group. */
  subject: string;
  agendaCode: string;
  grant: AgendaGrant;
}

type Row = { id: string; subject_type: GrantSubjectType; subject: string; agenda_code: string; grant: AgendaGrant };
const toEntry = (r: Row): AgendaGrantEntry => ({ id: r.id, subjectType: r.subject_type, subject: r.subject, agendaCode: r.agenda_code, grant: r.grant });

/**
 * The one writer of `agenda_grants` (ADR 0004: one owner per table). The identity admin API and the
 * agenda designer both come here, so the separation-of-duties rules apply through every door:
 * `authorize` first (outside a transaction: a refusal is audited on its own connection), then
 * `insert` / `delete` — on the caller's transaction when it audits the change itself.
 */
@Injectable()
export class AgendaGrantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly duties: SeparationOfDuties,
    private readonly audit: IdentityAuditHub,
  ) {}

  /** 403 SELF_GRANT_FORBIDDEN (audited) when the grant would reach the actor; 403 FORBIDDEN unless they administer the agenda. */
  authorize(actorId: string, grant: NewAgendaGrant, ip: string | null = null): Promise<void> {
    return this.duties.assertMayGrant(actorId, grant, ip);
  }

  /** Withdrawing (or listing) an agenda's grants: its administrators only. */
  authorizeManagement(actorId: string, agendaCode: string): Promise<void> {
    return this.duties.assertMayManageGrants(actorId, agendaCode);
  }

  /** The grants the actor may see: every agenda for global agenda administrators, else the agendas they administer. */
  async list(actorId: string, agendaCode?: string): Promise<AgendaGrantEntry[]> {
    const scope = agendasWhoseGrantsActorManages(await this.duties.actor(actorId));
    if (agendaCode !== undefined && scope !== null && !scope.includes(agendaCode)) throw new DomainException('FORBIDDEN');
    if (agendaCode === undefined && scope !== null && scope.length === 0) throw new DomainException('FORBIDDEN');
    const rows: Row[] = await this.db.query(
      `SELECT id, subject_type, subject, agenda_code, "grant" FROM agenda_grants
       WHERE ($1::text IS NULL OR agenda_code = $1) AND ($2::text[] IS NULL OR agenda_code = ANY($2))
       ORDER BY agenda_code, "grant", subject`,
      [agendaCode ?? null, scope],
    );
    return rows.map(toEntry);
  }

  /** Authorizes, inserts and audits (identity.agenda-grant.created); 409 when the grant exists. */
  async create(actorId: string, grant: NewAgendaGrant, ip: string | null = null): Promise<AgendaGrantEntry> {
    await this.authorize(actorId, grant, ip);
    const created = await this.insert(this.db.manager, actorId, grant);
    if (!created) throw new DomainException('CONFLICT', 'This grant exists already');
    await this.audit.record({ type: 'agenda-grant.created', actorId, subjectId: created.id, data: { ...grant }, ip });
    return created;
  }

  /** Only after `authorize`. Null when the same grant exists (subject compared case-insensitively). */
  async insert(em: EntityManager, actorId: string, grant: NewAgendaGrant): Promise<AgendaGrantEntry | null> {
    const rows: Row[] = await em.query(
      `INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant", created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id, subject_type, subject, agenda_code, "grant"`,
      [grant.subjectType, grant.subject, grant.agendaCode, grant.grant, actorId],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  /** Withdraws a grant after checking the actor administers its agenda (404 for no such grant). */
  async remove(actorId: string, id: string, ip: string | null = null): Promise<void> {
    // Someone who administers no agenda learns nothing, not even whether the grant exists.
    const scope = agendasWhoseGrantsActorManages(await this.duties.actor(actorId));
    if (scope !== null && scope.length === 0) throw new DomainException('FORBIDDEN');
    const [row]: Row[] = await this.db.query(`SELECT id, subject_type, subject, agenda_code, "grant" FROM agenda_grants WHERE id = $1`, [id]);
    if (!row) throw new DomainException('NOT_FOUND');
    if (scope !== null && !scope.includes(row.agenda_code)) throw new DomainException('FORBIDDEN');
    if (!(await this.delete(this.db.manager, id, row.agenda_code))) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'agenda-grant.deleted', actorId, subjectId: id, data: { agendaCode: row.agenda_code, grant: row.grant }, ip });
  }

  /** Only after `authorizeManagement`. The deleted grant, or null when there was none of that agenda. */
  async delete(em: EntityManager, id: string, agendaCode: string): Promise<AgendaGrantEntry | null> {
    const rows = returnedRows<Row>(await em.query(`DELETE FROM agenda_grants WHERE id = $1 AND agenda_code = $2 RETURNING id, subject_type, subject, agenda_code, "grant"`, [id, agendaCode]));
    return rows[0] ? toEntry(rows[0]) : null;
  }
}
