import { db } from '../db/data-source.js';
import type { RecordType, SubmissionStatus } from '../db/entities/enums.js';
import { logger } from '../logger.js';
import { ontologySnapshot, type OntologySnapshot } from '../ontology/snapshot.js';
import { imageRecordBatches, termsUsedBy } from '../records/build-image-records.js';
import { progressReporter } from '../submissions/progress.js';
import { transition, transitionIn } from '../submissions/state-machine.js';
import { loadBreedRoots } from './breed-roots.js';
import { createRecordValidator } from './engine.js';
import { storeResults } from './results-store.js';
import { BoundedTasks } from './bounded-tasks.js';
import { imageRules } from './rules.js';
import { SummaryBuilder, type ValidationSummary } from './summary.js';

export interface ValidationOutcome {
  /** False when the submission was not waiting for validation (nothing was done). */
  ran: boolean;
  status: SubmissionStatus | null;
  message: string;
  summary?: ValidationSummary;
}

const BATCH_SIZE = 5000;
/** Two stores at once keep both cores busy (bench/README.md, "Validation"). */
const STORES_IN_FLIGHT = 2;

/**
 * Validates every animal and sample of a submission the API has put in `waiting`: builds their
 * IMAGE records in batches, checks them, stores a result per record and the summary, and ends the
 * submission `ready` or `need_revision`. Running it again gives the same end state. If it fails
 * half-way, the submission goes back to where it was, never staying stuck in `waiting`.
 */
export async function runValidation(submissionId: number, options: { batchSize?: number } = {}): Promise<ValidationOutcome> {
  const [row]: { status: SubmissionStatus }[] = await db().query(`SELECT status FROM submissions WHERE id = $1`, [submissionId]);
  if (!row) return { ran: false, status: null, message: `Submission ${submissionId} does not exist` };
  if (row.status !== 'waiting') return { ran: false, status: row.status, message: `Submission ${submissionId} is ${row.status}, not waiting for validation` };
  const log = logger.child({ submissionId, job: 'validate-submission' });
  const previous = await statusBeforeValidation(submissionId);
  try {
    return await validate(submissionId, options.batchSize ?? BATCH_SIZE);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.error({ err }, 'validation failed');
    await transition(submissionId, previous, { from: ['waiting'], message: `Validation could not finish (${reason}); please validate again` });
    throw err;
  }
}

async function validate(submissionId: number, batchSize: number): Promise<ValidationOutcome> {
  const rules = imageRules();
  const terms = ontologySnapshot();
  await terms.ensure(rules.groups.flatMap((g) => g.fields.flatMap((f) => f.terms?.map((t) => t.term) ?? [])));
  const check = createRecordValidator({ terms, breedRoots: await loadBreedRoots() }, rules);
  const summary = new SummaryBuilder();
  const report = progressReporter(submissionId, 'validate');
  const total = await countRecords(submissionId);
  let done = 0;
  await report(0, total);

  // Batches are stored while the next ones are read and checked, a few at a time on their own connections.
  const stores = new BoundedTasks(STORES_IN_FLIGHT);
  try {
    for (const recordType of ['animal', 'sample'] as RecordType[]) {
      for await (const batch of imageRecordBatches(submissionId, recordType, batchSize)) {
        await terms.ensure(termsUsedBy(batch));
        const results = batch.map((record) => ({ id: record.id, verdict: check(record) }));
        for (const r of results) summary.add(recordType, r.verdict);
        await stores.add(async () => {
          await db().transaction((m) => storeResults(m, submissionId, recordType, results));
          done += batch.length;
          await report(done, total);
        });
      }
    }
    await stores.all();
  } finally {
    await stores.settled(); // after a failed read, the error path waits for the stores in flight
  }
  return finish(submissionId, summary, terms);
}

async function finish(submissionId: number, summary: SummaryBuilder, terms: OntologySnapshot): Promise<ValidationOutcome> {
  const result = summary.build(terms.uncheckedTerms());
  const { counts } = result;
  const status: SubmissionStatus = counts.error > 0 ? 'need_revision' : 'ready';
  const message = outcomeMessage(result);
  const t = await db().transaction(async (m) => {
    await m.query(`UPDATE submissions SET validation_summary = $2 WHERE id = $1`, [submissionId, JSON.stringify(result)]);
    return transitionIn(m, submissionId, status, { from: ['waiting'], message });
  });
  t.announce();
  if (!t.changed) logger.warn({ submissionId }, 'validation finished but the submission was no longer waiting');
  return { ran: true, status, message, summary: result };
}

function outcomeMessage({ counts, uncheckedTerms }: ValidationSummary): string {
  const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
  let message = counts.error > 0
    ? `Validation found errors in ${records(counts.error)}: fix them and validate again`
    : counts.warning > 0 ? `validated with warnings (${records(counts.warning)})` : 'validated';
  if (uncheckedTerms.length) {
    const shown = uncheckedTerms.slice(0, 5).map((t) => t.term).join(', ');
    const more = uncheckedTerms.length > 5 ? ` and ${uncheckedTerms.length - 5} more` : '';
    message += `. ${uncheckedTerms.length} ontology term${uncheckedTerms.length === 1 ? '' : 's'} could not be checked (${uncheckedTerms[0].reason}): ${shown}${more}`;
  }
  return message;
}

async function countRecords(submissionId: number): Promise<number> {
  const [{ n }] = await db().query(
    `SELECT (SELECT count(*) FROM animals WHERE submission_id = $1) + (SELECT count(*) FROM samples WHERE submission_id = $1) AS n`,
    [submissionId],
  );
  return Number(n);
}

/**
 * The API moved the submission from `loaded` or `need_revision` to `waiting`; which one is told by
 * whether it had been validated or edited since its last import.
 */
async function statusBeforeValidation(submissionId: number): Promise<SubmissionStatus> {
  const [{ touched }] = await db().query(
    `SELECT (SELECT validation_summary IS NOT NULL FROM submissions WHERE id = $1)
         OR EXISTS (SELECT 1 FROM animals WHERE submission_id = $1 AND (validation IS NOT NULL OR status <> 'loaded'))
         OR EXISTS (SELECT 1 FROM samples WHERE submission_id = $1 AND (validation IS NOT NULL OR status <> 'loaded')) AS touched`,
    [submissionId],
  );
  return touched ? 'need_revision' : 'loaded';
}
