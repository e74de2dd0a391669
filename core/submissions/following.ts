import { db } from '../db/data-source.js';
import { canSeeOwnedBy, type Actor } from './policy.js';

/** May `actor` receive the live events of this submission (join its room)? Only its owner and admins. */
export async function mayFollowSubmission(actor: Actor | null | undefined, submissionId: number): Promise<boolean> {
  if (!actor || !Number.isSafeInteger(submissionId)) return false;
  const rows: { owner_id: number }[] = await db().query(`SELECT owner_id FROM submissions WHERE id = $1`, [submissionId]);
  return rows.length === 1 && canSeeOwnedBy(actor, rows[0].owner_id);
}
