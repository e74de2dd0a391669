import { BaseEntity, Column, CreateDateColumn, Generated, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { RecordStatus, ValidationLevel } from './enums.js';
import { Submission } from './submission.js';
import { User } from './user.js';
import { Publication } from './publication.js';

/** What Animal and Sample share: identity in the data source, BioSamples bookkeeping, ownership. */
export abstract class BioSampleRecord extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** The id in the data source (IMAGE "Data source ID"); unique within a submission. */
  @Column('varchar', { length: 255 })
  name: string;

  @Column('varchar', { length: 255, nullable: true })
  alternativeId: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 32, nullable: true, unique: true })
  accession: string | null;

  @Column('varchar', { length: 16, default: 'loaded' })
  status: RecordStatus;

  /** Level of the last validation, null until validated or after an edit. */
  @Column('varchar', { length: 8, nullable: true })
  validation: ValidationLevel | null;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  submission: Relation<Submission>;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @Index()
  owner: Relation<User>;

  @ManyToOne(() => Publication, { nullable: true, onDelete: 'SET NULL' })
  publication: Relation<Publication> | null;

  /** Stable id sent to BioSamples as the `InjectTool alias` characteristic, so a lost answer can be found again. */
  @Column('uuid')
  @Generated('uuid')
  @Index({ unique: true })
  alias: string;

  /** Set before an accession is requested: a record with this and no accession must be looked up, not re-created. */
  @Column('timestamptz', { nullable: true })
  accessionRequestedAt: Date | null;

  /** SHA-256 of the content last PUT to BioSamples; unchanged records are not sent again. */
  @Column('char', { length: 64, nullable: true })
  submittedHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastChangedAt: Date;

  @Column('timestamptz', { nullable: true })
  lastSubmittedAt: Date | null;

  /** The release date last PUT with that content: a new one is sent even when the content is unchanged. */
  @Column('date', { nullable: true })
  submittedRelease: string | null;

  /** What the last re-check found at BioSamples: public, private, changed, withdrawn, missing. */
  @Column('varchar', { length: 16, nullable: true })
  remoteStatus: string | null;

  @Column('text', { nullable: true })
  remoteMessage: string | null;

  @Column('timestamptz', { nullable: true })
  remoteCheckedAt: Date | null;
}
