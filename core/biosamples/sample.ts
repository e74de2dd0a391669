/** A BioSamples sample as JSON (BIOSAMPLES.md §3.4): what we send, and what comes back. */

export interface Characteristic {
  /** Always text, numbers included. */
  text: string;
  /** Full IRIs. */
  ontologyTerms?: string[];
  unit?: string;
  tag?: string;
}

export type RelationshipType = 'child of' | 'derived from' | 'same as' | 'has member';

export interface Relationship {
  source: string;
  type: RelationshipType | string;
  target: string;
}

/** BioSamples spells these keys capitalised, with hyphens. */
export interface Contact {
  FirstName?: string;
  LastName?: string;
  MidInitials?: string;
  Name?: string;
  Role?: string;
  'E-mail'?: string;
  Affiliation?: string;
  URL?: string;
}

export interface Organization {
  Name: string;
  Role?: string;
  'E-mail'?: string;
  URL?: string;
  Address?: string;
}

export interface Publication {
  doi?: string;
  pubmed_id?: string;
}

export interface BioSample {
  name: string;
  accession?: string;
  /** ISO-8601 date-time; in the future the sample stays private until then. */
  release: string;
  characteristics: Record<string, Characteristic[]>;
  relationships?: Relationship[];
  contact?: Contact[];
  organization?: Organization[];
  publications?: Publication[];
  taxId?: number;
  /** Set by the server only. */
  status?: 'PUBLIC' | 'PRIVATE' | string;
  webinSubmissionAccountId?: string;
  create?: string;
  update?: string;
  submitted?: string;
  _links?: Record<string, { href: string; templated?: boolean }>;
  [field: string]: unknown;
}

/** The characteristic carrying a record's stable InjectTool UUID, by which a lost reservation is found again. */
export const ALIAS_CHARACTERISTIC = 'InjectTool alias';

export function aliasOf(sample: BioSample): string | undefined {
  return sample.characteristics?.[ALIAS_CHARACTERISTIC]?.[0]?.text;
}
