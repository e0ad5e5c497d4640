import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type { Substitution, SubstitutionSource } from '@agendy/shared/contracts';
import { IdentityAuditHub } from '../audit/identity-audit';
import { returnedRows } from '../access/sql';

/** Whom a user may act for: themselves (substitutionId null), and each absent person they deputise for. */
export interface ActingCapacity {
  principalId: string;
  substitutionId: string | null;
}

export interface NewSubstitution {
  principalId: string;
  deputyId: string;
  validFrom: Date;
  validTo: Date;
  note?: string | null;
  source: SubstitutionSource;
  sourceRequestId?: string | null;
  createdBy: string | null;
}

/** A substitution may be planned up to this far: longer absences are a matter for the org chart. */
export const MAX_SUBSTITUTION_DAYS = 366;

interface SubstitutionRow {
  id: string;
  principal_user_id: string;
  p_username: string;
  p_display_name: string;
  deputy_user_id: string;
  d_username: string;
  d_display_name: string;
  valid_from: Date;
  valid_to: Date;
  source: SubstitutionSource;
  source_request_id: string | null;
  note: string | null;
  created_at: Date;
}

const SELECT = `
  SELECT s.id, s.principal_user_id, p.username AS p_username, p.display_name AS p_display_name,
         s.deputy_user_id, d.username AS d_username, d.display_name AS d_display_name,
         s.valid_from, s.valid_to, s.source, s.source_request_id, s.note, s.created_at
  FROM substitutions s JOIN users p ON p.id = s.principal_user_id JOIN users d ON d.id = s.deputy_user_id`;

function toSubstitution(r: SubstitutionRow, now: Date): Substitution {
  return {
    id: r.id,
    principal: { id: r.principal_user_id, username: r.p_username, displayName: r.p_display_name },
    deputy: { id: r.deputy_user_id, username: r.d_username, displayName: r.d_display_name },
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to.toISOString(),
    source: r.source,
    sourceRequestId: r.source_request_id,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    active: r.valid_from <= now && now < r.valid_to,
  };
}

/**
 * Substitution (zástup): while active, a deputy may act for the absent person — tasks and
 * signatures assigned to the principal are offered to the deputy too, and every such action
 * records "on behalf of". Not transitive: a deputy's own deputy does not act for the principal.
 * A substitution is active when now ∈ [validFrom, validTo), it is not revoked and the deputy is active.
 */
@Injectable()
export class DelegationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
  ) {}

  /** Whom `userId` may act for at `at`: themselves first, then each principal with the substitution that allows it. */
  async actorsFor(userId: string, at: Date = new Date()): Promise<ActingCapacity[]> {
    const rows: Array<{ id: string; principal_user_id: string }> = await this.db.query(
      `SELECT s.id, s.principal_user_id FROM substitutions s JOIN users d ON d.id = s.deputy_user_id AND d.active
       WHERE s.deputy_user_id = $1 AND s.revoked_at IS NULL AND s.valid_from <= $2 AND $2 < s.valid_to
       ORDER BY s.valid_from, s.id`,
      [userId, at],
    );
    const seen = new Set<string>();
    const capacities: ActingCapacity[] = [{ principalId: userId, substitutionId: null }];
    for (const r of rows) {
      if (seen.has(r.principal_user_id)) continue;
      seen.add(r.principal_user_id);
      capacities.push({ principalId: r.principal_user_id, substitutionId: r.id });
    }
    return capacities;
  }

  /** The active deputies of `userId`: whom the runtime also offers this person's tasks to. */
  async activeDeputiesOf(userId: string, at: Date = new Date()): Promise<string[]> {
    const rows: Array<{ deputy_user_id: string }> = await this.db.query(
      `SELECT DISTINCT s.deputy_user_id FROM substitutions s JOIN users d ON d.id = s.deputy_user_id AND d.active
       WHERE s.principal_user_id = $1 AND s.revoked_at IS NULL AND s.valid_from <= $2 AND $2 < s.valid_to`,
      [userId, at],
    );
    return rows.map((r) => r.deputy_user_id).sort();
  }

  async get(id: string, now = new Date()): Promise<Substitution | null> {
    const rows: SubstitutionRow[] = await this.db.query(`${SELECT} WHERE s.id = $1 AND s.revoked_at IS NULL`, [id]);
    return rows[0] ? toSubstitution(rows[0], now) : null;
  }

  /** Current and future substitutions (ended or revoked ones are history, not listed here). */
  async list(filter: { principalId?: string; deputyId?: string; activeOnly?: boolean }, now = new Date()): Promise<Substitution[]> {
    const where = ['s.revoked_at IS NULL', 's.valid_to > $1'];
    const params: unknown[] = [now];
    if (filter.principalId) where.push(`s.principal_user_id = $${params.push(filter.principalId)}`);
    if (filter.deputyId) where.push(`s.deputy_user_id = $${params.push(filter.deputyId)}`);
    if (filter.activeOnly) where.push('s.valid_from <= $1');
    const rows: SubstitutionRow[] = await this.db.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY s.valid_from, d.display_name LIMIT 500`, params);
    return rows.map((r) => toSubstitution(r, now));
  }

  async create(input: NewSubstitution, now = new Date()): Promise<Substitution> {
    const id = await this.db.transaction((tx) => this.insert(tx, input, now));
    await this.audit.record({ type: 'substitution.created', actorId: input.createdBy, subjectId: id, data: { principalId: input.principalId, deputyId: input.deputyId, source: input.source } });
    return (await this.get(id, now)) as Substitution;
  }

  private async insert(tx: EntityManager, input: NewSubstitution, now: Date, onConflictDoNothing = false): Promise<string> {
    const field = (pointer: string, cs: string, en: string) => new DomainException('VALIDATION_FAILED', en, { errors: [{ pointer, rule: 'substitution', message: { cs, en } }] });
    if (input.principalId === input.deputyId) throw field('/deputyId', 'Nelze zastupovat sám sebe.', 'A person cannot be their own deputy');
    if (!(input.validTo > input.validFrom)) throw field('/validTo', 'Konec musí být po začátku.', 'validTo must be after validFrom');
    if (input.validTo <= now) throw field('/validTo', 'Zástup už skončil.', 'The substitution would already be over');
    if (input.validTo.getTime() - input.validFrom.getTime() > MAX_SUBSTITUTION_DAYS * 86_400_000) throw field('/validTo', 'Zástup může trvat nejvýše rok.', `At most ${MAX_SUBSTITUTION_DAYS} days`);
    const people: Array<{ id: string }> = await tx.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active`, [[input.principalId, input.deputyId]]);
    if (!people.some((p) => p.id === input.deputyId)) throw field('/deputyId', 'Zástupce není aktivní uživatel.', 'The deputy is not an active user');
    if (!people.some((p) => p.id === input.principalId)) throw field('/principalId', 'Zastupovaný není aktivní uživatel.', 'The principal is not an active user');
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO substitutions (principal_user_id, deputy_user_id, valid_from, valid_to, source, source_request_id, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ${onConflictDoNothing ? "ON CONFLICT (source_request_id, deputy_user_id) WHERE source = 'leave' DO NOTHING" : ''}
       RETURNING id`,
      [input.principalId, input.deputyId, input.validFrom, input.validTo, input.source, input.sourceRequestId ?? null, input.note ?? null, input.createdBy],
    );
    if (rows[0]) return rows[0].id;
    const existing: Array<{ id: string }> = await tx.query(`SELECT id FROM substitutions WHERE source = 'leave' AND source_request_id = $1 AND deputy_user_id = $2`, [input.sourceRequestId, input.deputyId]);
    return existing[0].id;
  }

  /**
   * For the leave workflow (issue 5): an approved leave request activates its substitutions.
   * Idempotent per (sourceRequestId, deputy): a retried job creates nothing twice.
   * Call `revokeFromLeave` when the leave is cancelled.
   */
  async activateFromLeave(input: { userId: string; from: Date; to: Date; deputyIds: string[]; sourceRequestId: string }, now = new Date()): Promise<Substitution[]> {
    const ids = await this.db.transaction(async (tx) => {
      const out: string[] = [];
      for (const deputyId of [...new Set(input.deputyIds)]) {
        out.push(await this.insert(tx, { principalId: input.userId, deputyId, validFrom: input.from, validTo: input.to, source: 'leave', sourceRequestId: input.sourceRequestId, createdBy: null }, now, true));
      }
      return out;
    });
    for (const id of ids) await this.audit.record({ type: 'substitution.created', actorId: null, subjectId: id, data: { principalId: input.userId, source: 'leave', sourceRequestId: input.sourceRequestId } });
    return (await Promise.all(ids.map((id) => this.get(id, now)))).filter((s): s is Substitution => s !== null);
  }

  async revokeFromLeave(sourceRequestId: string, now = new Date()): Promise<number> {
    const rows = returnedRows(await this.db.query(`UPDATE substitutions SET revoked_at = $2 WHERE source = 'leave' AND source_request_id = $1 AND revoked_at IS NULL RETURNING id`, [sourceRequestId, now]));
    return rows.length;
  }

  /** Revokes; `principalId` restricts it to that person's own substitutions (else NOT_FOUND, revealing nothing). */
  async revoke(id: string, by: string, restrictToPrincipal: string | null, now = new Date()): Promise<void> {
    const rows = returnedRows(
      await this.db.query(
        `UPDATE substitutions SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR principal_user_id = $4) RETURNING id`,
        [id, now, by, restrictToPrincipal],
      ),
    );
    if (rows.length === 0) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'substitution.revoked', actorId: by, subjectId: id });
  }
}
