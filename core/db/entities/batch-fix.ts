import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import {
  RECORD_TYPES, SUBMISSION_STATUSES, checkIn, type RecordStatus, type RecordType, type SubmissionStatus, type ValidationLevel,
} from './enums.js';
import { Submission } from './submission.js';
import { User } from './user.js';

export const BATCH_FIX_STATES = ['queued', 'done', 'failed'] as const;
export type BatchFixState = (typeof BATCH_FIX_STATES)[number];

/** Which records a batch fix changes: the given ids, or those matching the record list's filters. */
export interface BatchFixFilter {
  status?: RecordStatus;
  validation?: ValidationLevel;
  q?: string;
  message?: string;
}

/**
 * One "Fix this" or bulk edit: set `field` to `value` on some records of a submission. The request
 * is stored here and the fix-submission job (payload: ids only) reads it, applies it once, and
 * keeps the outcome, so the history of batch changes stays visible.
 */
@Entity('batch_fixes')
@Check(checkIn('record_type', RECORD_TYPES))
@Check(checkIn('state', BATCH_FIX_STATES))
@Check(checkIn('previous_status', SUBMISSION_STATUSES))
@Check(`(ids IS NOT NULL)::int + (filter IS NOT NULL)::int = 1`)
export class BatchFix extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  submission: Relation<Submission>;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  requestedBy: Relation<User> | null;

  @Column('varchar', { length: 8 })
  recordType: RecordType;

  /** The API name of the field (core/fixes/editable-fields.ts). */
  @Column('varchar', { length: 64 })
  field: string;

  /** The new value: text or number; null clears the field. */
  @Column('jsonb', { nullable: true })
  value: string | number | null;

  @Column('int', { array: true, nullable: true })
  ids: number[] | null;

  /** Record list filters (a message key included), when records are not given by id. */
  @Column('jsonb', { nullable: true })
  filter: BatchFixFilter | null;

  /** Where the submission goes back to if the fix cannot be applied. */
  @Column('varchar', { length: 16 })
  previousStatus: SubmissionStatus;

  @Column('varchar', { length: 8, default: 'queued' })
  state: BatchFixState;

  /** Records the selection matched, and those whose value actually changed. */
  @Column('int', { nullable: true })
  selected: number | null;

  @Column('int', { nullable: true })
  changed: number | null;

  /** The curator's message once done or failed. */
  @Column('text', { nullable: true })
  outcome: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
