/**
 * An animal or sample as IMAGE sees it: attribute name → values, the shape the ruleset validates and
 * the BioSamples serializer sends. Built from the database by core/records (one place, so validation
 * and submission can never disagree on what a record says).
 */

export interface ImageValue {
  /** Numbers stay numbers here (the ruleset checks the type); the serializer sends text. */
  value: string | number;
  /** Short ontology ids (UBERON_0001968, EFO_0001741), never IRIs. */
  terms?: string[];
  /** Unit, or for dates the format (YYYY-MM-DD, YYYY-MM, YYYY) as IMAGE requires. */
  unit?: string;
}

export type ImageMaterial = 'organism' | 'specimen from organism';

export interface ImageRelationship {
  type: 'child of' | 'derived from';
  /** The related animal in InjectTool. */
  targetId: number;
  targetName: string;
  targetAccession: string | null;
  /** False when the referenced record could not be found (a parent or animal that is not in InjectTool). */
  targetFound?: boolean;
  /** The related animal's Species and Sex, for the context checks. */
  targetSpecies?: ImageValue | null;
  targetSex?: ImageValue | null;
}

export interface ImageContact {
  firstName: string;
  lastName: string;
  initials: string | null;
  email: string;
  role: string | null;
  affiliation: string | null;
}

export interface ImageOrganization {
  name: string;
  address: string | null;
  uri: string | null;
  country: string | null;
  role: string | null;
}

export interface ImageRecord {
  recordType: 'animal' | 'sample';
  /** Database id of the Animal or Sample. */
  id: number;
  submissionId: number;
  /** IMAGE "Data source ID". */
  name: string;
  /** Stable UUID sent as the `InjectTool alias` characteristic. */
  alias: string;
  accession: string | null;
  material: ImageMaterial;
  /** NCBI taxon id from the species term (9823 for NCBITaxon_9823), null when unknown. */
  taxonId: number | null;
  /** Every IMAGE attribute of the record, in ruleset names ("Sex", "Birth date", "Person email"). */
  attributes: Record<string, ImageValue[]>;
  relationships: ImageRelationship[];
  contact: ImageContact | null;
  organization: ImageOrganization | null;
  publicationDoi: string | null;
  /**
   * True when "Mapped breed" is the species' general breed (pig breed...) because the breed has no
   * mapped term of its own: the breed check then only warns.
   */
  mappedBreedIsFallback?: boolean;
}
