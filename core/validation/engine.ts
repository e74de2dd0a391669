import type { ValidationLevel } from '../db/entities/enums.js';
import type { ImageRecord } from '../records/image-record.js';
import { checkContext, type ContextFacts } from './context-checks.js';
import { compileFieldChecker } from './field-checks.js';
import type { ValidationMessage } from './messages.js';
import { imageRules, type ImageRules } from './rules.js';

export interface RecordVerdict {
  level: ValidationLevel;
  messages: ValidationMessage[];
}

/** Error dominates warning; a record with only warnings passes to BioSamples (as in the original). */
export function levelOf(messages: readonly ValidationMessage[]): ValidationLevel {
  let level: ValidationLevel = 'pass';
  for (const m of messages) {
    if (m.level === 'error') return 'error';
    level = 'warning';
  }
  return level;
}

/**
 * The rules engine: field checks then context checks, all in memory. Compile once per job and
 * call for every record; it does no I/O (terms come from an OntologySnapshot filled beforehand).
 */
export function createRecordValidator(facts: ContextFacts, rules: ImageRules = imageRules()): (record: ImageRecord) => RecordVerdict {
  const fields = compileFieldChecker(rules);
  return (record) => {
    const messages: ValidationMessage[] = [];
    fields.check(record.attributes, messages, facts.terms);
    checkContext(record, facts, messages);
    return { level: levelOf(messages), messages };
  };
}
