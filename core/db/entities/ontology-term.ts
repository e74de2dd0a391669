import { BaseEntity, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What validation needs to know of an ontology term, kept offline: its label and synonyms for the
 * value check, and every ancestor for the "descendant of" root checks. Seeded from resources/, then
 * filled from OLS for terms met in data.
 */
@Entity('ontology_terms')
export class OntologyTerm extends BaseEntity {
  /** Short form, e.g. UBERON_0001968. */
  @PrimaryColumn('varchar', { length: 64 })
  term: string;

  @Column('varchar', { length: 512 })
  iri: string;

  @Column('varchar', { length: 512 })
  label: string;

  @Column('text', { array: true, default: () => `'{}'` })
  synonyms: string[];

  /** Short forms of every ancestor (is-a closure), for allow_descendants rules. */
  @Column('text', { array: true, default: () => `'{}'` })
  ancestors: string[];

  @Column('varchar', { length: 32 })
  ontology: string;

  /** Where the entry came from: "seed" (resources/) or "ols". */
  @Column('varchar', { length: 8, default: 'seed' })
  source: string;

  /** False when OLS answered that no such term exists (cached negative answer). */
  @Column('boolean', { default: true })
  exists: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  fetchedAt: Date;
}
