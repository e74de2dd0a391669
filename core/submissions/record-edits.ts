import { db } from '../db/data-source.js';
import type { RecordType } from '../db/entities/enums.js';
import { ALLOWED_FROM, transitionIn } from './state-machine.js';

const TABLES: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };

/**
 * After records were edited: they and their submissions need revision (validated again before
 * submission), and their last validation no longer applies.
 */
export async function markRecordsEdited(type: RecordType, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const announcements = await db().transaction(async (m) => {
    const rows: { submission_id: number }[] = await m.query(
      `UPDATE ${TABLES[type]} SET status = 'need_revision', validation = NULL, last_changed_at = now()
       WHERE id = ANY($1::int[]) RETURNING submission_id`,
      [ids],
    ).then((r: [{ submission_id: number }[], number]) => r[0]);
    return submissionsNeedRevision(m, rows.map((r) => r.submission_id));
  });
  announcements.forEach((announce) => announce());
}

/** After records were deleted from these submissions: what is left must be validated again. */
export async function markSubmissionsChanged(submissionIds: number[]): Promise<void> {
  const announcements = await db().transaction((m) => submissionsNeedRevision(m, submissionIds));
  announcements.forEach((announce) => announce());
}

async function submissionsNeedRevision(m: Parameters<typeof transitionIn>[0], submissionIds: number[]): Promise<(() => void)[]> {
  const out: (() => void)[] = [];
  for (const id of [...new Set(submissionIds)]) {
    const t = await transitionIn(m, id, 'need_revision', { from: ALLOWED_FROM.edit, message: 'Records changed: validate again' });
    out.push(t.announce);
  }
  return out;
}
