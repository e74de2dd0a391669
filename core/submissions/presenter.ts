import { db } from '../db/data-source.js';
import type { DatasourceType, SubmissionStatus, ValidationLevel } from '../db/entities/enums.js';
import type { JobProgress, SubmissionProblem } from '../db/entities/submission.js';
import type { Actor } from './policy.js';

/** A submission in lists (API.md "Submissions"), without per-record counts. */
export interface SubmissionSummary {
  id: number;
  title: string;
  description: string;
  geneBankName: string;
  geneBankCountry: string;
  datasourceType: DatasourceType;
  datasourceVersion: string;
  status: SubmissionStatus;
  message: string;
  progress: { phase: JobProgress['phase']; done: number; total: number } | null;
  ownerId: number;
  createdAt: string;
  updatedAt: string;
}

export interface RecordCounts {
  total: number;
  byStatus: Record<string, number>;
}

/** `GET /api/submissions/:id`. */
export interface SubmissionDetail extends SubmissionSummary {
  errors: SubmissionProblem[];
  errorsTotal: number;
  file: { name: string; size: number; uploadedAt: string } | null;
  animals: RecordCounts;
  samples: RecordCounts;
  validation: Record<ValidationLevel, number> | null;
}

interface SummaryRow {
  id: number;
  title: string;
  description: string;
  gene_bank_name: string;
  gene_bank_country: string;
  datasource_type: DatasourceType;
  datasource_version: string;
  status: SubmissionStatus;
  message: string;
  progress: JobProgress | null;
  owner_id: number;
  created_at: Date;
  updated_at: Date;
}

const SUMMARY_COLUMNS = `s.id, s.title, s.description, s.gene_bank_name, c.label AS gene_bank_country, s.datasource_type,
  s.datasource_version, s.status, s.message, s.progress, s.owner_id, s.created_at, s.updated_at`;
const FROM = `FROM submissions s JOIN countries c ON c.id = s.gene_bank_country_id`;

function toSummary(r: SummaryRow): SubmissionSummary {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    geneBankName: r.gene_bank_name,
    geneBankCountry: r.gene_bank_country,
    datasourceType: r.datasource_type,
    datasourceVersion: r.datasource_version,
    status: r.status,
    message: r.message,
    progress: r.progress ? { phase: r.progress.phase, done: r.progress.done, total: r.progress.total } : null,
    ownerId: r.owner_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The submissions `actor` may see (a curator: their own), newest first. */
export async function listSubmissions(actor: Actor, page: number, perPage: number): Promise<{ items: SubmissionSummary[]; total: number }> {
  const all = actor.role === 'admin';
  const where = all ? '' : 'WHERE s.owner_id = $3';
  const params: unknown[] = [perPage, (page - 1) * perPage, ...(all ? [] : [actor.id])];
  const rows: SummaryRow[] = await db().query(`SELECT ${SUMMARY_COLUMNS} ${FROM} ${where} ORDER BY s.updated_at DESC, s.id DESC LIMIT $1 OFFSET $2`, params);
  const [{ total }] = await db().query(
    `SELECT count(*)::int AS total FROM submissions s ${all ? '' : 'WHERE s.owner_id = $1'}`,
    all ? [] : [actor.id],
  );
  return { items: rows.map(toSummary), total };
}

/** The whole picture of one submission, or null when it does not exist or `actor` may not see it. */
export async function submissionDetail(id: number, actor: Actor): Promise<SubmissionDetail | null> {
  const rows: (SummaryRow & { errors: SubmissionProblem[]; errors_total: number; file_id: number | null })[] = await db().query(
    `SELECT ${SUMMARY_COLUMNS}, s.errors, s.errors_total, s.file_id ${FROM}
     WHERE s.id = $1 AND ($2 OR s.owner_id = $3)`,
    [id, actor.role === 'admin', actor.id],
  );
  const row = rows[0];
  if (!row) return null;
  const [file, animals, samples] = await Promise.all([fileInfo(row.file_id), recordCounts('animals', id), recordCounts('samples', id)]);
  return {
    ...toSummary(row),
    errors: row.errors,
    errorsTotal: row.errors_total,
    file,
    animals: animals.counts,
    samples: samples.counts,
    validation: sumValidation([animals.validation, samples.validation]),
  };
}

async function fileInfo(fileId: number | null): Promise<SubmissionDetail['file']> {
  if (fileId === null) return null;
  const rows: { name: string; size: string; uploaded_at: Date }[] = await db().query(
    `SELECT name, size, uploaded_at FROM uploaded_files WHERE id = $1`,
    [fileId],
  );
  return rows[0] ? { name: rows[0].name, size: Number(rows[0].size), uploadedAt: rows[0].uploaded_at.toISOString() } : null;
}

async function recordCounts(table: 'animals' | 'samples', submissionId: number) {
  const rows: { status: string; validation: ValidationLevel | null; n: number }[] = await db().query(
    `SELECT status, validation, count(*)::int AS n FROM ${table} WHERE submission_id = $1 GROUP BY status, validation`,
    [submissionId],
  );
  const counts: RecordCounts = { total: 0, byStatus: {} };
  const validation: Partial<Record<ValidationLevel, number>> = {};
  for (const r of rows) {
    counts.total += r.n;
    counts.byStatus[r.status] = (counts.byStatus[r.status] ?? 0) + r.n;
    if (r.validation) validation[r.validation] = (validation[r.validation] ?? 0) + r.n;
  }
  return { counts, validation };
}

function sumValidation(parts: Partial<Record<ValidationLevel, number>>[]): SubmissionDetail['validation'] {
  const sum = { pass: 0, warning: 0, error: 0 };
  let any = false;
  for (const p of parts) {
    for (const level of ['pass', 'warning', 'error'] as const) {
      if (p[level] !== undefined) {
        any = true;
        sum[level] += p[level]!;
      }
    }
  }
  return any ? sum : null;
}
