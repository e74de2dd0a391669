/** Short ontology ids (UBERON_0001968) and their IRIs, as IMAGE and OLS write them. */

const OBO = 'http://purl.obolibrary.org/obo/';
// EFO terms live under EBI's own namespace, not OBO's (the original's `Ontology.library_uri`).
const EFO = 'http://www.ebi.ac.uk/efo/';

const SHORT_ID = /^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9]+)$/;

export function isShortId(term: string): boolean {
  return SHORT_ID.test(term);
}

/** "UBERON_0001968" → "uberon": the OLS ontology id the term is defined in. */
export function ontologyOf(term: string): string {
  return term.slice(0, term.indexOf('_')).toLowerCase();
}

export function iriOf(term: string): string {
  return (ontologyOf(term) === 'efo' ? EFO : OBO) + term;
}

/** The short id at the end of an IRI, or the input when it already is one (also accepts "UBERON:0001968"). */
export function shortIdOf(iriOrId: string): string {
  const tail = iriOrId.slice(iriOrId.lastIndexOf('/') + 1).replace(/^([A-Za-z][A-Za-z0-9]*):/, '$1_');
  return tail;
}
