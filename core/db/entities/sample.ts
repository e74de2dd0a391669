import { Check, Column, Entity, Index, ManyToOne, type Relation } from 'typeorm';
import { RECORD_STATUSES, VALIDATION_LEVELS, checkIn } from './enums.js';
import { BioSampleRecord } from './record.js';
import { Animal } from './animal.js';
import { DevelopmentalStage, OrganismPart, PhysiologicalStage } from './vocabularies.js';

/**
 * An IMAGE specimen-from-organism record. Limited-value fields are checked by validation, not by
 * the database, so an import keeps whatever the file said and the curator sees why it is wrong.
 */
@Entity('samples')
@Index(['submission', 'name'], { unique: true })
// Counts by status and level, and pages of a submission (with or without the owner's scope), read only these indexes.
@Index(['submission', 'status', 'validation'])
@Index(['submission', 'validation'])
@Index(['submission', 'id', 'owner'])
@Index(['owner', 'id'])
@Check(checkIn('status', RECORD_STATUSES))
@Check(`validation IS NULL OR ${checkIn('validation', VALIDATION_LEVELS)}`)
export class Sample extends BioSampleRecord {
  @ManyToOne(() => Animal, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  animal: Relation<Animal>;

  @Column('varchar', { length: 1024, nullable: true })
  collectionProtocol: string | null;

  @Column('varchar', { length: 10, nullable: true })
  collectionDate: string | null;

  @Column('varchar', { length: 255, nullable: true })
  collectionPlace: string | null;

  @Column('double precision', { nullable: true })
  collectionPlaceLatitude: number | null;

  @Column('double precision', { nullable: true })
  collectionPlaceLongitude: number | null;

  @Column('varchar', { length: 64, nullable: true, default: 'missing geographic information' })
  collectionPlaceAccuracy: string | null;

  @ManyToOne(() => OrganismPart, { nullable: true, onDelete: 'RESTRICT' })
  organismPart: Relation<OrganismPart> | null;

  @ManyToOne(() => DevelopmentalStage, { nullable: true, onDelete: 'RESTRICT' })
  developmentalStage: Relation<DevelopmentalStage> | null;

  @ManyToOne(() => PhysiologicalStage, { nullable: true, onDelete: 'RESTRICT' })
  physiologicalStage: Relation<PhysiologicalStage> | null;

  @Column('double precision', { nullable: true })
  animalAgeAtCollection: number | null;

  @Column('varchar', { length: 16, nullable: true })
  animalAgeAtCollectionUnit: string | null;

  @Column('varchar', { length: 1024, nullable: true })
  availability: string | null;

  @Column('varchar', { length: 128, nullable: true })
  storage: string | null;

  @Column('varchar', { length: 128, nullable: true })
  storageProcessing: string | null;

  @Column('double precision', { nullable: true })
  preparationInterval: number | null;

  @Column('varchar', { length: 16, nullable: true })
  preparationIntervalUnit: string | null;
}
