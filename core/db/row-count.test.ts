import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { EXACT_COUNT_LIMIT, countRows } from './row-count.js';

const db = useTestDatabase();

/** Every statement countRows sends, for the tests that must show a count was (or was not) run. */
function recording() {
  const sent: string[] = [];
  const query = async (sql: string, params: unknown[]) => {
    sent.push(sql);
    return db.ds.query(sql, params);
  };
  return { sent, query };
}

beforeAll(async () => {
  // 300,000 rows in ten groups, and statistics for them, as autovacuum would leave them.
  await db.ds.query(`CREATE TABLE counted_rows AS SELECT n AS id, n % 10 AS grp FROM generate_series(1, 300000) AS n`);
  await db.ds.query(`CREATE INDEX ON counted_rows (id)`);
  await db.ds.query(`ANALYZE counted_rows`);
});

describe('countRows', () => {
  it('counts exactly up to 100,000 rows', async () => {
    expect(await countRows(`SELECT 1 FROM counted_rows WHERE grp = $1`, [3])).toEqual({ total: 30_000, isEstimate: false });
    expect(await countRows(`SELECT 1 FROM counted_rows WHERE id <= $1`, [EXACT_COUNT_LIMIT])).toEqual({ total: 100_000, isEstimate: false });
  });

  it("above 100,000 rows answers the planner's estimate, flagged, and never less than it counted", async () => {
    const { total, isEstimate } = await countRows(`SELECT 1 FROM counted_rows WHERE id <= $1`, [150_000]);
    expect(isEstimate).toBe(true);
    expect(total).toBeGreaterThan(EXACT_COUNT_LIMIT);
    expect(Math.abs(total - 150_000)).toBeLessThan(15_000);
  });

  it('does not count at all when the estimate is far above the limit', async () => {
    const { sent, query } = recording();
    const { total, isEstimate } = await countRows(`SELECT 1 FROM counted_rows`, [], { query });
    expect(isEstimate).toBe(true);
    expect(Math.abs(total - 300_000)).toBeLessThan(3_000);
    expect(sent).toEqual([`EXPLAIN (FORMAT JSON) SELECT 1 FROM counted_rows`]);
  });

  it('counts the visible rows first when told not to trust a large estimate (a curator’s scope)', async () => {
    await db.ds.query(`CREATE TABLE stale_rows AS SELECT n AS id FROM generate_series(1, 300000) AS n`);
    await db.ds.query(`ALTER TABLE stale_rows SET (autovacuum_enabled = false)`);
    await db.ds.query(`ANALYZE stale_rows`);
    await db.ds.query(`DELETE FROM stale_rows WHERE id > 12`);
    // The statistics still say 300,000: trusted, they would answer "about 300,000" for 12 rows.
    expect((await countRows(`SELECT 1 FROM stale_rows`)).isEstimate).toBe(true);
    expect(await countRows(`SELECT 1 FROM stale_rows`, [], { trustLargeEstimate: false })).toEqual({ total: 12, isEstimate: false });
  });
});
