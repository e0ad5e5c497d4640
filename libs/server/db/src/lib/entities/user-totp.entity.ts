import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP (RFC 6238) second factor; pending until the first code confirms it. */
@Entity({ name: 'user_totp' })
export class UserTotpEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Base32 shared secret, sealed (SecretBox, bound to the user id); never selected unless asked for. */
  @Column({ type: 'text', select: false })
  secret!: string;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  /** Highest 30-second step already accepted: a code is never accepted twice. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;
}
