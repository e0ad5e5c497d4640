import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Directory group → Agendy role, managed by a system admin (on top of LDAP_ROLE_MAP). */
@Entity({ name: 'role_mappings' })
export class RoleMappingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Group name (cn) or DN; unique with the role, case-insensitively. */
  @Column({ name: 'group_name', type: 'text' })
  groupName!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
