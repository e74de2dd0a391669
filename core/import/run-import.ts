import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { config } from '../config.js';
import { db } from '../db/data-source.js';
import type { DatasourceType, SubmissionStatus } from '../db/entities/enums.js';
import { logger } from '../logger.js';
import { transition, transitionIn } from '../submissions/state-machine.js';
import { progressReporter } from '../submissions/progress.js';
import { writeUploadTo } from '../submissions/files.js';
import { loadRecords, type LoadResult } from './loader.js';
import { PLACE_WORD, parserFor, type Parser } from './parsers.js';
import { ProblemLog, failureMessage, plural, KEPT_PROBLEMS } from './problems.js';
import { UnreadableFileError, type ImportProblem } from './rows.js';

/** Two runs of one submission's import (a retried job) take turns; the second finds it done. */
const IMPORT_LOCK = 0x1a7e;

/** Loads at least this big refresh the planner's statistics of animals and samples (see refreshStatistics). */
const ANALYZE_AFTER_RECORDS = 5000;

export interface RunImportOptions {
  /** Replaces the data source's parser (tests drive the sink directly). */
  parser?: Parser;
}

export interface ImportOutcome {
  status: Extract<SubmissionStatus, 'loaded' | 'error'> | 'skipped';
  message: string;
}

interface SubmissionToImport {
  id: number;
  status: SubmissionStatus;
  owner_id: number;
  datasource_type: DatasourceType;
  gene_bank_country_id: number;
  gene_bank_country: string;
  file_id: number | null;
}

/**
 * The import job's work: reads the submission's current file into a temp file, parses it and loads
 * it in one transaction, then moves the submission from `waiting` to `loaded` (in that transaction)
 * or to `error` (after rolling back, so the records are exactly as before). Runs only on a waiting
 * submission, so running it again after it finished changes nothing, and after a crash loads afresh.
 */
export async function runImport(submissionId: number, options: RunImportOptions = {}): Promise<ImportOutcome> {
  const log = logger.child({ submissionId, phase: 'import' });
  const submission = await readSubmission(submissionId);
  if (!submission || submission.status !== 'waiting') {
    log.info({ status: submission?.status }, 'import skipped: the submission is not waiting');
    return { status: 'skipped', message: '' };
  }
  if (submission.file_id === null) return fail(submissionId, 'Import failed: the submission has no file', []);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'injecttool-import-'));
  try {
    const filePath = path.join(dir, 'upload');
    const file = await writeUploadTo(submission.file_id, filePath);
    const parser = options.parser ?? (await parserFor(submission.datasource_type));
    return await loadInTransaction(submission, filePath, file.name, parser, log);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function readSubmission(id: number): Promise<SubmissionToImport | undefined> {
  const rows: SubmissionToImport[] = await db().query(
    `SELECT s.id, s.status, s.owner_id, s.datasource_type, s.gene_bank_country_id, c.label AS gene_bank_country, s.file_id
     FROM submissions s JOIN countries c ON c.id = s.gene_bank_country_id WHERE s.id = $1`,
    [id],
  );
  return rows[0];
}

async function loadInTransaction(
  submission: SubmissionToImport, filePath: string, fileName: string, parser: Parser, log: Logger,
): Promise<ImportOutcome> {
  const runner = db().createQueryRunner();
  const client = (await runner.connect()) as pg.ClientBase;
  const problems = new ProblemLog();
  try {
    await runner.startTransaction();
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [IMPORT_LOCK, submission.id]);
    const { rows: [current] } = await client.query('SELECT status FROM submissions WHERE id = $1', [submission.id]);
    if (current?.status !== 'waiting') {
      await runner.rollbackTransaction();
      return { status: 'skipped', message: '' };
    }
    const { limits } = config();
    const parseContext = {
      fileName,
      geneBankCountry: submission.gene_bank_country,
      limits: { maxRows: limits.maxRows, maxUnzippedBytes: limits.maxUnzippedBytes },
    };
    let result: LoadResult;
    try {
      result = await loadRecords(client, {
        submissionId: submission.id,
        ownerId: submission.owner_id,
        geneBankCountryId: submission.gene_bank_country_id,
        placeWord: PLACE_WORD[submission.datasource_type],
        maxRows: limits.maxRows,
        onBytesRead: progressOf(submission.id, log),
      }, (sink) => parser(filePath, parseContext, sink), problems);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      await runner.rollbackTransaction();
      return refuse(submission.id, err, problems);
    }
    if (problems.hasErrors) {
      await runner.rollbackTransaction();
      return fail(submission.id, failureMessage(problems), problems.list(), problems.total);
    }
    const message = loadedMessage(result);
    const moved = await transitionIn(runner.manager, submission.id, 'loaded', {
      from: ['waiting'], message, errors: problems.list(), errorsTotal: problems.total,
    });
    if (!moved.changed) {
      await runner.rollbackTransaction();
      return { status: 'skipped', message: '' };
    }
    await runner.commitTransaction();
    moved.announce();
    log.info({ animals: result.animals, samples: result.samples, warnings: problems.counts.warning }, 'import loaded');
    if (result.animals + result.samples >= ANALYZE_AFTER_RECORDS) await refreshStatistics(log);
    return { status: 'loaded', message };
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    log.error({ err }, 'import failed unexpectedly');
    await fail(submission.id, 'Import failed: an unexpected error occurred; an administrator can find it in the worker log', []).catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

/**
 * Right after a big load, autovacuum has not yet analyzed the tables and the planner takes a
 * 100,000-sample submission for a handful of rows. The record batches of validation and submission
 * no longer depend on it (core/records reads a page's ids first), but the totals of lists over
 * 100,000 records are the planner's estimate ("about n"), which would say 100,001 until autovacuum
 * came by. About 0.5 s for 300,000 samples, after the submission is already `loaded`.
 */
async function refreshStatistics(log: Logger): Promise<void> {
  await db().query('ANALYZE animals, samples').catch((err) => log.warn({ err }, 'could not analyze animals and samples'));
}

function loadedMessage(result: LoadResult): string {
  const warnings = result.problems.counts.warning;
  return `${plural(result.animals, 'animal')} and ${plural(result.samples, 'sample')} imported${warnings ? `, ${plural(warnings, 'warning')}` : ''}`;
}

/**
 * A file that cannot be read: its summary is the message, each located reason one entry of the
 * errors (the summary itself when it names no reason apart), after which come what was found before.
 */
function refuse(id: number, err: UnreadableFileError, found: ProblemLog): Promise<ImportOutcome> {
  const reasons: ImportProblem[] = err.problems.length ? err.problems : [{ level: 'error', message: err.message }];
  return fail(id, `Import failed: ${err.message}`, [...reasons, ...found.list()], reasons.length + found.total);
}

async function fail(id: number, message: string, errors: ImportProblem[], total = errors.length): Promise<ImportOutcome> {
  await transition(id, 'error', { from: ['waiting'], message, errors: errors.slice(0, KEPT_PROBLEMS), errorsTotal: total });
  return { status: 'error', message };
}

/** Bytes read, reported live; a report still being stored is not queued behind (the next one supersedes it). */
function progressOf(submissionId: number, log: Logger): (done: number, total: number) => void {
  const report = progressReporter(submissionId, 'import');
  let busy = false;
  return (done, total) => {
    if (busy) return;
    busy = true;
    report(done, total)
      .catch((err) => log.warn({ err }, 'could not store import progress'))
      .finally(() => {
        busy = false;
      });
  };
}
