import { db } from '../db/data-source.js';
import type { RecordType } from '../db/entities/enums.js';
import type { ValidationMessage } from '../db/entities/validation-result.js';

/** What the submission job writes on animals and samples, one short statement each. */

export const RECORD_TABLES: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };

/** The key prefix of messages that come from BioSamples rather than from the IMAGE validation. */
export const REFUSAL_CHECK = 'biosamples_refused';

export interface StoredSubmission {
  hash: string | null;
  /** YYYY-MM-DD */
  release: string | null;
  status: string;
}

export interface PendingReservation {
  id: number;
  /** An earlier run stored the intent: it may have reached BioSamples. */
  requested: boolean;
}

/** Records without an accession, `limit` at a time in id order. */
export async function recordsWithoutAccession(type: RecordType, submissionId: number, afterId: number, limit: number): Promise<PendingReservation[]> {
  return db().query(
    `SELECT id, accession_requested_at IS NOT NULL AS requested FROM ${RECORD_TABLES[type]}
      WHERE submission_id = $1 AND accession IS NULL AND id > $2 ORDER BY id LIMIT $3`,
    [submissionId, afterId, limit],
  );
}

/** The intent, committed before any reservation of these records is sent. */
export async function storeIntent(type: RecordType, ids: number[]): Promise<void> {
  await db().query(
    `UPDATE ${RECORD_TABLES[type]} SET accession_requested_at = now() WHERE id = ANY($1::int[]) AND accession_requested_at IS NULL`,
    [ids],
  );
}

/** The accession and the state it brings, in one statement (one transaction). */
export async function storeAccession(type: RecordType, id: number, accession: string): Promise<void> {
  await db().query(`UPDATE ${RECORD_TABLES[type]} SET accession = $2, status = 'submitted' WHERE id = $1 AND accession IS NULL`, [id, accession]);
}

export async function submittedState(type: RecordType, ids: number[]): Promise<Map<number, StoredSubmission>> {
  const rows: (StoredSubmission & { id: number })[] = await db().query(
    `SELECT id, submitted_hash AS hash, submitted_release::text AS release, status FROM ${RECORD_TABLES[type]} WHERE id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** After a successful PUT: what was sent, when, and the release status BioSamples answered. */
export async function storeSubmitted(type: RecordType, id: number, hash: string, release: string, remoteStatus: string | null): Promise<void> {
  await db().query(
    `UPDATE ${RECORD_TABLES[type]}
        SET submitted_hash = $2, submitted_release = $3, last_submitted_at = now(), status = 'completed',
            remote_status = $4, remote_message = NULL, remote_checked_at = CASE WHEN $4::varchar IS NULL THEN NULL ELSE now() END
      WHERE id = $1`,
    [id, hash, release, remoteStatus],
  );
}

/** Records BioSamples already holds as they are now. */
export async function markCompleted(type: RecordType, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db().query(`UPDATE ${RECORD_TABLES[type]} SET status = 'completed' WHERE id = ANY($1::int[]) AND status <> 'completed'`, [ids]);
}

/**
 * BioSamples refused the record: it needs revision, and its validation result carries the refusal
 * (replacing an earlier refusal, keeping the IMAGE validation's own messages), so the curator sees
 * it where validation messages are shown.
 */
export async function storeRefusal(type: RecordType, id: number, messages: ValidationMessage[]): Promise<void> {
  const table = RECORD_TABLES[type];
  const column = `${type}_id`;
  await db().transaction(async (m) => {
    await m.query(`UPDATE ${table} SET status = 'need_revision', validation = 'error' WHERE id = $1`, [id]);
    await m.query(
      `INSERT INTO validation_results (submission_id, owner_id, record_type, ${column}, level, messages, validated_at)
       SELECT t.submission_id, t.owner_id, $2, t.id, 'error', $3::jsonb, now() FROM ${table} t WHERE t.id = $1
       ON CONFLICT (${column}) WHERE ${column} IS NOT NULL DO UPDATE
         SET level = 'error', validated_at = now(),
             messages = COALESCE((SELECT jsonb_agg(old) FROM jsonb_array_elements(validation_results.messages) old
                                   WHERE old->>'key' NOT LIKE '${REFUSAL_CHECK}:%'), '[]'::jsonb) || EXCLUDED.messages`,
      [id, type, JSON.stringify(messages)],
    );
  });
}

/** Every record of the submission, and those still without an accession. */
export async function countRecords(submissionId: number): Promise<{ total: number; withoutAccession: number }> {
  const [row] = await db().query(
    `SELECT (SELECT count(*) FROM animals WHERE submission_id = $1) + (SELECT count(*) FROM samples WHERE submission_id = $1) AS total,
            (SELECT count(*) FROM animals WHERE submission_id = $1 AND accession IS NULL)
              + (SELECT count(*) FROM samples WHERE submission_id = $1 AND accession IS NULL) AS without_accession`,
    [submissionId],
  );
  return { total: Number(row.total), withoutAccession: Number(row.without_accession) };
}
