import { BaseEntity, Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { RECORD_TYPES, VALIDATION_LEVELS, checkIn, type RecordType, type ValidationLevel } from './enums.js';
import { Submission } from './submission.js';
import { Animal } from './animal.js';
import { Sample } from './sample.js';
import { User } from './user.js';

export interface ValidationMessage {
  /** The IMAGE attribute the message is about ("Sex", "Collection date"), or "record". */
  field: string;
  level: 'warning' | 'error';
  message: string;
  /** Groups identical problems across records (same check, field and value class). */
  key: string;
}

/** The outcome of the last validation of one animal or sample. */
@Entity('validation_results')
@Check(checkIn('record_type', RECORD_TYPES))
@Check(checkIn('level', VALIDATION_LEVELS))
@Check(`(record_type = 'animal') = (animal_id IS NOT NULL) AND (record_type = 'sample') = (sample_id IS NOT NULL)`)
export class ValidationResult extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  submission: Relation<Submission>;

  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  owner: Relation<User>;

  @Column('varchar', { length: 8 })
  recordType: RecordType;

  @ManyToOne(() => Animal, { nullable: true, onDelete: 'CASCADE' })
  @Index({ unique: true, where: 'animal_id IS NOT NULL' })
  animal: Relation<Animal> | null;

  @ManyToOne(() => Sample, { nullable: true, onDelete: 'CASCADE' })
  @Index({ unique: true, where: 'sample_id IS NOT NULL' })
  sample: Relation<Sample> | null;

  @Column('varchar', { length: 8 })
  level: ValidationLevel;

  @Column('jsonb', { default: () => `'[]'` })
  messages: ValidationMessage[];

  @UpdateDateColumn({ type: 'timestamptz' })
  validatedAt: Date;
}
