import { db } from '../db/data-source.js';
import { ALLOWED_FROM } from './state-machine.js';

export type DeleteOutcome = 'deleted' | 'not_found' | 'busy';

/**
 * Deletes a submission with its records, validation results and uploaded file, unless a job is
 * working on it (`waiting`, `submitted`): the status is checked in the same statement that deletes.
 */
export async function deleteSubmission(id: number): Promise<DeleteOutcome> {
  return db().transaction(async (m) => {
    const deleted: { file_id: number | null }[] = await m.query(
      `DELETE FROM submissions WHERE id = $1 AND status = ANY($2::varchar[]) RETURNING file_id`,
      [id, ALLOWED_FROM.delete],
    ).then((r: [{ file_id: number | null }[], number]) => r[0]);
    if (deleted.length) {
      if (deleted[0].file_id !== null) await m.query(`DELETE FROM uploaded_files WHERE id = $1`, [deleted[0].file_id]);
      return 'deleted';
    }
    const exists = await m.query(`SELECT 1 FROM submissions WHERE id = $1`, [id]);
    return exists.length ? 'busy' : 'not_found';
  });
}
