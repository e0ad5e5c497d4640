import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export type SubstitutionSourceValue = 'self' | 'manager' | 'admin' | 'leave';

/** Zástup: `deputy` may act for `principal` during [validFrom, validTo) unless revoked. */
@Entity({ name: 'substitutions' })
export class SubstitutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'principal_user_id', type: 'uuid' })
  principalUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'principal_user_id' })
  principal?: UserEntity;

  @Index()
  @Column({ name: 'deputy_user_id', type: 'uuid' })
  deputyUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deputy_user_id' })
  deputy?: UserEntity;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom!: Date;

  @Column({ name: 'valid_to', type: 'timestamptz' })
  validTo!: Date;

  @Column({ type: 'text' })
  source!: SubstitutionSourceValue;

  @Column({ name: 'source_request_id', type: 'text', nullable: true })
  sourceRequestId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Revoked rows stay for the record ("who could act for whom, when"). */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;
}
