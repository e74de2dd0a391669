import { BaseEntity, Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RECORD_TYPES, checkIn, type RecordType } from './enums.js';
import { User } from './user.js';

export const ORPHAN_REASONS = ['submission deleted', 'record deleted', 'duplicate'] as const;
export type OrphanReason = (typeof ORPHAN_REASONS)[number];

/**
 * A sample InjectTool created at BioSamples that no record of InjectTool stands for any more: its
 * submission or the record itself was deleted (BioSamples keeps it; a trigger notes every delete of an
 * accessioned record, whatever deleted it), or it is a second accession found for one record.
 * Kept so an admin can suppress it there later. `accession` is null when the record had asked for an
 * accession but never heard back: it is then found by its alias.
 */
@Entity('orphaned_records')
@Check(checkIn('record_type', RECORD_TYPES))
@Check(checkIn('reason', ORPHAN_REASONS))
export class OrphanedRecord extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 32, nullable: true })
  @Index({ unique: true, where: 'accession IS NOT NULL' })
  accession: string | null;

  /** The `InjectTool alias` it was sent with. */
  @Column('uuid')
  @Index()
  alias: string;

  @Column('varchar', { length: 255 })
  name: string;

  @Column('varchar', { length: 8 })
  recordType: RecordType;

  /** Scientific name and taxon term, which BioSamples checks on every PUT, the suppressing one included. */
  @Column('varchar', { length: 255, nullable: true })
  species: string | null;

  @Column('varchar', { length: 64, nullable: true })
  speciesTerm: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @Index()
  owner: Relation<User> | null;

  @Column('varchar', { length: 255 })
  submissionTitle: string;

  @Column('varchar', { length: 32, default: 'submission deleted' })
  reason: OrphanReason;

  @Column('timestamptz', { default: () => 'now()' })
  deletedAt: Date;

  @Column('timestamptz', { nullable: true })
  suppressedAt: Date | null;

  /** What the last suppression attempt gave: done, or BioSamples' reason for refusing. */
  @Column('text', { nullable: true })
  suppressMessage: string | null;
}
