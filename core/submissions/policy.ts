import type { SubmissionStatus, UserRole } from '../db/entities/enums.js';
import { ALLOWED_FROM } from './state-machine.js';

/** Who is asking: the logged-in user (session or token), as every access decision sees it. */
export interface Actor {
  id: number;
  email: string;
  role: UserRole;
}

export const isAdmin = (actor: Actor | undefined | null): boolean => actor?.role === 'admin';

/** Data is per user (as in the original): a curator sees only their own; admins see everything. */
export function canSeeOwnedBy(actor: Actor | undefined | null, ownerId: number): boolean {
  return !!actor && (actor.role === 'admin' || actor.id === ownerId);
}

/** What may start from a submission's current status (ARCHITECTURE.md "Statuses"). */
export const canEditRecordsIn = (status: SubmissionStatus): boolean => includes(ALLOWED_FROM.edit, status);
export const canValidate = (status: SubmissionStatus): boolean => includes(ALLOWED_FROM.validate, status);
export const canSubmit = (status: SubmissionStatus): boolean => includes(ALLOWED_FROM.submit, status);
export const canReload = (status: SubmissionStatus): boolean => includes(ALLOWED_FROM.import, status);
export const canDelete = (status: SubmissionStatus): boolean => includes(ALLOWED_FROM.delete, status);

/** Why nothing can change now, in the curator's words; undefined when changes are allowed. */
export function busyReason(status: SubmissionStatus): string | undefined {
  if (status === 'waiting') return 'The submission is being processed (import, validation or fix); try again when it has finished.';
  if (status === 'submitted') return 'The submission is being sent to BioSamples; nothing can change until it has finished.';
  return undefined;
}

const includes = (list: readonly string[], status: string): boolean => list.includes(status);
