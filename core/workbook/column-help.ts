import { columnRule } from './column-rules.js';
import type { SheetPurpose, TemplateColumn, TemplateSheet } from './template-columns.js';
import type { ValueList, ValueLists } from './value-lists.js';

const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY-MM', 'YYYY'];

/** What to write in a column, beyond its type, keyed by `<sheet purpose>.<field or header>`. */
const HINTS: Record<string, string> = {
  'breed.suppliedBreed': 'The breed as your data source names it. Animals refer to it in their Breed column.',
  'breed.label': 'The Livestock Breed Ontology (LBO) breed, when you know it.',
  'breed.term': 'The LBO accession of the mapped breed, e.g. LBO_0000347.',
  'breed.Mapped breed ontology library': 'Not read: the library is always LBO.',
  'breed.country': 'The country the breed is recorded for in EFABIS.',
  'breed.Species ontology library': 'Not read: InjectTool looks the species up itself.',
  'breed.Species ontology accession': 'Not read: InjectTool looks the species up itself.',
  'animal.name': 'The id of the animal in your data source; unique in this sheet. Samples and offspring refer to it.',
  'animal.alternativeId': 'Another id of the animal in your data source (e.g. a herd-book number).',
  'animal.father': "The 'Animal id in data source' of the father, in any row of this sheet (above or below). Empty when unknown.",
  'animal.mother': "The 'Animal id in data source' of the mother, in any row of this sheet (above or below). Empty when unknown.",
  'animal.breed': "A 'Supplied breed' of sheet 'breed' with the same species.",
  'animal.birthLocationAccuracy': 'How precise the birth location is; "missing geographic information" when there is none.',
  'sample.name': 'The id of the sample in your data source; unique in this sheet.',
  'sample.alternativeId': 'Another id of the sample in your data source.',
  'sample.animal': "The 'Animal id in data source' of the animal (sheet 'animal') the sample was taken from.",
  'sample.collectionProtocol': 'A web address (URL) of the protocol document.',
  'sample.availability': "A web address or an e-mail address written as mailto:name@example.org, or 'no longer available'.",
  'sample.collectionPlaceAccuracy': 'How precise the collection place is; "missing geographic information" when there is none.',
};

const SPECIES_HINT = 'The scientific name (e.g. Sus scrofa) or a common name InjectTool knows (e.g. Pig).';

/** The text of a header's note: mandatory or not, what to write, and the allowed values. */
export function columnNote(sheet: TemplateSheet, column: TemplateColumn, lists: ValueLists): string {
  return [requirementLine(sheet.purpose, column), ...columnAdvice(sheet, column, lists)].join('\n');
}

/** What to write in the column, in one or more short sentences (used by notes and the instructions). */
export function columnAdvice(sheet: TemplateSheet, column: TemplateColumn, lists: ValueLists): string[] {
  const lines: string[] = [];
  const hint = HINTS[`${sheet.purpose}.${column.field ?? column.header}`];
  if (hint) lines.push(hint);
  if (column.field === 'species') lines.push(SPECIES_HINT);
  lines.push(...kindAdvice(sheet, column));
  const list = column.values ? lists[column.values] : undefined;
  if (list?.values.length && column.field !== 'species') lines.push(listAdvice(list));
  return lines;
}

export type ColumnRequirement = 'mandatory' | 'recommended' | 'optional';

/** Mandatory as the template marks it; otherwise recommended when the IMAGE rules say so. */
export function columnRequirement(purpose: SheetPurpose, column: TemplateColumn): ColumnRequirement {
  if (column.mandatory) return 'mandatory';
  return columnRule(purpose, column)?.requirement === 'recommended' ? 'recommended' : 'optional';
}

function requirementLine(purpose: SheetPurpose, column: TemplateColumn): string {
  const requirement = columnRequirement(purpose, column);
  const attribute = column.imageAttribute && column.imageAttribute !== column.header ? ` (IMAGE: ${column.imageAttribute})` : '';
  return `${column.header}${attribute}: ${requirement[0].toUpperCase()}${requirement.slice(1)}.`;
}

function kindAdvice(sheet: TemplateSheet, column: TemplateColumn): string[] {
  switch (column.kind) {
    case 'date': {
      const formats = columnRule(sheet.purpose, column)?.units ?? DATE_FORMATS;
      return [`A date written ${formats.join(', ')} (an Excel date is accepted too).`];
    }
    case 'number':
      return ['A number in decimal degrees, e.g. 45.4642 (latitude from -90 to 90, longitude from -180 to 180).'];
    case 'quantity': {
      const units = sheet.columns.find((c) => c.field === `${column.field}Unit`);
      return [units
        ? `A number, with its unit in the '${units.header}' column; or text such as "1 year" or "7 days".`
        : 'A number and its unit, such as "1 year" or "7 days".'];
    }
    default:
      return column.field?.endsWith('Unit') ? [`The unit of '${column.header.replace(/ units$/, '')}'.`] : [];
  }
}

function listAdvice(list: ValueList): string {
  if (list.strictness !== 'stop') return `Suggestions in the dropdown (${list.values.length}); other terms are accepted and annotated later.`;
  return list.values.length <= 15 ? `One of: ${list.values.join('; ')}.` : `One of the ${list.values.length} values in the dropdown.`;
}
