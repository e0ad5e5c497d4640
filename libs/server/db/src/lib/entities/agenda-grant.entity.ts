import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A per-agenda permission: user / role / directory group → agenda code → officer | admin | auditor. */
@Entity({ name: 'agenda_grants' })
export class AgendaGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: 'user' | 'role' | 'group';

  @Column({ type: 'text' })
  subject!: string;

  @Index()
  @Column({ name: 'agenda_code', type: 'text' })
  agendaCode!: string;

  @Column({ type: 'text' })
  grant!: 'officer' | 'admin' | 'auditor';

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
