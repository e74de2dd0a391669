import type pg from 'pg';
import type { ImportSink } from './rows.js';
import { ProblemLog } from './problems.js';
import { StagingSink } from './staging-sink.js';
import { StagingCopy, createStagingTable, analyzeStagingTable } from './staging.js';
import type { LoadContext } from './load-context.js';
import { compareSheets } from './sheet-comparison.js';
import { checkRecords } from './record-checks.js';
import { checkPedigreeCycles } from './pedigree.js';
import { createMissingTerms, resolveVocabularies } from './vocabulary-resolver.js';
import { writeRecords } from './record-writer.js';

export interface LoadTarget {
  submissionId: number;
  ownerId: number;
  geneBankCountryId: number;
  /** "Sheet", "File" or "Table": how problems name where a row is. */
  placeWord: string;
  maxRows: number;
  onBytesRead?: (bytesRead: number, bytesTotal: number) => void;
}

export interface LoadResult {
  problems: ProblemLog;
  /** Records the submission holds after the load (0 when the file was rejected). */
  animals: number;
  samples: number;
}

/**
 * Loads one file into a submission on `client`, inside the caller's transaction: the parser streams
 * rows through a COPY into a staging table, every check runs as set-based SQL over it, and only a
 * file without errors is written. The caller commits (status loaded) or rolls back (status error),
 * so a rejected or interrupted load leaves the submission's records exactly as they were.
 */
export async function loadRecords(
  client: pg.ClientBase,
  target: LoadTarget,
  parse: (sink: ImportSink) => Promise<void>,
  /** Where problems go; the caller's, so it still has the parser's problems if the parser gives up. */
  problems: ProblemLog = new ProblemLog(),
): Promise<LoadResult> {
  // Sorts and hashes over a whole file's rows stay in memory instead of spilling to disk.
  await client.query(`SET LOCAL work_mem = '64MB'`);
  // The submission's records written in this transaction have no statistics yet: the planner takes
  // them for one row and would rescan them (or the staging table) once per row of the file, which
  // at 500,000 samples never ends. Every statement here is set-based, so hash and merge joins only.
  await client.query(`SET LOCAL enable_nestloop = off`);
  await createStagingTable(client);
  const copy = new StagingCopy(client);
  const sink = new StagingSink(copy, problems, target.maxRows, target.onBytesRead);
  try {
    await parse(sink);
    await copy.end();
  } catch (err) {
    await copy.abort(err as Error);
    throw err;
  }
  const ctx: LoadContext = {
    client,
    submissionId: target.submissionId,
    ownerId: target.ownerId,
    geneBankCountryId: target.geneBankCountryId,
    problems,
    placeWord: target.placeWord,
    headers: sink.headers,
  };
  await compareSheets(ctx, sink.submission, sink.contact);
  if (sink.counts.a + sink.counts.s === 0 && !problems.hasErrors) {
    problems.add({ level: 'error', message: 'The file has no animals and no samples' });
  }
  await analyzeStagingTable(client);
  await checkRecords(ctx);
  await checkPedigreeCycles(ctx);
  await resolveVocabularies(ctx);
  if (problems.hasErrors) return { problems, animals: 0, samples: 0 };
  await createMissingTerms(ctx);
  await writeRecords(ctx);
  return { problems, animals: sink.counts.a, samples: sink.counts.s };
}
