/**
 * The vocabularies whose terms get ontology ids by annotation or by hand, with the ontology each
 * IMAGE field requires. Organism parts are UBERON: the original filtered them on PATO by mistake.
 */
export interface AnnotatedVocabulary {
  table: string;
  /** Column holding the text to annotate. */
  textColumn: string;
  /** Zooma/OLS ontology ids the term must come from. */
  ontologies: string[];
  /** Zooma property types accepted besides none. */
  propertyTypes: string[];
}

export const ANNOTATED_VOCABULARIES = {
  species: { table: 'species', textColumn: 'label', ontologies: ['ncbitaxon'], propertyTypes: ['organism', 'species'] },
  breed: { table: 'breeds', textColumn: 'supplied_breed', ontologies: ['lbo'], propertyTypes: ['breed'] },
  country: { table: 'countries', textColumn: 'label', ontologies: ['ncit'], propertyTypes: ['country'] },
  organismPart: { table: 'organism_parts', textColumn: 'label', ontologies: ['uberon'], propertyTypes: ['organism part'] },
  developmentalStage: { table: 'developmental_stages', textColumn: 'label', ontologies: ['efo'], propertyTypes: ['developmental stage'] },
  physiologicalStage: { table: 'physiological_stages', textColumn: 'label', ontologies: ['pato'], propertyTypes: ['physiological stage'] },
} as const satisfies Record<string, AnnotatedVocabulary>;

export type VocabularyName = keyof typeof ANNOTATED_VOCABULARIES;

export const VOCABULARY_NAMES = Object.keys(ANNOTATED_VOCABULARIES) as VocabularyName[];
