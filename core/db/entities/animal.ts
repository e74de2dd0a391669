import { Check, Column, Entity, Index, ManyToOne, type Relation } from 'typeorm';
import { RECORD_STATUSES, VALIDATION_LEVELS, checkIn } from './enums.js';
import { BioSampleRecord } from './record.js';
import { Breed, Sex } from './vocabularies.js';

/**
 * An IMAGE organism record; its species comes through its breed. Limited-value fields keep what the
 * file said: validation, not the database, tells the curator what is wrong with them.
 */
@Entity('animals')
@Index(['submission', 'name'], { unique: true })
// As for samples: counts by status and level, and pages of a submission or of a curator, read only these indexes.
@Index(['submission', 'status', 'validation'])
@Index(['submission', 'validation'])
@Index(['submission', 'id', 'owner'])
@Index(['owner', 'id'])
@Check(checkIn('status', RECORD_STATUSES))
@Check(`validation IS NULL OR ${checkIn('validation', VALIDATION_LEVELS)}`)
export class Animal extends BioSampleRecord {
  @ManyToOne(() => Breed, { nullable: false, onDelete: 'RESTRICT' })
  @Index()
  breed: Relation<Breed>;

  @ManyToOne(() => Sex, { nullable: true, onDelete: 'RESTRICT' })
  sex: Relation<Sex> | null;

  @ManyToOne(() => Animal, { nullable: true, onDelete: 'SET NULL' })
  @Index()
  father: Relation<Animal> | null;

  @ManyToOne(() => Animal, { nullable: true, onDelete: 'SET NULL' })
  @Index()
  mother: Relation<Animal> | null;

  /** ISO 8601 date, possibly partial (YYYY-MM-DD, YYYY-MM or YYYY), as IMAGE allows. */
  @Column('varchar', { length: 10, nullable: true })
  birthDate: string | null;

  @Column('varchar', { length: 255, nullable: true })
  birthLocation: string | null;

  @Column('double precision', { nullable: true })
  birthLocationLatitude: number | null;

  @Column('double precision', { nullable: true })
  birthLocationLongitude: number | null;

  @Column('varchar', { length: 64, nullable: true, default: 'missing geographic information' })
  birthLocationAccuracy: string | null;
}
