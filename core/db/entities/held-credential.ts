import { BaseEntity, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Submission } from './submission.js';

/**
 * Webin credentials held, encrypted with SECRET_KEY, only while a submission job runs (to refresh
 * the token before it expires); deleted when the job ends, however it ends.
 */
@Entity('held_credentials')
export class HeldCredential extends BaseEntity {
  @PrimaryColumn('integer')
  submissionId: number;

  @OneToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission: Relation<Submission>;

  @Column('varchar', { length: 255 })
  webinUsername: string;

  /** AES-256-GCM of the password: iv, tag and ciphertext, base64. */
  @Column('text')
  encryptedPassword: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
