import type { ImageRecord, ImageValue } from '../records/image-record.js';
import { ALIAS_CHARACTERISTIC, type BioSample, type Characteristic, type Contact, type Organization, type Relationship } from './sample.js';

export interface SerializeOptions {
  /** The release date the curator chose ("2026-12-01" or a Date); later than today keeps it private. */
  release: string | Date;
  /** Own accession; default the record's. Required for a PUT and for relationships. */
  accession?: string | null;
  /** Accessions of related animals by InjectTool id, for targets reserved during this run. */
  targetAccessions?: ReadonlyMap<number, string>;
}

export class MissingAccession extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingAccession';
  }
}

/** IMAGE's Material attribute, derived from the record kind when the record does not carry it. */
const MATERIAL_TERMS = { organism: 'OBI_0100026', 'specimen from organism': 'OBI_0001479' } as const;

/**
 * The full BioSamples JSON of an animal or sample, as PUT sends it: every IMAGE attribute as a
 * characteristic, the InjectTool alias, relationships by accession (child of each parent, derived
 * from the animal), and the contact, organization and publication blocks. Species is what
 * BioSamples checks against ENA taxonomy, so no taxId is sent: the server derives it.
 */
export function toBioSample(record: ImageRecord, options: SerializeOptions): BioSample {
  const accession = options.accession ?? record.accession;
  const sample: BioSample = {
    name: record.name,
    ...(accession ? { accession } : {}),
    release: releaseDateTime(options.release),
    characteristics: characteristicsOf(record),
  };
  if (record.relationships.length) {
    if (!accession) throw new MissingAccession(`${record.recordType} '${record.name}' has relationships but no accession yet`);
    sample.relationships = record.relationships.map((r): Relationship => {
      const target = options.targetAccessions?.get(r.targetId) ?? r.targetAccession;
      if (!target) throw new MissingAccession(`${record.recordType} '${record.name}': '${r.targetName}' (${r.type}) has no accession yet`);
      return { source: accession, type: r.type, target };
    });
  }
  const contact = contactOf(record);
  if (contact) sample.contact = [contact];
  const organization = organizationOf(record);
  if (organization) sample.organization = [organization];
  const doi = record.publicationDoi ? bareDoi(record.publicationDoi) : '';
  if (doi) sample.publications = [{ doi }];
  return sample;
}

/**
 * What a reservation sends: the same content without accession or relationships (their targets may
 * not have accessions yet). The alias travels with it, so a lost answer can be found again.
 */
export function reservationBody(record: ImageRecord, release: string | Date): BioSample {
  return toBioSample({ ...record, accession: null, relationships: [] }, { release, accession: null });
}

/** Short ontology id → IRI: EFO under www.ebi.ac.uk/efo, everything else under purl.obolibrary.org/obo. */
export function ontologyIri(term: string): string {
  if (/^https?:\/\//.test(term)) return term;
  const id = term.trim().replace(':', '_');
  return id.startsWith('EFO_') ? `http://www.ebi.ac.uk/efo/${id}` : `http://purl.obolibrary.org/obo/${id}`;
}

/** "2026-12-01" or a Date → "2026-12-01T00:00:00Z" (midnight UTC of that day). */
export function releaseDateTime(release: string | Date): string {
  const day = release instanceof Date ? release.toISOString().slice(0, 10) : release.trim().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new RangeError(`Not a release date: ${String(release)}`);
  return `${day}T00:00:00Z`;
}

function characteristicsOf(record: ImageRecord): Record<string, Characteristic[]> {
  const characteristics: Record<string, Characteristic[]> = {};
  for (const [name, values] of Object.entries(record.attributes)) {
    const list = values.map(characteristic).filter((c): c is Characteristic => c !== null);
    if (list.length) characteristics[name] = list;
  }
  if (!characteristics.Material) {
    characteristics.Material = [{ text: record.material, ontologyTerms: [ontologyIri(MATERIAL_TERMS[record.material])] }];
  }
  characteristics[ALIAS_CHARACTERISTIC] = [{ text: record.alias }];
  return characteristics;
}

function characteristic(value: ImageValue): Characteristic | null {
  const text = String(value.value).trim();
  if (!text) return null;
  const c: Characteristic = { text };
  if (value.terms?.length) c.ontologyTerms = value.terms.map(ontologyIri);
  if (value.unit) c.unit = value.unit;
  return c;
}

function contactOf(record: ImageRecord): Contact | null {
  const person = record.contact;
  if (!person) return null;
  return compact({
    FirstName: person.firstName,
    LastName: person.lastName,
    MidInitials: person.initials,
    Name: [person.firstName, person.lastName].filter(Boolean).join(' '),
    Role: person.role,
    'E-mail': person.email?.replace(/^mailto:/i, ''),
    Affiliation: person.affiliation,
  });
}

function organizationOf(record: ImageRecord): Organization | null {
  const org = record.organization;
  if (!org?.name) return null;
  return compact({ Name: org.name, Role: org.role, URL: org.uri, Address: org.address }) as Organization;
}

/** "doi:10.1139/o09-005" or "https://doi.org/10.1139/o09-005" → "10.1139/o09-005". */
function bareDoi(doi: string): string {
  return doi.trim().replace(/^(doi:\s*|https?:\/\/(dx\.)?doi\.org\/)/i, '');
}

/** Drops empty fields: BioSamples has no use for nulls. */
function compact<T extends Record<string, string | null | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as { [K in keyof T]?: string };
}
