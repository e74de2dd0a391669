import { BaseEntity, Column, PrimaryGeneratedColumn } from 'typeorm';
import type { Confidence } from './enums.js';

/**
 * A term of a shared vocabulary: a label, the short id of its ontology term (e.g. UBERON_0001968)
 * once known, and how sure we are of that mapping (Zooma's confidence, or "curated" by an admin).
 */
export abstract class VocabularyTerm extends BaseEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { length: 255 })
  label: string;

  @Column('varchar', { length: 64, nullable: true })
  term: string | null;

  @Column('varchar', { length: 16, nullable: true })
  confidence: Confidence | null;
}
