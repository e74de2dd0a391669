import type { UserRole } from '../db/entities/enums.js';

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
