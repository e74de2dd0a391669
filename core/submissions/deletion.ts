import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import { recordOrphans } from '../biosamples/orphans.js';
import { ALLOWED_FROM } from './state-machine.js';

export type DeleteOutcome = 'deleted' | 'not_found' | 'busy';

/**
 * Deletes a submission with its records, validation results and uploaded file, unless a job is
 * working on it (`waiting`, `submitted`): the row is locked while its status is checked. Nothing is
 * deleted at BioSamples; the accessions of its records are kept as orphans (core/biosamples/orphans)
 * in the same transaction.
 */
export async function deleteSubmission(id: number): Promise<DeleteOutcome> {
  return db().transaction(async (m) => {
    const [row]: { status: SubmissionStatus }[] = await m.query(`SELECT status FROM submissions WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) return 'not_found';
    if (!(ALLOWED_FROM.delete as readonly string[]).includes(row.status)) return 'busy';
    await recordOrphans(m, id);
    const deleted: { file_id: number | null }[] = await m.query(
      `DELETE FROM submissions WHERE id = $1 RETURNING file_id`,
      [id],
    ).then((r: [{ file_id: number | null }[], number]) => r[0]);
    if (deleted[0]?.file_id != null) await m.query(`DELETE FROM uploaded_files WHERE id = $1`, [deleted[0].file_id]);
    return 'deleted';
  });
}
