import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A refresh token, stored only as its SHA-256; rotated on every use, within its session (table auth_session). */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  /** The session (refresh-token family) it belongs to: rotation keeps it, ending the session ends them all. */
  @Column({ name: 'session_id', type: 'int' })
  sessionId: number;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
