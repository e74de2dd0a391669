import { quote, rowsOf, type LoadContext } from './load-context.js';

const MAX_CYCLES_REPORTED = 50;
const FETCH = 10_000;

/**
 * Finds animals that are their own ancestor through father/mother links within the file (self-
 * parent included) and reports each cycle once, naming its animals. The graph is held as typed
 * arrays of row indexes (12 bytes an animal), read through a cursor, so memory stays small.
 */
export async function checkPedigreeCycles(ctx: LoadContext): Promise<void> {
  await ctx.client.query(`
    CREATE TEMP TABLE file_animals ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY seq) - 1)::int AS idx, name, seq, sheet, row
    FROM (SELECT DISTINCT ON (name) name, seq, sheet, row FROM import_rows WHERE kind = 'a' AND name IS NOT NULL ORDER BY name, seq) a;
    CREATE UNIQUE INDEX ON file_animals (name);
    ANALYZE file_animals`);
  const [{ n }] = await rowsOf<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM file_animals`);
  const father = new Int32Array(n).fill(-1);
  const mother = new Int32Array(n).fill(-1);
  await ctx.client.query(`
    DECLARE parent_links NO SCROLL CURSOR FOR
    SELECT a.idx, f.idx AS father, m.idx AS mother
    FROM file_animals a JOIN import_rows r ON r.seq = a.seq
    LEFT JOIN file_animals f ON f.name = r.father LEFT JOIN file_animals m ON m.name = r.mother
    WHERE f.idx IS NOT NULL OR m.idx IS NOT NULL`);
  for (;;) {
    const batch = await ctx.client.query({ text: `FETCH ${FETCH} FROM parent_links`, rowMode: 'array' });
    for (const [idx, f, m] of batch.rows as [number, number | null, number | null][]) {
      if (f !== null) father[idx] = f;
      if (m !== null) mother[idx] = m;
    }
    if (batch.rows.length < FETCH) break;
  }
  await ctx.client.query(`CLOSE parent_links`);
  const cycles = findCycles(father, mother, MAX_CYCLES_REPORTED);
  for (const cycle of cycles) await reportCycle(ctx, cycle);
}

/** Depth-first search over child → parent edges; a parent still on the path closes a cycle. */
export function findCycles(father: Int32Array, mother: Int32Array, max: number): number[][] {
  const n = father.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current path, 2 done
  const cycles: number[][] = [];
  const path: number[] = [];
  const nextEdge: number[] = [];
  for (let start = 0; start < n && cycles.length < max; start++) {
    if (state[start] !== 0) continue;
    path.push(start);
    nextEdge.push(0);
    state[start] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top];
      const edge = nextEdge[top]++;
      if (edge > 1) {
        state[node] = 2;
        path.pop();
        nextEdge.pop();
        continue;
      }
      const parent = edge === 0 ? father[node] : mother[node];
      if (parent < 0) continue;
      if (state[parent] === 1) {
        if (cycles.length < max) cycles.push(path.slice(path.indexOf(parent)));
      } else if (state[parent] === 0) {
        state[parent] = 1;
        path.push(parent);
        nextEdge.push(0);
      }
    }
  }
  return cycles;
}

async function reportCycle(ctx: LoadContext, cycle: number[]): Promise<void> {
  const animals = await rowsOf<{ idx: number; name: string; sheet: string; row: number }>(
    ctx, `SELECT idx, name, sheet, row FROM file_animals WHERE idx = ANY($1::int[])`, [cycle],
  );
  const byIdx = new Map(animals.map((a) => [a.idx, a]));
  const first = byIdx.get(cycle[0])!;
  const names = cycle.map((i) => quote(byIdx.get(i)!.name));
  const text = cycle.length === 1
    ? `${names[0]} is its own parent`
    : `${names.join(', ')} form a cycle of parents (${[...names, names[0]].join(' → ')}): an animal cannot be its own ancestor`;
  ctx.problems.add({
    level: 'error',
    sheet: first.sheet,
    row: first.row,
    value: first.name,
    message: `${ctx.placeWord} '${first.sheet}', row ${first.row}: ${text}`,
  });
}
