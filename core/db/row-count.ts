import { db } from './data-source.js';

/** Lists count exactly up to here; above it they say "about n" (API.md "Lists"). */
export const EXACT_COUNT_LIMIT = 100_000;

/**
 * Above this planner estimate the rows are not even counted up to the limit: reading 100,000 index
 * entries per page view to learn that 300,000 is more than 100,000 is wasted work.
 */
const TRUST_ESTIMATE_ABOVE = 2 * EXACT_COUNT_LIMIT;

export interface RowCount {
  total: number;
  /** True when `total` is the planner's estimate; it is then always above EXACT_COUNT_LIMIT. */
  isEstimate: boolean;
}

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
const defaultQuery: Query = (sql, params) => db().query(sql, params);

export interface CountOptions {
  /**
   * False when `select` is limited to what a curator may see: the planner's statistics describe
   * everyone's rows, so a big estimate alone must not say anything about rows the curator cannot
   * see; the visible rows are then always counted up to the limit first.
   */
  trustLargeEstimate?: boolean;
  query?: Query;
}

/**
 * How many rows `select` (a SELECT without ORDER BY or LIMIT) returns: exact when at most
 * EXACT_COUNT_LIMIT, found by counting at most one row more than that; otherwise PostgreSQL's
 * estimate for the same query, never below what was counted.
 */
export async function countRows(select: string, params: unknown[] = [], options: CountOptions = {}): Promise<RowCount> {
  const { trustLargeEstimate = true, query = defaultQuery } = options;
  const estimate = trustLargeEstimate ? await plannedRows(select, params, query) : undefined;
  if (estimate !== undefined && estimate > TRUST_ESTIMATE_ABOVE) return { total: estimate, isEstimate: true };
  const [{ n }] = await query(`SELECT count(*)::int AS n FROM (${select} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS counted`, params);
  const counted = Number(n);
  if (counted <= EXACT_COUNT_LIMIT) return { total: counted, isEstimate: false };
  return { total: Math.max(estimate ?? (await plannedRows(select, params, query)), counted), isEstimate: true };
}

/** The planner's row estimate for a query (statistics from the last ANALYZE; no rows are read). */
export async function plannedRows(select: string, params: unknown[] = [], query: Query = defaultQuery): Promise<number> {
  const [row] = await query(`EXPLAIN (FORMAT JSON) ${select}`, params);
  const plan = row['QUERY PLAN'] as [{ Plan: { 'Plan Rows': number } }];
  return Math.round(plan[0].Plan['Plan Rows']);
}
