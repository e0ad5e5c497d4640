import { DataSource } from 'typeorm';
import { hashPassword } from './auth.service';
import { DEMO_DEPARTMENTS, DEMO_OFFICER_GRANTS, DEMO_PASSWORD, DEMO_USERS } from './demo-directory';

/**
 * Idempotent: inserts what is missing and never overwrites, so a second start duplicates
 * nothing and keeps passwords people may have changed. Returns how many rows it inserted.
 */
export async function seedDemoDirectory(dataSource: DataSource): Promise<{ departments: number; users: number }> {
  return dataSource.transaction(async (tx) => {
    let departments = 0;
    for (const d of DEMO_DEPARTMENTS) {
      const rows: unknown[] = await tx.query(`INSERT INTO departments (code, name, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`, [d.code, d.name, d.nameEn]);
      departments += rows.length;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    let users = 0;
    for (const u of DEMO_USERS) {
      const rows: unknown[] = await tx.query(
        `INSERT INTO users (username, display_name, title, email, department_id, password_hash, auth_source, roles)
         SELECT $1, $2, $3, $4, d.id, $6, 'local', $7 FROM departments d WHERE d.code = $5
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [u.username, u.displayName, u.title, u.email, u.department, passwordHash, u.roles],
      );
      users += rows.length;
      // Demo stand-in for the directory's group memberships (local accounts are never re-checked against LDAP).
      if ('groups' in u) {
        await tx.query(
          `INSERT INTO user_directory (user_id, dn, groups, synced_at, checked_at)
           SELECT id, 'uid=' || username || ',ou=demo', $2, now(), now() FROM users WHERE username = $1
           ON CONFLICT (user_id) DO NOTHING`,
          [u.username, u.groups],
        );
      }
    }
    for (const d of DEMO_DEPARTMENTS) {
      if (!d.head) continue;
      await tx.query(`UPDATE departments SET head_user_id = (SELECT id FROM users WHERE username = $2) WHERE code = $1 AND head_user_id IS NULL`, [d.code, d.head]);
    }
    // Officers are agenda grants (the agenda's own capacity, not a directory group). Seeded as data, not through the
    // grants service: demo seeding has no acting administrator, and it never overwrites what people changed.
    for (const g of DEMO_OFFICER_GRANTS) {
      await tx.query(
        `INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant")
         SELECT 'user', id::text, $2, 'officer' FROM users WHERE username = $1
         ON CONFLICT (subject_type, lower(subject), agenda_code, "grant") DO NOTHING`,
        [g.username, g.agenda],
      );
    }
    return { departments, users };
  });
}
