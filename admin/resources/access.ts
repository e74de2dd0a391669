import { AppError, type ActionContext, type ActionRequest, type BaseRecord, type CurrentAdmin } from 'adminjs';
import type { SubmissionStatus } from '../../core/db/entities/enums.js';
import { busyReason, canEditRecordsIn, canSeeOwnedBy, type Actor } from '../../core/submissions/policy.js';

/** What AdminJS passes to `isAccessible`. */
type AccessContext = Pick<ActionContext, 'currentAdmin' | 'record'>;
export type AccessRule = (context: AccessContext) => boolean;

const idOf = (admin: CurrentAdmin | undefined): number | undefined => (admin?.id === undefined ? undefined : Number(admin.id));

export const isAdmin: AccessRule = ({ currentAdmin }) => currentAdmin?.role === 'admin';
export const nobody: AccessRule = () => false;
export const anyone: AccessRule = ({ currentAdmin }) => !!currentAdmin;

/** Admins, or the user whose id is in the record's `field` ('owner', 'user', or 'id' for a user's own row). */
export function ownerOr(field: string): AccessRule {
  return ({ currentAdmin, record }) => {
    if (isAdmin({ currentAdmin })) return true;
    const actor = panelActor(currentAdmin);
    return !!record && !!actor && canSeeOwnedBy(actor, Number(record.param(field)));
  };
}

/** The panel's current admin as the policy sees it. */
export function panelActor(admin: CurrentAdmin | undefined): Actor | undefined {
  const id = idOf(admin);
  if (id === undefined || !Number.isSafeInteger(id)) return undefined;
  return { id, email: String(admin?.email ?? ''), role: admin?.role === 'admin' ? 'admin' : 'curator' };
}

/** Rows the application makes and removes itself: no one creates, edits or deletes them by hand. */
export const notByHand = {
  new: { isAccessible: nobody },
  edit: { isAccessible: nobody },
  delete: { isAccessible: nobody },
  bulkDelete: { isAccessible: nobody },
};

/** A list only admins read, and no one changes by hand. */
export const readOnlyForAdmins = {
  list: { isAccessible: isAdmin },
  search: { isAccessible: isAdmin },
  show: { isAccessible: isAdmin },
  ...notByHand,
};

export const both = (...rules: AccessRule[]): AccessRule => (ctx) => rules.every((rule) => rule(ctx));

/** The status of the submission a record belongs to (the record itself for a Submission). */
export function submissionStatusOf(record: BaseRecord | undefined): SubmissionStatus | undefined {
  if (!record) return undefined;
  if (record.resource.id() === 'Submission') return record.param('status');
  return record.populated?.submission?.param('status');
}

/** Records may change only while no job works on their submission. */
export const notBusy: AccessRule = ({ record }) => {
  const status = submissionStatusOf(record);
  return !!status && canEditRecordsIn(status);
};

/** Before a change: says why it cannot happen now rather than a bare "forbidden". */
export async function refuseWhileBusy(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  if (request.method !== 'post') return request;
  for (const record of context.records ?? (context.record ? [context.record] : [])) {
    const status = submissionStatusOf(record);
    const reason = status && busyReason(status);
    if (reason) throw new AppError(reason);
  }
  return request;
}

/**
 * Before list and search: a curator's filter on the owner is always their own id, whatever the
 * query string says (TypeormResource enforces it again in the query).
 */
export function forceOwnerFilter(field: string) {
  return async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
    if (context.currentAdmin?.role === 'admin') return request;
    const query: Record<string, unknown> = { ...(request.query ?? {}) };
    for (const key of Object.keys(query)) {
      if (key === `filters.${field}` || key.startsWith(`filters.${field}.`) || key.startsWith(`filters.${field}~~`)) delete query[key];
    }
    query[`filters.${field}`] = String(idOf(context.currentAdmin) ?? -1);
    return { ...request, query };
  };
}

/** Before new/edit: only these payload keys reach the resource; anything else (owner, status...) is dropped. */
export function onlyFields(fields: readonly string[] | ((admin?: CurrentAdmin) => readonly string[])) {
  return async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload) return request;
    const allowed = typeof fields === 'function' ? fields(context.currentAdmin) : fields;
    const payload = Object.fromEntries(
      Object.entries(request.payload).filter(([key]) => allowed.some((f) => key === f || key.startsWith(`${f}.`))),
    );
    return { ...request, payload };
  };
}
