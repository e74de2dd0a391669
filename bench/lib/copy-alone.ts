/**
 * Baseline (b) of the import benchmark: PostgreSQL COPY alone of the file's rows into the real
 * `animals` and `samples` tables (every index and foreign key in place), in one transaction, 1000
 * rows per write. The COPY text is built before the clock starts, and ids are resolved up front, so
 * only what PostgreSQL must do for these rows is timed: the floor under any importer.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ensureBreed } from '../../test/factories.js';
import { BREEDS, type HerdPlan } from './template-generator.js';

const ROWS_PER_WRITE = 1000;

const text = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
};

async function idsByLabel(c: pg.Client, table: string): Promise<Map<string, number>> {
  const { rows } = await c.query(`SELECT id, label FROM ${table}`);
  return new Map(rows.map((r: { id: number; label: string }) => [r.label, r.id]));
}

/** The file's breeds, created as the importer would (supplied breed, country, species). */
async function breedIds(c: pg.Client): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const b of BREEDS) {
    ids.set(b.supplied, await ensureBreed(b.supplied, b.scientific, b.country, async (sql, params) => (await c.query(sql, params)).rows));
  }
  return ids;
}

function chunked(count: number, line: (i: number) => string): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < count; start += ROWS_PER_WRITE) {
    let chunk = '';
    for (let i = start; i < Math.min(count, start + ROWS_PER_WRITE); i++) chunk += line(i);
    chunks.push(chunk);
  }
  return chunks;
}

async function copy(c: pg.Client, sql: string, chunks: string[]): Promise<void> {
  const stream = c.query(copyFrom(sql));
  for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
  stream.end();
  await finished(stream);
}

export interface CopyAloneResult {
  seconds: number;
  animals: number;
  samples: number;
}

/** COPYs `plan`'s animals and samples into a new submission of `ownerId` (committed; the scratch database goes afterwards). */
export async function copyAlone(databaseUrl: string, plan: HerdPlan, ownerId: number): Promise<CopyAloneResult> {
  const c = new pg.Client({ connectionString: databaseUrl, application_name: 'injecttool-bench-copy' });
  await c.connect();
  try {
    const { rows: [{ id: submissionId }] } = await c.query(
      `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id)
       VALUES ('COPY alone', 'COPY alone ' || gen_random_uuid(), (SELECT id FROM countries WHERE label = 'Italy'), 'template', '1', 'loaded', $1)
       RETURNING id`,
      [ownerId],
    );
    const breeds = await breedIds(c);
    const sexes = await idsByLabel(c, 'sexes');
    const parts = await idsByLabel(c, 'organism_parts');
    const devStages = await idsByLabel(c, 'developmental_stages');
    const physStages = await idsByLabel(c, 'physiological_stages');
    const { rows: [{ first }] } = await c.query(
      `SELECT setval(pg_get_serial_sequence('animals', 'id'), nextval(pg_get_serial_sequence('animals', 'id')) + $1) - $1 AS first`,
      [plan.animals],
    );
    const animalId = (i: number) => Number(first) + i;
    const idOfName = new Map<string, number>();
    for (let i = 0; i < plan.animals; i++) idOfName.set(plan.animalName(i), animalId(i));

    const animalChunks = chunked(plan.animals, (i) => {
      const a = plan.animal(i);
      return [
        animalId(i), text(a.name), text(a.alternativeId), text(a.description), breeds.get(a.breed.supplied), sexes.get(a.sex),
        a.father ? idOfName.get(a.father) : '\\N', a.mother ? idOfName.get(a.mother) : '\\N', text(a.birthDate), text(a.birthLocation),
        text(a.latitude), text(a.longitude), text(a.accuracy), 'loaded', submissionId, ownerId,
      ].join('\t') + '\n';
    });
    const sampleChunks = chunked(plan.samples, (j) => {
      const s = plan.sample(j);
      return [
        text(s.name), text(s.alternativeId), text(s.description), animalId(s.animal.index), text(s.protocol), text(s.collectionDate),
        text(s.collectionPlace), text(s.latitude), text(s.longitude), text(s.accuracy), parts.get(s.organismPart) ?? '\\N',
        s.developmentalStage ? devStages.get(s.developmentalStage) : '\\N', s.physiologicalStage ? physStages.get(s.physiologicalStage) : '\\N',
        text(s.ageYears), s.ageYears === null ? '\\N' : 'years', text(s.availability), text(s.storage), text(s.storageProcessing),
        text(s.preparationDays), s.preparationDays === null ? '\\N' : 'days', 'loaded', submissionId, ownerId,
      ].join('\t') + '\n';
    });

    const started = performance.now();
    await c.query('BEGIN');
    await copy(c, `COPY animals (id, name, alternative_id, description, breed_id, sex_id, father_id, mother_id, birth_date, birth_location,
      birth_location_latitude, birth_location_longitude, birth_location_accuracy, status, submission_id, owner_id) FROM STDIN`, animalChunks);
    await copy(c, `COPY samples (name, alternative_id, description, animal_id, collection_protocol, collection_date, collection_place,
      collection_place_latitude, collection_place_longitude, collection_place_accuracy, organism_part_id, developmental_stage_id,
      physiological_stage_id, animal_age_at_collection, animal_age_at_collection_unit, availability, storage, storage_processing,
      preparation_interval, preparation_interval_unit, status, submission_id, owner_id) FROM STDIN`, sampleChunks);
    await c.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const { rows: [counts] } = await c.query(
      `SELECT (SELECT count(*)::int FROM animals WHERE submission_id = $1) AS animals, (SELECT count(*)::int FROM samples WHERE submission_id = $1) AS samples`,
      [submissionId],
    );
    return { seconds, animals: counts.animals, samples: counts.samples };
  } finally {
    await c.end();
  }
}
