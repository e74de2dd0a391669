import { db } from '../db/data-source.js';
import type { UserRole } from '../db/entities/enums.js';

/** A user as the API shows it (API.md `/api/me`); `active` is added for admins' user lists. */
export interface UserProfile {
  id: number;
  email: string;
  role: UserRole;
  firstName: string;
  lastName: string;
  initials: string | null;
  personRole: string | null;
  organization: { id: number; name: string } | null;
  active?: boolean;
}

interface ProfileRow {
  id: number;
  email: string;
  role: UserRole;
  active: boolean;
  first_name: string;
  last_name: string;
  initials: string | null;
  person_role: string | null;
  organization_id: number | null;
  organization_name: string | null;
}

const SELECT_PROFILE = `
  SELECT u.id, u.email, u.role, u.active, u.first_name, u.last_name, u.initials, r.label AS person_role,
         o.id AS organization_id, o.name AS organization_name
  FROM users u LEFT JOIN roles r ON r.id = u.person_role_id LEFT JOIN organizations o ON o.id = u.organization_id`;

function toProfile(row: ProfileRow, withActive: boolean): UserProfile {
  const profile: UserProfile = {
    id: row.id,
    email: row.email,
    role: row.role,
    firstName: row.first_name,
    lastName: row.last_name,
    initials: row.initials,
    personRole: row.person_role,
    organization: row.organization_id === null ? null : { id: row.organization_id, name: row.organization_name ?? '' },
  };
  if (withActive) profile.active = row.active;
  return profile;
}

export async function userProfile(id: number, options: { withActive?: boolean } = {}): Promise<UserProfile | null> {
  const rows: ProfileRow[] = await db().query(`${SELECT_PROFILE} WHERE u.id = $1`, [id]);
  return rows[0] ? toProfile(rows[0], !!options.withActive) : null;
}

export async function listUserProfiles(page: number, perPage: number): Promise<{ items: UserProfile[]; total: number }> {
  const rows: ProfileRow[] = await db().query(`${SELECT_PROFILE} ORDER BY u.id LIMIT $1 OFFSET $2`, [perPage, (page - 1) * perPage]);
  const [{ total }] = await db().query(`SELECT count(*)::int AS total FROM users`);
  return { items: rows.map((r) => toProfile(r, true)), total };
}
