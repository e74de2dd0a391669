import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import { disconnectUser } from '../events.js';
import type { UserRole } from '../db/entities/enums.js';
import type { Actor } from '../submissions/policy.js';
import { AccountError } from './errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const MIN_PASSWORD_LENGTH = 8;

/** The person fields IMAGE sends with every record; a curator may edit them on their own profile. */
export interface PersonFields {
  firstName?: string;
  lastName?: string;
  initials?: string | null;
  /** A label of the Roles vocabulary (e.g. "submitter"), or its id. */
  personRole?: string | number | null;
  /** An Organization name or id; null removes it. */
  organization?: string | number | null;
}

export interface NewUser extends PersonFields {
  email: string;
  password: string;
  role: UserRole;
}

export interface UserChanges extends PersonFields {
  email?: string;
  role?: UserRole;
  active?: boolean;
  password?: string;
}

/** An active user by id, as every request sees it (a cheap primary-key lookup); null when gone or deactivated. */
export async function findActiveActor(id: number): Promise<(Actor & { firstName: string; lastName: string }) | null> {
  if (!Number.isSafeInteger(id)) return null;
  const rows: { id: number; email: string; role: UserRole; first_name: string; last_name: string }[] = await db().query(
    `SELECT id, email, role, first_name, last_name FROM users WHERE id = $1 AND active`,
    [id],
  );
  const u = rows[0];
  return u ? { id: u.id, email: u.email, role: u.role, firstName: u.first_name, lastName: u.last_name } : null;
}

// Verified when the e-mail is unknown too, so a wrong address takes as long as a wrong password.
const DUMMY_HASH = hashPassword('not-a-real-password');

/** The active user with these credentials, or null. */
export async function checkCredentials(email: unknown, password: unknown): Promise<Actor | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
  const rows: { id: number; email: string; role: UserRole; password_hash: string; active: boolean }[] = await db().query(
    `SELECT id, email, role, password_hash, active FROM users WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  const u = rows[0];
  const ok = await verifyPassword(u?.password_hash ?? (await DUMMY_HASH), password);
  return ok && u?.active ? { id: u.id, email: u.email, role: u.role } : null;
}

export async function createUser(input: NewUser): Promise<number> {
  checkPassword(input.password);
  return db().transaction(async (m) => {
    const email = normalizeEmail(input.email);
    await assertEmailFree(m, email);
    const personRoleId = await roleId(m, input.personRole ?? 'submitter');
    const orgId = input.organization == null ? null : await organizationId(m, input.organization);
    const [{ id }] = await m.query(
      `INSERT INTO users (email, password_hash, role, active, first_name, last_name, initials, person_role_id, organization_id)
       VALUES ($1, $2, $3, true, $4, $5, $6, $7, $8) RETURNING id`,
      [email, await hashPassword(input.password), input.role, input.firstName ?? '', input.lastName ?? '',
        input.initials || null, personRoleId, orgId],
    );
    return id as number;
  });
}

/**
 * Applies `changes` to user `id` on behalf of `by`: admins may change everything but cannot lock themselves
 * out; anyone else only their own person fields. Returns false when the user does not exist.
 */
export async function updateUser(id: number, changes: UserChanges, by: Actor): Promise<boolean> {
  const adminOnly = (['email', 'role', 'active', 'password'] as const).filter((k) => changes[k] !== undefined);
  if (by.role !== 'admin' && (by.id !== id || adminOnly.length)) {
    throw new AccountError('forbidden', `Only an admin can change ${adminOnly.join(', ') || 'another user'}`);
  }
  if (by.id === id && changes.active === false) throw new AccountError('own_account', 'You cannot deactivate your own account', 'active');
  if (by.id === id && changes.role && changes.role !== 'admin' && by.role === 'admin') {
    throw new AccountError('own_account', 'You cannot remove your own admin role', 'role');
  }
  if (changes.password !== undefined) checkPassword(changes.password);
  const found = await db().transaction(async (m) => {
    const exists = await m.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [id]);
    if (!exists.length) return false;
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (changes.email !== undefined) {
      const email = normalizeEmail(changes.email);
      await assertEmailFree(m, email, id);
      set('email', email);
    }
    if (changes.role !== undefined) set('role', changes.role);
    if (changes.active !== undefined) set('active', changes.active);
    if (changes.password !== undefined) set('password_hash', await hashPassword(changes.password));
    if (changes.firstName !== undefined) set('first_name', changes.firstName.trim());
    if (changes.lastName !== undefined) set('last_name', changes.lastName.trim());
    if (changes.initials !== undefined) set('initials', changes.initials?.trim() || null);
    if (changes.personRole !== undefined) set('person_role_id', changes.personRole === null ? null : await roleId(m, changes.personRole));
    if (changes.organization !== undefined) {
      set('organization_id', changes.organization === null ? null : await organizationId(m, changes.organization));
    }
    if (sets.length) await m.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    return true;
  });
  // Sessions and tokens are re-checked on every request; live sockets are closed here.
  if (found && changes.active === false) disconnectUser(id);
  return found;
}

/** A user changing their own password must prove they know the current one. */
export async function changeOwnPassword(id: number, currentPassword: string | undefined, password: string): Promise<void> {
  checkPassword(password);
  const [row]: { password_hash: string }[] = await db().query(`SELECT password_hash FROM users WHERE id = $1`, [id]);
  if (!row || !currentPassword || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw new AccountError('wrong_current_password', 'The current password is not correct', 'currentPassword');
  }
  await db().query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, await hashPassword(password)]);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError('weak_password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  }
}

function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(e)) throw new AccountError('invalid_email', `'${email}' is not an e-mail address`, 'email');
  return e;
}

async function assertEmailFree(m: EntityManager, email: string, exceptId?: number): Promise<void> {
  const taken = await m.query(`SELECT 1 FROM users WHERE email = $1 AND id IS DISTINCT FROM $2`, [email, exceptId ?? null]);
  if (taken.length) throw new AccountError('email_taken', `A user with e-mail ${email} already exists`, 'email');
}

async function roleId(m: EntityManager, labelOrId: string | number): Promise<number> {
  const label = String(labelOrId).trim();
  const rows = /^\d+$/.test(label)
    ? await m.query(`SELECT id FROM roles WHERE id = $1`, [Number(label)])
    : await m.query(`SELECT id FROM roles WHERE lower(label) = lower($1)`, [label]);
  if (!rows.length) {
    const known: { label: string }[] = await m.query(`SELECT label FROM roles ORDER BY label`);
    throw new AccountError('unknown_person_role', `'${label}' is not one of ${known.map((r) => r.label).join(', ')}`, 'personRole');
  }
  return rows[0].id;
}

async function organizationId(m: EntityManager, nameOrId: string | number): Promise<number> {
  const byId = typeof nameOrId === 'number' || /^\d+$/.test(nameOrId);
  const rows = byId
    ? await m.query(`SELECT id FROM organizations WHERE id = $1`, [Number(nameOrId)])
    : await m.query(`SELECT id FROM organizations WHERE lower(name) = lower($1) ORDER BY id`, [nameOrId.trim()]);
  if (!rows.length) throw new AccountError('unknown_organization', `No organization '${nameOrId}'`, 'organization');
  if (rows.length > 1) {
    throw new AccountError('ambiguous_organization', `Several organizations are named '${nameOrId}': give its id`, 'organization');
  }
  return rows[0].id;
}
