import { cellProblem, norm, quote, reportRows, rowsOf, type LoadContext, type StagedAt } from './load-context.js';
import { plural } from './problems.js';

/**
 * Maps every label the file uses to a vocabulary id, in a few set-based statements. Each map is
 * keyed by the distinct values exactly as staged (`raw`), so the big joins are plain equality and
 * the case- and space-insensitive matching runs once per distinct value, not once per row.
 * Species and countries must exist (an admin adds them), so unknown ones are errors listing every
 * value; sexes must be one of the Sex labels; organism parts and stages the vocabularies lack are
 * created by createMissingTerms() once the file is accepted, without an ontology term.
 */
export async function resolveVocabularies(ctx: LoadContext): Promise<void> {
  await mapCountries(ctx);
  await mapSpecies(ctx);
  await mapSexes(ctx);
  await mapTerms(ctx);
}

/** Species and country errors name each unknown value once, where it is first used. */
interface UnknownValue extends StagedAt {
  seq: number;
  value: string;
  uses: number;
}

const distinctValues = (column: string, kinds: string) =>
  `SELECT DISTINCT ${column} AS raw FROM import_rows WHERE kind IN (${kinds}) AND ${column} IS NOT NULL`;

async function mapCountries(ctx: LoadContext): Promise<void> {
  await ctx.client.query(`
    CREATE TEMP TABLE country_map ON COMMIT DROP AS
    SELECT v.raw, (SELECT c.id FROM countries c WHERE ${norm('c.label')} = ${norm('v.raw')} ORDER BY c.id LIMIT 1) AS id
    FROM (${distinctValues('country', `'b', 'a'`)}) v`);
  await reportUnknown(ctx, 'country', 'country_map', (v) =>
    `${quote(v.value)} is not a known country (${plural(v.uses, 'row')} use it)`);
}

async function mapSpecies(ctx: LoadContext): Promise<void> {
  await ctx.client.query(
    `CREATE TEMP TABLE species_map ON COMMIT DROP AS
     SELECT v.raw, COALESCE(
       (SELECT s.id FROM species s WHERE ${norm('s.label')} = v.key ORDER BY s.id LIMIT 1),
       (SELECT y.species_id FROM species_synonyms y WHERE y.language_id = $1 AND ${norm('y.word')} = v.key ORDER BY y.id LIMIT 1),
       (SELECT y.species_id FROM species_synonyms y JOIN countries c ON c.id = y.language_id
         WHERE c.label = 'United Kingdom' AND ${norm('y.word')} = v.key ORDER BY y.id LIMIT 1)) AS id
     FROM (SELECT raw, ${norm('raw')} AS key FROM (${distinctValues('species', `'b', 'a'`)}) d) v`,
    [ctx.geneBankCountryId],
  );
  const [{ language }] = await rowsOf<{ language: string }>(ctx, `SELECT label AS language FROM countries WHERE id = $1`, [ctx.geneBankCountryId]);
  const languages = language === 'United Kingdom' ? 'United Kingdom' : `${language} or United Kingdom`;
  await reportUnknown(ctx, 'species', 'species_map', (v) =>
    `${quote(v.value)} is not a known species: neither a scientific name nor a synonym for ${languages} (${plural(v.uses, 'row')} use it). ` +
    'An administrator can add it as a synonym; then reload the file');
}

async function reportUnknown(
  ctx: LoadContext, column: 'country' | 'species', map: string, message: (v: UnknownValue) => string,
): Promise<void> {
  await reportRows<UnknownValue>(
    ctx, 'error',
    // A CSV or dump row gives a breed and an animal at the same place: rows are counted by place.
    `WITH u AS (SELECT r.seq, r.kind, r.sheet, r.row, r.${column} AS value, ${norm(`r.${column}`)} AS key
                FROM import_rows r JOIN ${map} m ON m.raw = r.${column} WHERE m.id IS NULL AND r.kind IN ('b', 'a')),
          n AS (SELECT key, count(DISTINCT (sheet, row))::int AS uses FROM u GROUP BY key)
     SELECT DISTINCT ON (u.key) u.seq, u.kind, u.sheet, u.row, u.value, n.uses
     FROM u JOIN n USING (key)
     ORDER BY u.key, u.seq`,
    [],
    (v) => cellProblem(ctx, 'error', v, column, v.value, message(v)),
  );
}

async function mapSexes(ctx: LoadContext): Promise<void> {
  await ctx.client.query(`
    CREATE TEMP TABLE sex_map ON COMMIT DROP AS
    SELECT v.raw, (SELECT x.id FROM sexes x WHERE ${norm('x.label')} = ${norm('v.raw')} ORDER BY x.id LIMIT 1) AS id
    FROM (${distinctValues('sex', `'a'`)}) v`);
  const [{ allowed }] = await rowsOf<{ allowed: string }>(ctx, `SELECT string_agg(label, ', ' ORDER BY id) AS allowed FROM sexes`);
  await reportRows<StagedAt & { seq: number; value: string }>(
    ctx, 'error',
    `SELECT r.seq, r.kind, r.sheet, r.row, r.sex AS value
     FROM import_rows r JOIN sex_map m ON m.raw = r.sex WHERE r.kind = 'a' AND m.id IS NULL`,
    [],
    (v) => cellProblem(ctx, 'error', v, 'sex', v.value, `${quote(v.value)} is not one of ${allowed}`),
  );
}

/** Organism parts and stages: staging column → vocabulary table. */
export const TERM_VOCABULARIES = {
  organism_part: 'organism_parts',
  developmental_stage: 'developmental_stages',
  physiological_stage: 'physiological_stages',
} as const;

async function mapTerms(ctx: LoadContext): Promise<void> {
  await ctx.client.query(
    `CREATE TEMP TABLE term_map (vocabulary text, raw text, key text, first_seq integer, id integer) ON COMMIT DROP`,
  );
  for (const [column, table] of Object.entries(TERM_VOCABULARIES)) {
    await ctx.client.query(
      `INSERT INTO term_map (vocabulary, raw, key, first_seq, id)
       SELECT $1, v.raw, v.key, v.first_seq, (SELECT t.id FROM ${table} t WHERE ${norm('t.label')} = v.key ORDER BY t.id LIMIT 1)
       FROM (SELECT raw, ${norm('raw')} AS key, first_seq
             FROM (SELECT ${column} AS raw, min(seq) AS first_seq FROM import_rows
                   WHERE kind = 's' AND ${column} IS NOT NULL GROUP BY ${column}) d) v`,
      [column],
    );
  }
}

/**
 * Once the file is accepted: creates the organism parts, stages, breeds and publications it names
 * that do not exist yet (in label order, so two imports never wait on each other crosswise), and
 * resolves every animal's breed: (supplied breed, country, species), the country being the animal's
 * own, else the breed sheet's for that breed and species, else the gene bank's.
 */
export async function createMissingTerms(ctx: LoadContext): Promise<void> {
  for (const [column, table] of Object.entries(TERM_VOCABULARIES)) {
    // A new term is labelled as the file first wrote it; its other spellings map to it.
    await ctx.client.query(
      `INSERT INTO ${table} (label)
       SELECT label FROM (SELECT DISTINCT ON (key) raw AS label FROM term_map WHERE vocabulary = $1 AND id IS NULL ORDER BY key, first_seq) n
       ORDER BY label ON CONFLICT (label) DO NOTHING`,
      [column],
    );
    await ctx.client.query(
      `UPDATE term_map m SET id = (SELECT t.id FROM ${table} t WHERE ${norm('t.label')} = m.key ORDER BY t.id LIMIT 1)
       WHERE m.vocabulary = $1 AND m.id IS NULL`,
      [column],
    );
  }
  await ctx.client.query(`ANALYZE term_map`);
  await ctx.client.query(
    `INSERT INTO publications (doi) SELECT DISTINCT doi FROM import_rows WHERE kind = 's' AND doi IS NOT NULL ORDER BY doi ON CONFLICT (doi) DO NOTHING`,
  );
  await resolveBreeds(ctx);
}

/** `country` of a staged row as a join key: NULL (use a default) becomes '', which no staged value is. */
const countryKey = (alias: string) => `COALESCE(${alias}.country, '')`;

async function resolveBreeds(ctx: LoadContext): Promise<void> {
  await ctx.client.query(`
    CREATE TEMP TABLE sheet_breeds ON COMMIT DROP AS
    SELECT b.seq, ${norm('b.breed')} AS key, b.breed AS value, s.id AS species_id, c.id AS country_id, b.mapped_breed, b.mapped_breed_term
    FROM import_rows b JOIN species_map s ON s.raw = b.species JOIN country_map c ON c.raw = b.country
    WHERE b.kind = 'b' AND b.breed IS NOT NULL`);
  await ctx.client.query(
    `CREATE TEMP TABLE animal_breeds ON COMMIT DROP AS
     SELECT a.breed, a.species, a.country, ${norm('a.breed')} AS key, s.id AS species_id,
       COALESCE(c.id, sb.country_id, $1) AS country_id, NULL::integer AS breed_id, a.first_seq
     FROM (SELECT breed, species, ${countryKey('r')} AS country, min(seq) AS first_seq FROM import_rows r
           WHERE kind = 'a' GROUP BY breed, species, ${countryKey('r')}) a
     JOIN species_map s ON s.raw = a.species
     LEFT JOIN country_map c ON c.raw = a.country
     LEFT JOIN (SELECT DISTINCT ON (key, species_id) key, species_id, country_id FROM sheet_breeds ORDER BY key, species_id, seq) sb
       ON sb.key = ${norm('a.breed')} AND sb.species_id = s.id`,
    [ctx.geneBankCountryId],
  );
  await ctx.client.query(
    `CREATE TEMP TABLE breed_map ON COMMIT DROP AS
     SELECT DISTINCT ON (key, species_id, country_id) key, species_id, country_id, value, mapped_breed, mapped_breed_term,
       (SELECT b.id FROM breeds b WHERE b.species_id = x.species_id AND b.country_id = x.country_id AND ${norm('b.supplied_breed')} = x.key
        ORDER BY b.id LIMIT 1) AS id
     FROM (SELECT key, species_id, country_id, value, mapped_breed, mapped_breed_term, 0 AS source, seq FROM sheet_breeds
           UNION ALL SELECT key, species_id, country_id, breed, NULL, NULL, 1, first_seq FROM animal_breeds) x
     ORDER BY key, species_id, country_id, source, seq`,
  );
  await ctx.client.query(`
    INSERT INTO breeds (supplied_breed, country_id, species_id, label, term)
    SELECT value, country_id, species_id, mapped_breed, mapped_breed_term FROM breed_map WHERE id IS NULL ORDER BY value
    ON CONFLICT (supplied_breed, country_id, species_id) DO NOTHING;
    UPDATE breed_map m SET id = b.id FROM breeds b
    WHERE m.id IS NULL AND b.supplied_breed = m.value AND b.country_id = m.country_id AND b.species_id = m.species_id;
    UPDATE animal_breeds a SET breed_id = m.id FROM breed_map m
    WHERE m.key = a.key AND m.species_id = a.species_id AND m.country_id = a.country_id;
    ANALYZE animal_breeds`);
}

/** Joins a staged animal `r` to its breed id (`alias`.breed_id). */
export const animalBreedJoin = (alias: string, r: string) =>
  `JOIN animal_breeds ${alias} ON ${alias}.breed = ${r}.breed AND ${alias}.species = ${r}.species AND ${alias}.country = ${countryKey(r)}`;
