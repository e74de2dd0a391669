import type { RecordType } from '../db/entities/enums.js';
import type { ValidationMessage } from '../db/entities/validation-result.js';
import { acceptsUrl, limitedValues, unitsByField } from '../validation/rules.js';

/**
 * How a field's value is given: free text, a number, a date (YYYY-MM-DD, YYYY-MM or YYYY), one of
 * the ruleset's limited values, a label of a shared vocabulary, or a unit of a number field.
 */
export type FieldKind = 'text' | 'number' | 'date' | 'limited' | 'vocabulary' | 'unit';

/** Vocabulary tables a field can point into. */
export type VocabularyTable = 'sexes' | 'breeds' | 'organism_parts' | 'developmental_stages' | 'physiological_stages';

export interface EditableField {
  /** API name, as in `GET /api/animals/:id` (camelCase). */
  name: string;
  recordType: RecordType;
  /** The IMAGE attribute it becomes; validation messages name this as their `field`. */
  attribute: string;
  kind: FieldKind;
  /** The column written (the foreign key for vocabularies). */
  column: string;
  /** Longest text the column holds. */
  maxLength?: number;
  vocabulary?: VocabularyTable;
  /** An unknown label becomes a new term without ontology id (as the importer does); otherwise it is refused. */
  createsTerms?: boolean;
  /** Null is not allowed (the column is NOT NULL). */
  required?: boolean;
  /** Offered by "Fix this" and bulk edit; breed is changed one animal at a time (its choices depend on the animal). */
  batch: boolean;
  /**
   * IMAGE attributes whose messages no longer describe the record once this field changed: its own,
   * and the other side of a place / accuracy pair (the consistency check reports on the accuracy).
   */
  affects: string[];
}

type Spec = Omit<EditableField, 'recordType' | 'affects' | 'batch'> & { affects?: string[]; batch?: boolean };

const text = (name: string, attribute: string, column: string, maxLength: number, more: Partial<Spec> = {}): Spec =>
  ({ name, attribute, kind: 'text', column, maxLength, ...more });
const number = (name: string, attribute: string, column: string): Spec => ({ name, attribute, kind: 'number', column });
const date = (name: string, attribute: string, column: string): Spec => ({ name, attribute, kind: 'date', column, maxLength: 10 });
const limited = (name: string, attribute: string, column: string, maxLength: number, more: Partial<Spec> = {}): Spec =>
  ({ name, attribute, kind: 'limited', column, maxLength, ...more });
const unit = (name: string, attribute: string, column: string): Spec => ({ name, attribute, kind: 'unit', column, maxLength: 16 });
const vocabulary = (name: string, attribute: string, column: string, table: VocabularyTable, createsTerms: boolean, more: Partial<Spec> = {}): Spec =>
  ({ name, attribute, kind: 'vocabulary', column, vocabulary: table, createsTerms, maxLength: 255, ...more });

// Names, submission, animal, parents and accessions are not here: they define the record's identity and links.
const ANIMAL: Spec[] = [
  text('alternativeId', 'Alternative id', 'alternative_id', 255),
  text('description', 'Description', 'description', 10_000),
  vocabulary('breed', 'Supplied breed', 'breed_id', 'breeds', false, {
    required: true, batch: false, affects: ['Supplied breed', 'Mapped breed', 'EFABIS Breed country'],
  }),
  vocabulary('sex', 'Sex', 'sex_id', 'sexes', false),
  date('birthDate', 'Birth date', 'birth_date'),
  text('birthLocation', 'Birth location', 'birth_location', 255, { affects: ['Birth location', 'Birth location accuracy'] }),
  number('birthLocationLatitude', 'Birth location latitude', 'birth_location_latitude'),
  number('birthLocationLongitude', 'Birth location longitude', 'birth_location_longitude'),
  limited('birthLocationAccuracy', 'Birth location accuracy', 'birth_location_accuracy', 64),
];

const SAMPLE: Spec[] = [
  text('alternativeId', 'Alternative id', 'alternative_id', 255),
  text('description', 'Description', 'description', 10_000),
  text('collectionProtocol', 'Specimen collection protocol', 'collection_protocol', 1024),
  date('collectionDate', 'Collection date', 'collection_date'),
  text('collectionPlace', 'Collection place', 'collection_place', 255, { affects: ['Collection place', 'Collection place accuracy'] }),
  number('collectionPlaceLatitude', 'Collection place latitude', 'collection_place_latitude'),
  number('collectionPlaceLongitude', 'Collection place longitude', 'collection_place_longitude'),
  limited('collectionPlaceAccuracy', 'Collection place accuracy', 'collection_place_accuracy', 64),
  vocabulary('organismPart', 'Organism part', 'organism_part_id', 'organism_parts', true),
  vocabulary('developmentalStage', 'Developmental stage', 'developmental_stage_id', 'developmental_stages', true),
  vocabulary('physiologicalStage', 'Physiological stage', 'physiological_stage_id', 'physiological_stages', true),
  number('animalAgeAtCollection', 'Animal age at collection', 'animal_age_at_collection'),
  unit('animalAgeAtCollectionUnit', 'Animal age at collection', 'animal_age_at_collection_unit'),
  limited('availability', 'Availability', 'availability', 1024),
  limited('storage', 'Sample storage', 'storage', 128),
  limited('storageProcessing', 'Sample storage processing', 'storage_processing', 128),
  number('preparationInterval', 'Sampling to preparation interval', 'preparation_interval'),
  unit('preparationIntervalUnit', 'Sampling to preparation interval', 'preparation_interval_unit'),
];

const build = (recordType: RecordType, specs: Spec[]): readonly EditableField[] =>
  Object.freeze(specs.map((s) => Object.freeze({ ...s, recordType, batch: s.batch ?? true, affects: s.affects ?? [s.attribute] })));

/** What a curator may edit on an animal or a sample, in the order the panel shows it. */
export const EDITABLE_FIELDS: Readonly<Record<RecordType, readonly EditableField[]>> = Object.freeze({
  animal: build('animal', ANIMAL),
  sample: build('sample', SAMPLE),
});

/** A field by its API name, or undefined when it is not editable. */
export function editableField(recordType: RecordType, name: string): EditableField | undefined {
  return EDITABLE_FIELDS[recordType].find((f) => f.name === name);
}

const isUnitCheck = (key: string): boolean => key.startsWith('unit_');

/**
 * The field "Fix this" sets for a validation message, or undefined when the message is about
 * something a curator cannot set here (species, parents, mapped breed). A unit message maps to the
 * unit field of its number; a place/accuracy consistency message to the accuracy.
 */
export function fieldForMessage(recordType: RecordType, message: Pick<ValidationMessage, 'field' | 'key'>): EditableField | undefined {
  const candidates = EDITABLE_FIELDS[recordType].filter((f) => f.attribute === message.field && f.batch);
  const wantsUnit = isUnitCheck(message.key);
  return candidates.find((f) => (f.kind === 'unit') === wantsUnit) ?? (wantsUnit ? undefined : candidates[0]);
}

/** A field by API name, or by IMAGE attribute (the unit field when the message key is a unit check). */
export function resolveField(recordType: RecordType, name: string, messageKey?: string): EditableField | undefined {
  return editableField(recordType, name) ?? fieldForMessage(recordType, { field: name, key: messageKey ?? '' });
}

/** A field with the values the rules allow, for dropdowns and the API. */
export interface FieldDescription {
  name: string;
  attribute: string;
  kind: FieldKind;
  batch: boolean;
  required: boolean;
  maxLength?: number;
  /** Limited values (a field accepting links also takes any URL or mailto: address) or units. */
  values?: string[];
  acceptsUrl?: boolean;
  vocabulary?: VocabularyTable;
  createsTerms?: boolean;
}

/** The table with each field's allowed values and units from the IMAGE rules (vocabulary labels: vocabularyChoices()). */
export function describeEditableFields(recordType: RecordType): FieldDescription[] {
  const values = limitedValues(recordType);
  const units = unitsByField(recordType);
  return EDITABLE_FIELDS[recordType].map((f) => {
    const d: FieldDescription = { name: f.name, attribute: f.attribute, kind: f.kind, batch: f.batch, required: !!f.required };
    if (f.maxLength) d.maxLength = f.maxLength;
    if (f.kind === 'limited') {
      d.values = values[f.attribute] ?? [];
      if (acceptsUrl(f.attribute)) d.acceptsUrl = true;
    }
    if (f.kind === 'unit') d.values = units[f.attribute] ?? [];
    if (f.vocabulary) {
      d.vocabulary = f.vocabulary;
      d.createsTerms = !!f.createsTerms;
    }
    return d;
  });
}
