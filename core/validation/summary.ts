import type { RecordType, ValidationLevel } from '../db/entities/enums.js';
import type { RecordVerdict } from './engine.js';
import { groupText } from './messages.js';

export interface LevelCounts {
  pass: number;
  warning: number;
  error: number;
}

/** One problem shared by `count` records of a type (API.md "Validation"). */
export interface SummaryMessage {
  key: string;
  level: 'warning' | 'error';
  field: string;
  message: string;
  count: number;
}

export interface RecordTypeSummary {
  counts: LevelCounts;
  messages: SummaryMessage[];
}

/** What `submissions.validation_summary` holds after a validation. */
export interface ValidationSummary {
  validatedAt: string;
  counts: LevelCounts;
  animals: RecordTypeSummary;
  samples: RecordTypeSummary;
  /** Ontology terms that could not be checked (offline or OLS unreachable), with the reason. */
  uncheckedTerms: { term: string; reason: string }[];
  /** Set when records were edited after this validation (core/fixes): the counts describe them as they were. */
  changedAt?: string;
}

interface Group extends SummaryMessage {
  varies: boolean;
}

const emptyCounts = (): LevelCounts => ({ pass: 0, warning: 0, error: 0 });

/** Counts records per level and groups their messages by key, counting each record once per key. */
export class SummaryBuilder {
  private readonly counts: Record<RecordType, LevelCounts> = { animal: emptyCounts(), sample: emptyCounts() };
  private readonly groups: Record<RecordType, Map<string, Group>> = { animal: new Map(), sample: new Map() };

  add(recordType: RecordType, verdict: RecordVerdict): void {
    this.counts[recordType][verdict.level]++;
    const groups = this.groups[recordType];
    const seen = new Set<string>();
    for (const m of verdict.messages) {
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      const g = groups.get(m.key);
      if (!g) groups.set(m.key, { key: m.key, level: m.level, field: m.field, message: m.message, count: 1, varies: false });
      else {
        g.count++;
        if (!g.varies && g.message !== m.message) g.varies = true;
      }
    }
  }

  levelCounts(): LevelCounts {
    const { animal, sample } = this.counts;
    return { pass: animal.pass + sample.pass, warning: animal.warning + sample.warning, error: animal.error + sample.error };
  }

  build(uncheckedTerms: Map<string, string>, validatedAt = new Date()): ValidationSummary {
    return {
      validatedAt: validatedAt.toISOString(),
      counts: this.levelCounts(),
      animals: this.typeSummary('animal'),
      samples: this.typeSummary('sample'),
      uncheckedTerms: [...uncheckedTerms].map(([term, reason]) => ({ term, reason })),
    };
  }

  private typeSummary(recordType: RecordType): RecordTypeSummary {
    const rank = (l: ValidationLevel) => (l === 'error' ? 0 : 1);
    const messages = [...this.groups[recordType].values()]
      // Records naming their own values differ in text: the group then gets the check's general wording.
      .map(({ varies, ...g }) => (varies ? { ...g, message: groupText(g.key) } : g))
      .sort((a, b) => rank(a.level) - rank(b.level) || b.count - a.count || a.key.localeCompare(b.key));
    return { counts: { ...this.counts[recordType] }, messages };
  }
}
