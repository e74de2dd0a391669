import type { TermLookup } from '../ontology/snapshot.js';
import type { ImageRecord, ImageRelationship, ImageValue } from '../records/image-record.js';
import { error, oneOf, quote, warning, type ValidationMessage } from './messages.js';

/** The LBO breed roots of a species (its general breed and crossbreed terms). */
export interface SpeciesBreedRoots {
  species: string;
  generalBreed: string | null;
  generalBreedLabel: string | null;
  crossbreed: string | null;
}

export interface ContextFacts {
  terms: TermLookup;
  /** Species term (NCBITaxon_9823) → its breed roots. */
  breedRoots: ReadonlyMap<string, SpeciesBreedRoots>;
}

const SEMEN = 'UBERON_0001968';
const MALE = 'PATO_0000384';
const FEMALE = 'PATO_0000383';
const UNKNOWN_SEX = 'OBI_0000858';
const MISSING_PLACE = 'missing geographic information';

const first = (r: ImageRecord, name: string): ImageValue | undefined => r.attributes[name]?.[0];
const termOf = (v: ImageValue | null | undefined): string | undefined => v?.terms?.[0];
const nameOf = (v: ImageValue | null | undefined): string => (v ? String(v.value) : 'unknown');

/** Checks that need more than one field or another record (VALIDATOR.md §E, §F). */
export function checkContext(record: ImageRecord, facts: ContextFacts, out: ValidationMessage[]): void {
  checkPlaceAccuracy(record, out);
  checkTaxon(record, out);
  if (record.material === 'organism') {
    checkParents(record, out);
    checkBreed(record, facts, out);
  } else {
    checkAnimal(record, out);
  }
}

function checkPlaceAccuracy(r: ImageRecord, out: ValidationMessage[]): void {
  const place = r.material === 'organism' ? 'Birth location' : 'Collection place';
  const field = `${place} accuracy`;
  const accuracy = first(r, field);
  if (!accuracy) return; // reported as a missing mandatory field
  const given = first(r, place);
  const hasPlace = given !== undefined && given.value !== '';
  if (!hasPlace && accuracy.value !== MISSING_PLACE) {
    out.push(error('accuracy_without_place', field, `${field} is ${quote(accuracy.value)} but no ${place} is given: give the place or set the accuracy to ${MISSING_PLACE}`, String(accuracy.value)));
  } else if (hasPlace && accuracy.value === MISSING_PLACE) {
    out.push(error('place_without_accuracy', field, `${place} ${quote(given!.value)} is given but ${field} is ${MISSING_PLACE}`));
  }
}

function checkTaxon(r: ImageRecord, out: ValidationMessage[]): void {
  const term = termOf(first(r, 'Species'));
  if (r.taxonId === null || !term) return;
  if (term !== `NCBITaxon_${r.taxonId}`) {
    out.push(error('taxon_mismatch', 'Species', `Taxon id ${r.taxonId} does not match the Species term ${term}`, term));
  }
}

function sameSpecies(a: ImageValue | null | undefined, b: ImageValue | null | undefined): boolean {
  if (!a || !b) return true; // a missing species is reported on its own record
  const ta = termOf(a);
  const tb = termOf(b);
  return ta && tb ? ta === tb : String(a.value).toLowerCase() === String(b.value).toLowerCase();
}

type SexKind = 'male' | 'female' | 'unknown' | string;

function sexOf(v: ImageValue | null | undefined): SexKind {
  const term = termOf(v);
  if (!v || term === UNKNOWN_SEX || String(v.value).includes('unknown sex')) return 'unknown';
  if (term === MALE || v.value === 'male') return 'male';
  if (term === FEMALE || v.value === 'female') return 'female';
  return String(v.value);
}

function unresolved(rel: ImageRelationship): boolean {
  return rel.targetFound === false;
}

function checkParents(r: ImageRecord, out: ValidationMessage[]): void {
  const parents = r.relationships.filter((x) => x.type === 'child of');
  if (parents.length > 2) out.push(error('too_many_parents', 'Child of', `An animal has at most 2 parents, but ${parents.length} are given`));
  const species = first(r, 'Species');
  const found = parents.filter((p) => {
    if (!unresolved(p)) return true;
    out.push(error('parent_not_found', 'Child of', `Parent ${quote(p.targetName)} could not be found`));
    return false;
  });
  for (const p of found) {
    if (sameSpecies(species, p.targetSpecies)) continue;
    const cls = `${nameOf(species)}:${nameOf(p.targetSpecies)}`;
    out.push(error('parent_species_mismatch', 'Species', `Species ${nameOf(species)} differs from ${nameOf(p.targetSpecies)}, the species of parent ${quote(p.targetName)}`, cls));
  }
  if (found.length !== 2) return;
  const [a, b] = found.map((p) => sexOf(p.targetSex));
  if (a === 'unknown' || b === 'unknown') {
    out.push(warning('parent_sex_unknown', 'Child of', `At least one parent (${quote(found[0].targetName)}, ${quote(found[1].targetName)}) is of unknown sex: could not check they are of different sexes`));
  } else if (a === b) {
    out.push(error('parents_same_sex', 'Child of', `Both parents ${quote(found[0].targetName)} and ${quote(found[1].targetName)} are ${a}`, a));
  }
}

function checkAnimal(r: ImageRecord, out: ValidationMessage[]): void {
  const animals = r.relationships.filter((x) => x.type === 'derived from');
  if (animals.length !== 1) {
    out.push(error('animal_count', 'Derived from', `A sample derives from exactly one animal, but ${animals.length} are given`));
  }
  const found = animals.filter((a) => {
    if (!unresolved(a)) return true;
    out.push(error('animal_not_found', 'Derived from', `Animal ${quote(a.targetName)} could not be found`));
    return false;
  });
  if (found.length !== 1) return;
  const animal = found[0];
  const species = first(r, 'Species');
  if (!sameSpecies(species, animal.targetSpecies)) {
    const cls = `${nameOf(species)}:${nameOf(animal.targetSpecies)}`;
    out.push(error('sample_species_mismatch', 'Species', `Species ${nameOf(species)} differs from ${nameOf(animal.targetSpecies)}, the species of animal ${quote(animal.targetName)}`, cls));
  }
  if (termOf(first(r, 'Organism part')) !== SEMEN) return;
  const sex = sexOf(animal.targetSex);
  if (sex === 'female') {
    out.push(error('semen_from_female', 'Organism part', `Semen cannot be taken from animal ${quote(animal.targetName)}, which is female`));
  } else if (sex === 'unknown') {
    out.push(warning('semen_from_unknown_sex', 'Organism part', `Semen is expected from a male animal, but animal ${quote(animal.targetName)} is of unknown sex: please check its sex`));
  }
}

/**
 * Breed consistent with species through the species' general and crossbreed LBO terms. The
 * original validator had this check but never called it.
 */
function checkBreed(r: ImageRecord, facts: ContextFacts, out: ValidationMessage[]): void {
  const species = first(r, 'Species');
  const supplied = nameOf(first(r, 'Supplied breed'));
  const mapped = first(r, 'Mapped breed');
  // A breed is one per species (and country): "Fix this" maps it once for all its animals.
  const breed = `${supplied} (${nameOf(species)})`;
  if (!mapped) {
    out.push(warning('breed_not_mapped', 'Mapped breed', `Supplied breed ${quote(supplied)} has no mapped breed: could not check it is a ${nameOf(species)} breed`, breed));
    return;
  }
  const term = termOf(mapped);
  const roots = facts.breedRoots.get(termOf(species) ?? '');
  if (r.mappedBreedIsFallback) {
    const general = roots?.generalBreedLabel ?? String(mapped.value);
    out.push(warning('breed_general_fallback', 'Mapped breed', `Supplied breed ${quote(supplied)} has no mapped breed: the general ${quote(general)}${term ? ` (${term})` : ''} is used instead`, breed));
    return;
  }
  if (!term || !roots?.generalBreed) return; // no term: reported by the field check; no roots: nothing to compare with
  const allowed = [roots.generalBreed, roots.crossbreed].filter((t): t is string => !!t);
  if (allowed.includes(term)) return;
  const known = facts.terms.lookup(term);
  if (!known?.exists) return; // unknown or unchecked: reported by the field check
  if (allowed.some((t) => known.ancestors.has(t))) return;
  const names = allowed.map((t) => `${t}${facts.terms.lookup(t)?.label ? ` (${facts.terms.lookup(t)!.label})` : ''}`);
  out.push(error('breed_species_mismatch', 'Mapped breed', `Mapped breed ${quote(mapped.value)} (${term}) is not a ${nameOf(species)} breed: it is not under ${oneOf(names)}`, term));
}
