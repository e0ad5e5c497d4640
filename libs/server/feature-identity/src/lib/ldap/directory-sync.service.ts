import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { UserEntity } from '@agendy/server/db';
import { isRole, type Role } from '@agendy/shared/contracts';
import { IdentityAuditHub } from '../audit/identity-audit';
import { departmentCodeFrom } from '../org/department-code';
import { DirectoryClient, DirectoryUnavailableError } from './directory.client';
import { DirectoryProfile, LdapEntry, rolesFromGroups, toDirectoryProfile } from './directory-profile';
import { returnedRows } from '../access/sql';

/**
 * Keeps `users` + `user_directory` in step with the directory: at every login (full profile)
 * and at the periodic session re-check, which is how people removed or disabled in the
 * directory lose their sessions.
 */
@Injectable()
export class DirectorySyncService {
  private readonly logger = new Logger('DirectorySync');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: DirectoryClient,
    private readonly audit: IdentityAuditHub,
  ) {}

  /** LDAP_ROLE_MAP plus the mappings an admin keeps in the database. */
  async roleMappings(manager: EntityManager = this.db.manager): Promise<Array<{ group: string; role: Role }>> {
    const rows: Array<{ group_name: string; role: string }> = await manager.query(`SELECT group_name, role FROM role_mappings`);
    const fromDb = rows.filter((r) => isRole(r.role)).map((r) => ({ group: r.group_name, role: r.role as Role }));
    return [...(this.config.auth.ldap?.roleMap ?? []), ...fromDb];
  }

  toProfile(entry: LdapEntry, groups: LdapEntry[]): DirectoryProfile | null {
    return this.config.auth.ldap ? toDirectoryProfile(entry, groups, this.config.auth.ldap) : null;
  }

  /**
   * Creates or refreshes the Agendy user of a directory profile. Returns null when the
   * username belongs to a local account: a directory entry never takes over a local (break-glass) one.
   */
  async upsert(profile: DirectoryProfile, now = new Date()): Promise<UserEntity | null> {
    const userId = await this.db.transaction(async (tx) => {
      const roles = rolesFromGroups(profile.groups, await this.roleMappings(tx));
      const departmentId = profile.department ? await this.departmentFor(tx, profile.department) : null;
      const rows: Array<{ id: string }> = await tx.query(
        `INSERT INTO users (username, display_name, email, title, department_id, auth_source, roles, active)
         VALUES ($1, $2, $3, $4, $5, 'ldap', $6, true)
         ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email, title = EXCLUDED.title,
           department_id = EXCLUDED.department_id, roles = EXCLUDED.roles, active = true, updated_at = now()
           WHERE users.auth_source = 'ldap'
         RETURNING id`,
        [profile.username, profile.displayName, profile.email, profile.title, departmentId, roles],
      );
      if (rows.length === 0) return null;
      const id = rows[0].id;
      // A DN that moved to another username (renamed account) releases it first.
      await tx.query(`DELETE FROM user_directory WHERE lower(dn) = lower($1) AND user_id <> $2`, [profile.dn, id]);
      await tx.query(
        `INSERT INTO user_directory (user_id, dn, manager_dn, groups, synced_at, checked_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (user_id) DO UPDATE SET dn = EXCLUDED.dn, manager_dn = EXCLUDED.manager_dn, groups = EXCLUDED.groups, synced_at = EXCLUDED.synced_at, checked_at = EXCLUDED.checked_at`,
        [id, profile.dn, profile.managerDn, profile.groups, now],
      );
      return id;
    });
    if (!userId) return null;
    return this.db.getRepository(UserEntity).findOne({ where: { id: userId }, relations: { department: true } });
  }

  /** The department named by the directory: by code, else by name; created when unknown. */
  private async departmentFor(tx: EntityManager, value: string): Promise<string> {
    const code = departmentCodeFrom(value);
    const found: Array<{ id: string }> = await tx.query(`SELECT id FROM departments WHERE code = $1 OR lower(name) = lower($2) ORDER BY (code = $1) DESC LIMIT 1`, [code, value]);
    if (found[0]) return found[0].id;
    const created: Array<{ id: string }> = await tx.query(`INSERT INTO departments (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`, [code, value.slice(0, 200)]);
    return created[0].id;
  }

  /**
   * Is this session's user still allowed by the directory? Asked on every authenticated
   * request, but the directory is queried at most once per LDAP_RECHECK_SECONDS per user: the
   * first request after that interval claims the check with a conditional UPDATE, so concurrent
   * requests and api replicas do not all query. `gone` (removed, or filtered out as disabled)
   * and `unverifiable` end the sessions; a directory outage keeps them (fail open, bounded by
   * the session's absolute timeout) and is logged.
   */
  async checkSession(user: UserEntity, now = new Date()): Promise<'ok' | 'gone' | 'unverifiable'> {
    if (user.authSource !== 'ldap') return 'ok';
    const ldap = this.config.auth.ldap;
    if (!ldap) return 'unverifiable'; // the directory was switched off: its accounts cannot be vouched for
    const rows: Array<{ checked_at: Date }> = await this.db.query(`SELECT checked_at FROM user_directory WHERE user_id = $1`, [user.id]);
    if (!rows[0]) return 'unverifiable';
    if (now.getTime() - rows[0].checked_at.getTime() < ldap.recheckSeconds * 1000) return 'ok';
    // "Still due" is re-evaluated after the row lock: of two racing requests only the first claims it.
    const claimed = returnedRows(
      await this.db.query(`UPDATE user_directory SET checked_at = $2 WHERE user_id = $1 AND checked_at <= $2::timestamptz - make_interval(secs => $3) RETURNING user_id`, [user.id, now, ldap.recheckSeconds]),
    );
    if (claimed.length === 0) return 'ok'; // another request is checking right now
    let found: { entry: LdapEntry; groups: LdapEntry[] } | null;
    try {
      found = await this.directory.findUser(user.username);
    } catch (e) {
      if (!(e instanceof DirectoryUnavailableError)) throw e;
      this.logger.warn({ userId: user.id, err: e.message }, 'Directory re-check failed; session kept');
      return 'ok';
    }
    const profile = found ? this.toProfile(found.entry, found.groups) : null;
    if (!profile || profile.username !== user.username) return 'gone';
    const refreshed = await this.upsert(profile, now);
    if (refreshed) {
      // Roles taken away in the directory take effect on this very request.
      user.roles = refreshed.roles;
      user.displayName = refreshed.displayName;
      user.departmentId = refreshed.departmentId;
      user.department = refreshed.department ?? null;
    }
    return refreshed ? 'ok' : 'unverifiable';
  }

  /** Ends every session of the user; `deactivate` also marks them inactive (gone from the directory). */
  async endSessions(userId: string, reason: string, deactivate: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (deactivate) await tx.query(`UPDATE users SET active = false, updated_at = now() WHERE id = $1`, [userId]);
      await tx.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    });
    this.logger.log({ userId, reason }, 'Directory user deactivated; sessions ended');
    await this.audit.record({ type: 'session.revoked-by-directory', actorId: null, subjectId: userId, data: { reason } });
  }

  /** Fetches a person by DN through the login filter (so disabled people are not imported) and upserts them. */
  async syncByDn(dn: string): Promise<UserEntity | null> {
    const ldap = this.config.auth.ldap;
    if (!ldap) return null;
    const entry = await this.directory.readEntry(dn, [ldap.attributes.username]);
    const username = entry ? toDirectoryProfile(entry, [], ldap)?.username : undefined;
    if (!username) return null;
    const found = await this.directory.findUser(username);
    const profile = found ? this.toProfile(found.entry, found.groups) : null;
    return profile ? this.upsert(profile) : null;
  }
}

