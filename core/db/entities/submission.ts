import {
  BaseEntity, Check, Column, CreateDateColumn, Entity, Index, ManyToOne, OneToOne, JoinColumn, PrimaryGeneratedColumn,
  UpdateDateColumn, type Relation,
} from 'typeorm';
import { DATASOURCE_TYPES, SUBMISSION_STATUSES, checkIn, type DatasourceType, type SubmissionStatus } from './enums.js';
import { Country } from './vocabularies.js';
import { Organization, User } from './user.js';

/** A problem found in an uploaded file or by a job, located as precisely as the source allows. */
export interface SubmissionProblem {
  level: 'error' | 'warning';
  sheet?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface JobProgress {
  phase: 'import' | 'validate' | 'submit' | 'fix';
  done: number;
  total: number;
}

/** One upload of a data source (the first one, or a reload), kept in PostgreSQL. */
@Entity('uploaded_files')
export class UploadedFile extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  name: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column('varchar', { length: 255 })
  mimeType: string;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;

  /** Never loaded by default: read it with core/submissions/files. */
  @Column('bytea', { select: false })
  content: Buffer;

  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  owner: Relation<User>;
}

@Entity('submissions')
@Index(['owner', 'geneBankName', 'geneBankCountry', 'datasourceType', 'datasourceVersion'], { unique: true })
@Check(checkIn('status', SUBMISSION_STATUSES))
@Check(checkIn('datasource_type', DATASOURCE_TYPES))
export class Submission extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  title: string;

  @Column('text', { default: '' })
  description: string;

  @Column('varchar', { length: 255 })
  geneBankName: string;

  @ManyToOne(() => Country, { nullable: false, onDelete: 'RESTRICT' })
  geneBankCountry: Relation<Country>;

  @Column('varchar', { length: 16 })
  datasourceType: DatasourceType;

  @Column('varchar', { length: 255 })
  datasourceVersion: string;

  /** Written only by core/submissions/state-machine. */
  @Column('varchar', { length: 16, default: 'waiting' })
  @Index()
  status: SubmissionStatus;

  @Column('text', { default: '' })
  message: string;

  @Column('jsonb', { default: () => `'[]'` })
  errors: SubmissionProblem[];

  /** Total problems found by the last job, when `errors` holds only the first ones. */
  @Column('integer', { default: 0 })
  errorsTotal: number;

  @Column('jsonb', { nullable: true })
  progress: JobProgress | null;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @Index()
  owner: Relation<User>;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'SET NULL' })
  organization: Relation<Organization> | null;

  @OneToOne(() => UploadedFile, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  file: Relation<UploadedFile> | null;

  /** Summary of the last validation per record type (core/validation writes it). */
  @Column('jsonb', { nullable: true })
  validationSummary: Record<string, unknown> | null;

  /** BioSamples release date chosen at submit time. */
  @Column('date', { nullable: true })
  releaseDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  @Index()
  updatedAt: Date;
}
