import { ForbiddenError, ValidationError, type ActionContext, type ActionRequest, type CurrentAdmin, type RecordJSON } from 'adminjs';
import { USER_ROLES, type UserRole } from '../../core/db/entities/enums.js';
import type { Actor } from '../../core/submissions/policy.js';
import { createUser, updateUser, type PersonFields, type UserChanges } from '../../core/users/accounts.js';
import { AccountError } from '../../core/users/errors.js';
import { generatePassword } from '../../core/users/passwords.js';
import { panelActor } from './access.js';

export const PERSON_FIELDS = ['firstName', 'lastName', 'initials', 'personRole', 'organization'] as const;
export const ADMIN_USER_FIELDS = ['email', 'role', 'active', ...PERSON_FIELDS] as const;

type Payload = Record<string, unknown>;

function actorOf(admin: CurrentAdmin | undefined): Actor {
  const actor = panelActor(admin);
  if (!actor) throw new ForbiddenError();
  return actor;
}

const text = (v: unknown): string | undefined => (v === undefined ? undefined : String(v ?? ''));
const reference = (v: unknown): string | null | undefined => (v === undefined ? undefined : v === '' || v === null ? null : String(v));

function personFields(p: Payload): PersonFields {
  return {
    firstName: text(p.firstName),
    lastName: text(p.lastName),
    initials: p.initials === undefined ? undefined : text(p.initials) || null,
    personRole: reference(p.personRole),
    organization: reference(p.organization),
  };
}

/** The panel form's fields as changes to a user: everything for admins, the person fields for anyone else. */
function userChanges(p: Payload, by: Actor): UserChanges {
  const changes: UserChanges = personFields(p);
  if (by.role === 'admin') {
    if (p.email !== undefined) changes.email = String(p.email);
    if (p.role !== undefined) changes.role = toRole(p.role);
    if (p.active !== undefined) changes.active = p.active === true || p.active === 'true';
  }
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

function toRole(v: unknown): UserRole {
  if (!USER_ROLES.includes(v as UserRole)) throw new AccountError('invalid_role', `Role must be one of ${USER_ROLES.join(', ')}`, 'role');
  return v as UserRole;
}

/** An AccountError as the form shows it: next to the field, and as the notice. */
function formError(err: unknown): never {
  if (err instanceof AccountError) {
    throw new ValidationError(err.field ? { [err.field]: { message: err.message, type: err.code } } : {}, { message: err.message, type: err.code });
  }
  throw err;
}

async function freshRecord(id: number, context: ActionContext): Promise<RecordJSON> {
  const record = await context.resource.findOne(String(id), context);
  if (!record) throw new Error(`user ${id} vanished`);
  return record.toJSON(context.currentAdmin);
}

export async function newUserHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const p: Payload = request.payload ?? {};
  if (request.method !== 'post') return {};
  let id: number;
  try {
    id = await createUser({
      ...personFields(p),
      email: String(p.email ?? ''),
      password: String(p.password ?? ''),
      role: toRole(p.role ?? 'curator'),
    });
  } catch (err) {
    formError(err);
  }
  return {
    record: await freshRecord(id!, context),
    redirectUrl: context.h.resourceUrl({ resourceId: 'User' }),
    notice: { message: 'successfullyCreated', type: 'success' },
  };
}

export async function editUserHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { record, currentAdmin } = context;
  if (!record) throw new Error('record expected');
  if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
  const id = Number(record.id());
  try {
    await updateUser(id, userChanges(request.payload ?? {}, actorOf(currentAdmin)), actorOf(currentAdmin));
  } catch (err) {
    formError(err);
  }
  return {
    record: await freshRecord(id, context),
    redirectUrl: context.h.recordActionUrl({ resourceId: 'User', recordId: String(id), actionName: 'show' }),
    notice: { message: 'successfullyUpdated', type: 'success' },
  };
}

/** Deactivate / re-activate: a deactivated user's sessions and tokens stop working on their next request. */
export function setActiveHandler(active: boolean) {
  return async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
    const { record, currentAdmin } = context;
    if (!record) throw new Error('record expected');
    const id = Number(record.id());
    try {
      await updateUser(id, { active }, actorOf(currentAdmin));
    } catch (err) {
      formError(err);
    }
    return {
      record: await freshRecord(id, context),
      notice: { message: active ? `${record.param('email')} can log in again` : `${record.param('email')} is deactivated`, type: 'success' },
    };
  };
}

/** Sets the password an admin typed, or a generated one that the answer shows once. */
export async function resetPasswordHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { record, currentAdmin } = context;
  if (!record) throw new Error('record expected');
  if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
  const typed = String(request.payload?.password ?? '');
  const password = typed || generatePassword();
  try {
    await updateUser(Number(record.id()), { password }, actorOf(currentAdmin));
  } catch (err) {
    formError(err);
  }
  return {
    record: record.toJSON(currentAdmin),
    generatedPassword: typed ? undefined : password,
    notice: { message: `New password set for ${record.param('email')}`, type: 'success' },
  };
}
