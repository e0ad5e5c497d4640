import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the directory (LDAP/AD) last said about a user: kept apart from `users` so local accounts
 * carry none of it. `checkedAt` drives the periodic re-validation of sessions.
 */
@Entity({ name: 'user_directory' })
export class UserDirectoryEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The user's DN; compared case-insensitively (unique on lower(dn)). */
  @Column({ type: 'text' })
  dn!: string;

  /** DN of the `manager` attribute, resolved to a user when that person is known. */
  @Column({ name: 'manager_dn', type: 'text', nullable: true })
  managerDn!: string | null;

  /** Group names and DNs from the last sync, as the role mapping saw them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  groups!: string[];

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;
}
