import type { RecordType } from '../db/entities/enums.js';
import { fieldRule, type FieldRule } from '../validation/rules.js';
import type { SheetPurpose, TemplateColumn } from './template-columns.js';

/** What the IMAGE rules say about the attribute a column fills (undefined for columns IMAGE does not know). */
export function columnRule(purpose: SheetPurpose, column: TemplateColumn): FieldRule | undefined {
  if (!column.imageAttribute) return undefined;
  const recordType: RecordType | undefined = purpose === 'animal' || purpose === 'sample' ? purpose : undefined;
  return fieldRule(column.imageAttribute, recordType);
}

/** Values a limited-value attribute accepts (URL placeholders left out), or undefined. */
export function ruleValues(attribute: string): string[] | undefined {
  const rule = fieldRule(attribute);
  if (rule?.type !== 'limited value' || !rule.values) return undefined;
  return rule.acceptUrl ? rule.values.filter((v) => !/^(https?:|ftp:|mailto:)/i.test(v)) : [...rule.values];
}

export function ruleUnits(attribute: string): string[] | undefined {
  const units = fieldRule(attribute)?.units;
  return units ? [...units] : undefined;
}
