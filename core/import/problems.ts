import type { ImportProblem } from './rows.js';

/** How many problems a submission keeps for the curator; the rest are only counted. */
export const KEPT_PROBLEMS = 1000;

/**
 * Problems of one import: every one counted, the first KEPT_PROBLEMS of each level kept, errors
 * listed before warnings so a file with thousands of warnings never hides its errors.
 */
export class ProblemLog {
  private readonly kept = { error: [] as ImportProblem[], warning: [] as ImportProblem[] };
  readonly counts = { error: 0, warning: 0 };

  add(problem: ImportProblem): void {
    this.counts[problem.level]++;
    const list = this.kept[problem.level];
    if (list.length < KEPT_PROBLEMS) list.push(problem);
  }

  /** Problems found but beyond what is kept (set-based checks count them without fetching them). */
  countUnkept(level: ImportProblem['level'], n: number): void {
    this.counts[level] += n;
  }

  /** Room left for errors, so set-based checks can fetch no more rows than will be kept. */
  get errorRoom(): number {
    return KEPT_PROBLEMS - this.kept.error.length;
  }

  get warningRoom(): number {
    return KEPT_PROBLEMS - this.kept.warning.length;
  }

  get hasErrors(): boolean {
    return this.counts.error > 0;
  }

  get total(): number {
    return this.counts.error + this.counts.warning;
  }

  /** What the submission stores: errors first, at most KEPT_PROBLEMS in all. */
  list(): ImportProblem[] {
    return [...this.kept.error, ...this.kept.warning].slice(0, KEPT_PROBLEMS);
  }

  firstError(): ImportProblem | undefined {
    return this.kept.error[0];
  }
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Import failed: 3 errors (first: …)", the submission's message when an import is rejected. */
export function failureMessage(log: ProblemLog): string {
  const first = log.firstError();
  const warnings = log.counts.warning ? `, ${plural(log.counts.warning, 'warning')}` : '';
  return `Import failed: ${plural(log.counts.error, 'error')}${warnings}${first ? ` (first: ${first.message})` : ''}`;
}
