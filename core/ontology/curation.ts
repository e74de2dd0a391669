import { db } from '../db/data-source.js';
import { isShortId, shortIdOf } from './term-ids.js';
import { ANNOTATED_VOCABULARIES, VOCABULARY_NAMES, type VocabularyName } from './vocabularies.js';

/** A vocabulary term still without an ontology id, for the admin's curation list. */
export interface TermMissingId {
  vocabulary: VocabularyName;
  id: number;
  /** The text to map: the label, or for a breed the supplied breed. */
  text: string;
  /** For a breed: its species and country, which tell breeds of the same name apart. */
  species?: string;
  country?: string;
}

export async function termsMissingIds(vocabularies: VocabularyName[] = VOCABULARY_NAMES): Promise<TermMissingId[]> {
  const out: TermMissingId[] = [];
  for (const vocabulary of vocabularies) {
    if (vocabulary === 'breed') {
      const rows: { id: number; text: string; species: string; country: string }[] = await db().query(
        `SELECT b.id, b.supplied_breed AS text, s.label AS species, c.label AS country
           FROM breeds b JOIN species s ON s.id = b.species_id JOIN countries c ON c.id = b.country_id
          WHERE b.term IS NULL ORDER BY s.label, b.supplied_breed`,
      );
      out.push(...rows.map((r) => ({ vocabulary, ...r })));
      continue;
    }
    const { table, textColumn } = ANNOTATED_VOCABULARIES[vocabulary];
    const rows: { id: number; text: string }[] = await db().query(`SELECT id, ${textColumn} AS text FROM ${table} WHERE term IS NULL ORDER BY ${textColumn}`);
    out.push(...rows.map((r) => ({ vocabulary, ...r })));
  }
  return out;
}

export class CurationError extends Error {}

/**
 * An admin sets a term's ontology id by hand (an IRI or a short id; stored short), with confidence
 * "curated", which annotation never overwrites. A breed may get its mapped label at the same time.
 */
export async function setTermByHand(vocabulary: VocabularyName, id: number, termOrIri: string, label?: string): Promise<void> {
  const term = shortIdOf(termOrIri.trim());
  if (!isShortId(term)) throw new CurationError(`'${termOrIri}' is not an ontology id such as UBERON_0001968 or its IRI`);
  const expected: readonly string[] = ANNOTATED_VOCABULARIES[vocabulary].ontologies;
  if (!expected.includes(term.slice(0, term.indexOf('_')).toLowerCase())) {
    throw new CurationError(`${term} is not a term of ${expected.map((o) => o.toUpperCase()).join(' or ')}, which this vocabulary needs`);
  }
  const { table } = ANNOTATED_VOCABULARIES[vocabulary];
  const [, n] = vocabulary === 'breed'
    ? await db().query(`UPDATE breeds SET term = $2, label = COALESCE($3, label), confidence = 'curated' WHERE id = $1`, [id, term, label ?? null])
    : await db().query(`UPDATE ${table} SET term = $2, confidence = 'curated' WHERE id = $1`, [id, term]);
  if (n !== 1) throw new CurationError(`No ${vocabulary} term with id ${id}`);
}
