import type { ViewHelpers, CurrentAdmin } from 'adminjs';
import { db } from '../../core/db/data-source.js';
import { SUBMISSION_STATUSES } from '../../core/db/entities/enums.js';
import { STATUS_LABELS } from '../../core/submissions/status-labels.js';


async function countsByStatus(ownerId: number | null): Promise<Map<string, number>> {
  const rows: { status: string; n: number }[] = await db().query(
    `SELECT status, count(*)::int AS n FROM submissions WHERE $1::int IS NULL OR owner_id = $1 GROUP BY status`,
    [ownerId],
  );
  return new Map(rows.map((r) => [r.status, r.n]));
}

async function overview(title: string, ownerId: number | null, h: ViewHelpers) {
  const counts = await countsByStatus(ownerId);
  const base = ownerId === null ? '' : `filters.owner=${ownerId}&`;
  const href = (filter: string) => h.resourceUrl({ resourceId: 'Submission', search: `?${base}${filter}` });
  return {
    title,
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    href: href('page=1'),
    statuses: SUBMISSION_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      count: counts.get(status) ?? 0,
      href: href(`filters.status=${status}`),
    })),
  };
}

/** Data of the dashboard component: the user's own submissions by status (and, for admins, everyone's). */
export async function dashboardHandler(_req: unknown, _res: unknown, context: { currentAdmin?: CurrentAdmin; h: ViewHelpers }) {
  const me = Number(context.currentAdmin?.id);
  const overviews = [await overview('Your submissions', me, context.h)];
  if (context.currentAdmin?.role === 'admin') overviews.push(await overview('All submissions', null, context.h));
  const name = String(context.currentAdmin?.title ?? context.currentAdmin?.email ?? '');
  return { greeting: `Welcome to InjectTool${name ? `, ${name}` : ''}`, overviews };
}
