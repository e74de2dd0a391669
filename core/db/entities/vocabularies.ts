import { BaseEntity, Check, Column, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Confidence } from './enums.js';
import { VocabularyTerm } from './vocabulary-term.js';
import { CONFIDENCES, checkIn } from './enums.js';

const confidenceCheck = `confidence IS NULL OR ${checkIn('confidence', CONFIDENCES)}`;

@Entity('countries')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class Country extends VocabularyTerm {}

@Entity('sexes')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class Sex extends VocabularyTerm {}

@Entity('roles')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class Role extends VocabularyTerm {}

@Entity('organism_parts')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class OrganismPart extends VocabularyTerm {}

@Entity('developmental_stages')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class DevelopmentalStage extends VocabularyTerm {}

@Entity('physiological_stages')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class PhysiologicalStage extends VocabularyTerm {}

/** A species by scientific name (NCBITaxon term), with the LBO breed roots its breeds must descend from. */
@Entity('species')
@Index(['label'], { unique: true })
@Check(confidenceCheck)
export class Species extends VocabularyTerm {
  @Column('varchar', { length: 255, nullable: true })
  generalBreedLabel: string | null;

  @Column('varchar', { length: 64, nullable: true })
  generalBreedTerm: string | null;

  @Column('varchar', { length: 64, nullable: true })
  crossbreedTerm: string | null;

  @OneToMany(() => SpeciesSynonym, (s) => s.species)
  synonyms: Relation<SpeciesSynonym[]>;
}

/** A common name of a species in the language of a country ("Pig" in United Kingdom → Sus scrofa). */
@Entity('species_synonyms')
@Index(['word', 'language'], { unique: true })
export class SpeciesSynonym extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  word: string;

  @ManyToOne(() => Species, (s) => s.synonyms, { nullable: false, onDelete: 'CASCADE' })
  @Index()
  species: Relation<Species>;

  @ManyToOne(() => Country, { nullable: false, onDelete: 'RESTRICT' })
  language: Relation<Country>;
}

/**
 * A breed as a data source names it, in a country, for a species; `label`/`term` hold the
 * mapped LBO breed once known (falling back to the species' general breed when serialized).
 */
@Entity('breeds')
@Index(['suppliedBreed', 'country', 'species'], { unique: true })
@Check(confidenceCheck)
export class Breed extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  suppliedBreed: string;

  /** The mapped LBO breed label. */
  @Column('varchar', { length: 255, nullable: true })
  label: string | null;

  @Column('varchar', { length: 64, nullable: true })
  term: string | null;

  @Column('varchar', { length: 16, nullable: true })
  confidence: Confidence | null;

  @ManyToOne(() => Country, { nullable: false, onDelete: 'RESTRICT' })
  country: Relation<Country>;

  @ManyToOne(() => Species, { nullable: false, onDelete: 'RESTRICT' })
  @Index()
  species: Relation<Species>;
}
