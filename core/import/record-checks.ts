import { cellProblem, quote, reportRows, type LoadContext, type StagedAt } from './load-context.js';
import type { RowKind, StagingColumn } from './staging.js';

/** A staged row a check found, with the offending value. */
interface Found extends StagedAt {
  seq: number;
  value: string | null;
}

interface CellRule {
  kind: RowKind;
  column: StagingColumn;
  /** SQL, over the staged row `r`, true when the cell is wrong. */
  wrong: string;
  message: (value: string | null) => string;
}

const ACCESSION = '^SAM(N|D|E[AG]?)[0-9]+$';

const required = (kind: RowKind, column: StagingColumn): CellRule => ({
  kind, column, wrong: `r.${column} IS NULL`, message: () => 'a value is required',
});

const longest = (kind: RowKind, column: StagingColumn, max: number): CellRule => ({
  kind, column, wrong: `length(r.${column}) > ${max}`, message: () => `the value is longer than ${max} characters`,
});

/** Values the records cannot hold: missing identifiers, texts longer than their column, malformed accessions. */
const CELL_RULES: CellRule[] = [
  required('b', 'breed'), required('b', 'country'), required('b', 'species'),
  required('a', 'name'), required('a', 'breed'), required('a', 'species'),
  required('s', 'name'), required('s', 'animal'),
  ...(['name', 'alternative_id', 'breed', 'birth_location'] as const).map((c) => longest('a', c, 255)),
  longest('a', 'birth_date', 10), longest('a', 'accuracy', 64),
  longest('b', 'breed', 255), longest('b', 'mapped_breed', 255), longest('b', 'mapped_breed_term', 64),
  ...(['name', 'alternative_id', 'collection_place', 'organism_part', 'developmental_stage', 'physiological_stage', 'doi'] as const)
    .map((c) => longest('s', c, 255)),
  longest('s', 'protocol', 1024), longest('s', 'availability', 1024), longest('s', 'collection_date', 10),
  longest('s', 'accuracy', 64), longest('s', 'storage', 128), longest('s', 'storage_processing', 128),
  longest('s', 'age_unit', 16), longest('s', 'prep_interval_unit', 16),
  ...(['a', 's'] as const).map((kind): CellRule => ({
    kind, column: 'accession', wrong: `r.accession !~ '${ACCESSION}'`,
    message: () => 'this is not a BioSamples accession (SAMN…, SAMD…, SAME…, SAMEA…, SAMEG… followed by digits)',
  })),
];

/** Every check on the staged rows that needs no vocabulary: each problem names its row and column. */
export async function checkRecords(ctx: LoadContext): Promise<void> {
  await checkCells(ctx);
  await checkDuplicateNames(ctx);
  await checkSampleAnimals(ctx);
  await checkParents(ctx);
  await checkAccessions(ctx);
  await warnNamesInOtherSubmissions(ctx);
}

async function checkCells(ctx: LoadContext): Promise<void> {
  const cases = CELL_RULES.map((rule, i) => `(${i}, r.${rule.column}::text, COALESCE(r.kind = '${rule.kind}' AND ${rule.wrong}, false))`);
  const anyWrong = CELL_RULES.map((rule) => `(r.kind = '${rule.kind}' AND ${rule.wrong})`).join(' OR ');
  await reportRows<Found & { rule: number }>(
    ctx, 'error',
    `SELECT r.seq::bigint * 100 + v.rule AS seq, r.kind, r.sheet, r.row, v.rule, v.value
     FROM import_rows r CROSS JOIN LATERAL (VALUES ${cases.join(', ')}) v(rule, value, wrong)
     WHERE (${anyWrong}) AND v.wrong`,
    [],
    (f) => {
      const rule = CELL_RULES[f.rule];
      return cellProblem(ctx, 'error', f, rule.column, f.value, rule.message(f.value));
    },
  );
}

async function checkDuplicateNames(ctx: LoadContext): Promise<void> {
  await reportRows<Found & { first_sheet: string; first_row: number }>(
    ctx, 'error',
    `SELECT * FROM (
       SELECT seq, kind, sheet, row, name AS value, first_value(sheet) OVER w AS first_sheet, first_value(row) OVER w AS first_row,
         row_number() OVER w AS n
       FROM import_rows WHERE kind IN ('a', 's') AND name IS NOT NULL WINDOW w AS (PARTITION BY kind, name ORDER BY seq)) d
     WHERE n > 1`,
    [],
    (f) => cellProblem(ctx, 'error', f, 'name', f.value,
      `${quote(f.value)} is a duplicate: ${f.first_sheet === f.sheet ? 'row' : `${ctx.placeWord.toLowerCase()} '${f.first_sheet}', row`} ${f.first_row} has the same id`),
  );
}

async function checkSampleAnimals(ctx: LoadContext): Promise<void> {
  await reportRows<Found>(
    ctx, 'error',
    `SELECT r.seq, r.kind, r.sheet, r.row, r.animal AS value FROM import_rows r
     WHERE r.kind = 's' AND r.animal IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM import_rows a WHERE a.kind = 'a' AND a.name = r.animal)`,
    [],
    (f) => cellProblem(ctx, 'error', f, 'animal', f.value, `${quote(f.value)} is not an animal of this file`),
  );
}

/** A parent not in the file is a warning, as in the original: the link stays empty. */
async function checkParents(ctx: LoadContext): Promise<void> {
  await reportRows<Found & { parent: 'father' | 'mother' }>(
    ctx, 'warning',
    `SELECT r.seq::bigint * 2 + p.i AS seq, r.kind, r.sheet, r.row, p.parent, p.value
     FROM import_rows r CROSS JOIN LATERAL (VALUES (0, 'father', r.father), (1, 'mother', r.mother)) p(i, parent, value)
     WHERE r.kind = 'a' AND p.value IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM import_rows a WHERE a.kind = 'a' AND a.name = p.value)`,
    [],
    (f) => cellProblem(ctx, 'warning', f, f.parent, f.value,
      `${quote(f.value)} is not an animal of this file: the ${f.parent} link is left empty`),
  );
}

/** An accession identifies one BioSamples record: never two records here, never changed once known. */
async function checkAccessions(ctx: LoadContext): Promise<void> {
  await reportRows<Found & { first_sheet: string; first_row: number }>(
    ctx, 'error',
    `SELECT * FROM (
       SELECT seq, kind, sheet, row, accession AS value, first_value(sheet) OVER w AS first_sheet, first_value(row) OVER w AS first_row,
         row_number() OVER w AS n
       FROM import_rows WHERE kind IN ('a', 's') AND accession IS NOT NULL WINDOW w AS (PARTITION BY accession ORDER BY seq)) d
     WHERE n > 1`,
    [],
    (f) => cellProblem(ctx, 'error', f, 'accession', f.value,
      `${quote(f.value)} is also the accession of ${ctx.placeWord.toLowerCase()} '${f.first_sheet}', row ${f.first_row}`),
  );
  await reportRows<Found & { other_type: string; other_name: string; other_submission: number; title: string; same_owner: boolean }>(
    ctx, 'error',
    `SELECT r.seq, r.kind, r.sheet, r.row, r.accession AS value, o.other_type, o.name AS other_name,
       s.id AS other_submission, s.title, s.owner_id = $2 AS same_owner
     FROM import_rows r
     CROSS JOIN LATERAL (
       SELECT 'animal' AS other_type, name, submission_id FROM animals WHERE accession = r.accession
       UNION ALL SELECT 'sample', name, submission_id FROM samples WHERE accession = r.accession) o
     JOIN submissions s ON s.id = o.submission_id
     WHERE r.kind IN ('a', 's') AND r.accession IS NOT NULL
       AND NOT (o.submission_id = $1 AND o.name = r.name AND o.other_type = CASE r.kind WHEN 'a' THEN 'animal' ELSE 'sample' END)`,
    [ctx.submissionId, ctx.ownerId],
    (f) => cellProblem(ctx, 'error', f, 'accession', f.value, f.same_owner
      ? `${quote(f.value)} already belongs to ${f.other_type} ${quote(f.other_name)} of submission ${quote(f.title)} (id ${f.other_submission})`
      : `${quote(f.value)} already belongs to another record in InjectTool`),
  );
  await reportRows<Found & { stored: string }>(
    ctx, 'error',
    `SELECT r.seq, r.kind, r.sheet, r.row, r.accession AS value, e.accession AS stored
     FROM import_rows r JOIN (SELECT 'a' AS kind, name, accession FROM animals WHERE submission_id = $1
                              UNION ALL SELECT 's', name, accession FROM samples WHERE submission_id = $1) e
       ON e.kind = r.kind AND e.name = r.name
     WHERE r.accession IS NOT NULL AND e.accession IS NOT NULL AND e.accession <> r.accession`,
    [ctx.submissionId],
    (f) => cellProblem(ctx, 'error', f, 'accession', f.value,
      `this record already has the accession ${f.stored}; an accession never changes`),
  );
}

/** The original skipped such records silently; here they are imported and the curator is told. */
async function warnNamesInOtherSubmissions(ctx: LoadContext): Promise<void> {
  await reportRows<Found & { other_submission: number; title: string }>(
    ctx, 'warning',
    `SELECT DISTINCT ON (r.seq) r.seq, r.kind, r.sheet, r.row, r.name AS value, s.id AS other_submission, s.title
     FROM import_rows r
     JOIN (SELECT 'a' AS kind, name, submission_id FROM animals WHERE owner_id = $2 AND submission_id <> $1
           UNION ALL SELECT 's', name, submission_id FROM samples WHERE owner_id = $2 AND submission_id <> $1) o
       ON o.kind = r.kind AND o.name = r.name
     JOIN submissions s ON s.id = o.submission_id
     WHERE r.kind IN ('a', 's')
     ORDER BY r.seq, s.id`,
    [ctx.submissionId, ctx.ownerId],
    (f) => cellProblem(ctx, 'warning', f, 'name', f.value,
      `${f.kind === 'a' ? 'an animal' : 'a sample'} named ${quote(f.value)} is also in your submission ${quote(f.title)} (id ${f.other_submission}); it is imported here too`),
  );
}
