import { z } from 'zod';

export const MAX_PER_PAGE = 500;

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(50),
});

/** `?page=1&perPage=50` (API.md "Lists"); a bad value is a 400. */
export function pageOf(query: unknown): { page: number; perPage: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  return pageQuery.parse({ page: q.page, perPage: q.perPage });
}

/** `totalIsEstimate` only when it is true: `total` is then PostgreSQL's estimate (above 100,000 rows). */
export function listBody<T>(items: T[], total: number, page: { page: number; perPage: number }, totalIsEstimate = false) {
  return { items, page: page.page, perPage: page.perPage, total, ...(totalIsEstimate ? { totalIsEstimate: true as const } : {}) };
}
