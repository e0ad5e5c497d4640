import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type { CreateDepartmentRequest, Department, DepartmentImportResponse, UpdateDepartmentRequest, UserRef } from '@agendy/shared/contracts';
import { IdentityAuditHub } from '../audit/identity-audit';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';
import { firstValue } from '../ldap/directory-profile';
import { DirectoryClient, normalizeDn } from '../ldap/directory.client';
import { DirectorySyncService } from '../ldap/directory-sync.service';
import { DEPARTMENT_CODE, departmentCodeFrom } from './department-code';
import { returnedRows } from '../access/sql';

interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  parent_id: string | null;
  head_id: string | null;
  head_username: string | null;
  head_display_name: string | null;
}

const SELECT_DEPARTMENTS = `
  SELECT d.id, d.code, d.name, d.name_en, d.parent_id, u.id AS head_id, u.username AS head_username, u.display_name AS head_display_name
  FROM departments d LEFT JOIN users u ON u.id = d.head_user_id`;

function toDepartment(r: DepartmentRow): Department {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    parentId: r.parent_id,
    kind: r.parent_id ? 'section' : 'department',
    head: r.head_id ? { id: r.head_id, username: r.head_username as string, displayName: r.head_display_name as string } : null,
  };
}

/**
 * The org structure: departments (odbory) and their sections (oddělení), two levels, each
 * with a head. Kept in the database, edited by a system admin, importable from the directory.
 */
@Injectable()
export class OrgService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: DirectoryClient,
    private readonly sync: DirectorySyncService,
    private readonly audit: IdentityAuditHub,
    private readonly duties: SeparationOfDuties,
  ) {}

  async list(): Promise<Department[]> {
    const rows: DepartmentRow[] = await this.db.query(`${SELECT_DEPARTMENTS} ORDER BY d.parent_id NULLS FIRST, d.code`);
    return rows.map(toDepartment);
  }

  async get(id: string): Promise<Department> {
    const rows: DepartmentRow[] = await this.db.query(`${SELECT_DEPARTMENTS} WHERE d.id = $1`, [id]);
    if (!rows[0]) throw new DomainException('NOT_FOUND');
    return toDepartment(rows[0]);
  }

  async create(input: CreateDepartmentRequest, actorId: string, ip: string | null = null): Promise<Department> {
    await this.checkReferences(null, input.parentId ?? null, input.headUserId ?? null);
    await this.duties.assertMayShapeDepartment(actorId, { code: input.code, headUserId: input.headUserId ?? null, parentId: input.parentId ?? null, previous: null }, ip);
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO departments (code, name, name_en, parent_id, head_user_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [input.code, input.name, input.nameEn ?? null, input.parentId ?? null, input.headUserId ?? null],
    );
    if (!rows[0]) throw new DomainException('CONFLICT', `Department code ${input.code} is taken`);
    await this.audit.record({ type: 'department.created', actorId, subjectId: rows[0].id, data: { code: input.code } });
    return this.get(rows[0].id);
  }

  async update(id: string, input: UpdateDepartmentRequest, actorId: string, ip: string | null = null): Promise<Department> {
    const current = await this.get(id);
    const parentId = input.parentId !== undefined ? input.parentId : current.parentId;
    const headUserId = input.headUserId !== undefined ? input.headUserId : (current.head?.id ?? null);
    await this.checkReferences(id, parentId, headUserId);
    await this.duties.assertMayShapeDepartment(actorId, { code: input.code ?? current.code, headUserId, parentId, previous: { headUserId: current.head?.id ?? null, parentId: current.parentId } }, ip);
    const rows = returnedRows(
      await this.db.query(
        `UPDATE departments SET code = $2, name = $3, name_en = $4, parent_id = $5, head_user_id = $6, updated_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM departments o WHERE o.code = $2 AND o.id <> $1) RETURNING id`,
        [id, input.code ?? current.code, input.name ?? current.name, input.nameEn !== undefined ? input.nameEn : current.nameEn, parentId, headUserId],
      ),
    );
    if (rows.length === 0) throw new DomainException('CONFLICT', `Department code ${input.code} is taken`);
    await this.audit.record({ type: 'department.updated', actorId, subjectId: id, data: { changed: Object.keys(input) } });
    return this.get(id);
  }

  /** Two levels only: a section's parent is a department; a department with sections cannot become one. */
  private async checkReferences(id: string | null, parentId: string | null, headUserId: string | null): Promise<void> {
    if (parentId) {
      if (parentId === id) throw new DomainException('CONFLICT', 'A department cannot be its own parent');
      const parent: Array<{ parent_id: string | null }> = await this.db.query(`SELECT parent_id FROM departments WHERE id = $1`, [parentId]);
      if (!parent[0]) throw new DomainException('VALIDATION_FAILED', 'The parent department does not exist', { errors: [{ pointer: '/parentId', rule: 'exists', message: { cs: 'Nadřízený odbor neexistuje.', en: 'No such department.' } }] });
      if (parent[0].parent_id) throw new DomainException('CONFLICT', 'A section cannot have sections');
      if (id) {
        const children: unknown[] = await this.db.query(`SELECT 1 FROM departments WHERE parent_id = $1 LIMIT 1`, [id]);
        if (children.length) throw new DomainException('CONFLICT', 'A department with sections cannot become a section');
      }
    }
    if (headUserId) {
      const head: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND active`, [headUserId]);
      if (!head.length) throw new DomainException('VALIDATION_FAILED', 'The head is not an active user', { errors: [{ pointer: '/headUserId', rule: 'exists', message: { cs: 'Vedoucí není aktivní uživatel.', en: 'Not an active user.' } }] });
    }
  }

  /**
   * The manager of a person: the directory's `manager` when that person is known here, else
   * the head of their department — or, for the head themselves, the head of the parent.
   */
  async managerOf(userId: string): Promise<UserRef | null> {
    const rows: Array<{ id: string; username: string; display_name: string }> = await this.db.query(
      `WITH me AS (SELECT u.id, u.department_id, ud.manager_dn FROM users u LEFT JOIN user_directory ud ON ud.user_id = u.id WHERE u.id = $1)
       SELECT m.id, m.username, m.display_name FROM (
         SELECT 1 AS rank, ud2.user_id AS id FROM me JOIN user_directory ud2 ON lower(ud2.dn) = lower(me.manager_dn)
         UNION ALL SELECT 2, d.head_user_id FROM me JOIN departments d ON d.id = me.department_id WHERE d.head_user_id <> me.id
         UNION ALL SELECT 3, p.head_user_id FROM me JOIN departments d ON d.id = me.department_id JOIN departments p ON p.id = d.parent_id WHERE p.head_user_id <> me.id
       ) c JOIN users m ON m.id = c.id AND m.active ORDER BY c.rank LIMIT 1`,
      [userId],
    );
    return rows[0] ? { id: rows[0].id, username: rows[0].username, displayName: rows[0].display_name } : null;
  }

  /**
   * Imports organisational units from LDAP_ORG_SEARCH_BASE: code, name, parent (the nearest
   * imported ancestor in the DN tree) and head (a DN, synced as a user through the login filter).
   */
  async importFromDirectory(actorId: string): Promise<DepartmentImportResponse> {
    if (!this.directory.configured) throw new DomainException('CONFLICT', 'No directory is configured (AUTH_MODE=local)');
    const cfg = this.directory.orgSettings;
    const units = await this.directory.orgUnits();
    const byDn = new Map(units.map((u) => [normalizeDn(u.dn), u]));
    const parentDnOf = (dn: string): string | null => {
      let rest = normalizeDn(dn);
      for (;;) {
        const comma = rest.indexOf(',');
        if (comma < 0) return null;
        rest = rest.slice(comma + 1);
        if (byDn.has(rest)) return rest;
      }
    };
    // Parents before children, so every parent id is known when its sections arrive.
    const ordered = [...units].sort((a, b) => a.dn.split(',').length - b.dn.split(',').length);
    const idByDn = new Map<string, string>();
    let created = 0;
    let updated = 0;
    const unresolvedHeads: string[] = [];
    for (const unit of ordered) {
      const rawCode = firstValue(unit, cfg.codeAttr);
      if (!rawCode) continue;
      const code = departmentCodeFrom(rawCode);
      if (!DEPARTMENT_CODE.test(code)) continue;
      const name = (firstValue(unit, cfg.nameAttr) ?? rawCode).slice(0, 200);
      const parentDn = parentDnOf(unit.dn);
      const parentId = parentDn ? (idByDn.get(parentDn) ?? null) : null;
      const headDn = firstValue(unit, cfg.headAttr);
      let headId: string | null = null;
      if (headDn) {
        const head = await this.sync.syncByDn(headDn);
        if (head) headId = head.id;
        else unresolvedHeads.push(headDn);
      }
      const rows: Array<{ id: string; inserted: boolean }> = await this.db.query(
        `INSERT INTO departments (code, name, parent_id, head_user_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, head_user_id = COALESCE(EXCLUDED.head_user_id, departments.head_user_id), updated_at = now()
         RETURNING id, (xmax = 0) AS inserted`,
        [code, name, parentId, headId],
      );
      idByDn.set(normalizeDn(unit.dn), rows[0].id);
      if (rows[0].inserted) created++;
      else updated++;
    }
    await this.audit.record({ type: 'departments.imported', actorId, data: { created, updated } });
    return { created, updated, unresolvedHeads };
  }
}
