import { quote, rowsOf, type LoadContext } from './load-context.js';
import { animalBreedJoin } from './vocabulary-resolver.js';

const NO_LOCATION = `'missing geographic information'`;

/**
 * Writes the accepted file into the submission's animals and samples, set-based, matching existing
 * records by name: a match is updated in place (id, alias and accession kept), a new name inserted,
 * a name no longer in the file deleted. A record with an accession whose content changed becomes
 * need_revision, one without accession loaded; a changed record loses its stale validation result.
 * Running it again with the same file changes nothing.
 */
export async function writeRecords(ctx: LoadContext): Promise<void> {
  await writeAnimals(ctx);
  await writeSamples(ctx);
  await removeRecordsNotInFile(ctx);
  // The last validation's summary described the records before this file.
  await ctx.client.query(`UPDATE submissions SET validation_summary = NULL WHERE id = $1`, [ctx.submissionId]);
}

/** Record status after a reload; `changed` and `accession` are the plan's, `a` the stored row. */
const STATUS_AFTER = `CASE WHEN a.accession IS NULL THEN 'loaded' WHEN p.changed THEN 'need_revision' ELSE a.status END`;
const NEEDS_UPDATE = `(p.changed OR (a.accession IS NULL AND (a.status <> 'loaded' OR p.accession IS NOT NULL)))`;

/**
 * New animals get their ids from the sequence up front, so parents are linked in the same INSERT
 * whatever their order in the file (the foreign key is checked at the end of the statement).
 */
async function writeAnimals(ctx: LoadContext): Promise<void> {
  await ctx.client.query(
    `CREATE TEMP TABLE plan_animals ON COMMIT DROP AS
     SELECT r.seq, r.name, r.alternative_id, r.description, ab.breed_id, sx.id AS sex_id, r.birth_date, r.birth_location,
       r.latitude, r.longitude, COALESCE(r.accuracy, ${NO_LOCATION}) AS accuracy, r.accession,
       fa.name AS father, mo.name AS mother, e.id AS existing_id,
       COALESCE(e.id, nextval(pg_get_serial_sequence('animals', 'id'))::int) AS id,
       (e.id IS NOT NULL AND (e.alternative_id IS DISTINCT FROM r.alternative_id OR e.description IS DISTINCT FROM r.description
         OR e.breed_id IS DISTINCT FROM ab.breed_id OR e.sex_id IS DISTINCT FROM sx.id OR e.birth_date IS DISTINCT FROM r.birth_date
         OR e.birth_location IS DISTINCT FROM r.birth_location OR e.birth_location_latitude IS DISTINCT FROM r.latitude
         OR e.birth_location_longitude IS DISTINCT FROM r.longitude
         OR e.birth_location_accuracy IS DISTINCT FROM COALESCE(r.accuracy, ${NO_LOCATION})
         OR ef.name IS DISTINCT FROM fa.name OR em.name IS DISTINCT FROM mo.name)) AS changed
     FROM file_animals f JOIN import_rows r ON r.seq = f.seq
     ${animalBreedJoin('ab', 'r')}
     LEFT JOIN sex_map sx ON sx.raw = r.sex
     LEFT JOIN file_animals fa ON fa.name = r.father
     LEFT JOIN file_animals mo ON mo.name = r.mother
     LEFT JOIN animals e ON e.submission_id = $1 AND e.name = r.name
     LEFT JOIN animals ef ON ef.id = e.father_id
     LEFT JOIN animals em ON em.id = e.mother_id
     ORDER BY r.seq`,
    [ctx.submissionId],
  );
  await ctx.client.query(`ANALYZE plan_animals`);
  const parents = `LEFT JOIN plan_animals pf ON pf.name = p.father LEFT JOIN plan_animals pm ON pm.name = p.mother`;
  // New animals first: an updated animal may now have a new one as parent.
  await ctx.client.query(
    `INSERT INTO animals (id, name, alternative_id, description, breed_id, sex_id, birth_date, birth_location, birth_location_latitude,
       birth_location_longitude, birth_location_accuracy, father_id, mother_id, accession, status, submission_id, owner_id)
     SELECT p.id, p.name, p.alternative_id, p.description, p.breed_id, p.sex_id, p.birth_date, p.birth_location, p.latitude,
       p.longitude, p.accuracy, pf.id, pm.id, p.accession, 'loaded', $1, $2
     FROM plan_animals p ${parents}
     WHERE p.existing_id IS NULL ORDER BY p.seq`,
    [ctx.submissionId, ctx.ownerId],
  );
  await ctx.client.query(
    `UPDATE animals a SET alternative_id = p.alternative_id, description = p.description, breed_id = p.breed_id, sex_id = p.sex_id,
       birth_date = p.birth_date, birth_location = p.birth_location, birth_location_latitude = p.latitude,
       birth_location_longitude = p.longitude, birth_location_accuracy = p.accuracy, father_id = pf.id, mother_id = pm.id,
       accession = COALESCE(a.accession, p.accession), status = ${STATUS_AFTER},
       validation = CASE WHEN p.changed THEN NULL ELSE a.validation END,
       last_changed_at = CASE WHEN p.changed THEN now() ELSE a.last_changed_at END
     FROM plan_animals p ${parents}
     WHERE a.id = p.existing_id AND ${NEEDS_UPDATE}`,
  );
  await ctx.client.query(
    `DELETE FROM validation_results v USING plan_animals p WHERE p.changed AND v.animal_id = p.existing_id`,
  );
}

const term = (alias: string, vocabulary: string, column: string) =>
  `LEFT JOIN term_map ${alias} ON ${alias}.vocabulary = '${vocabulary}' AND ${alias}.raw = r.${column}`;

/**
 * The staged samples resolved to ids, with `existing` the stored sample of the same name: inner
 * joined for the update, anti-joined for the insert, so each statement reads only what it needs.
 */
const samplePlan = (existing: 'JOIN' | 'LEFT JOIN') => `
  SELECT r.seq, r.name, r.alternative_id, r.description, an.id AS animal_id, r.protocol, r.collection_date, r.collection_place,
    r.latitude, r.longitude, COALESCE(r.accuracy, ${NO_LOCATION}) AS accuracy, op.id AS organism_part_id,
    ds.id AS developmental_stage_id, ps.id AS physiological_stage_id, r.age, r.age_unit, r.availability, r.storage,
    r.storage_processing, r.prep_interval, r.prep_interval_unit, pub.id AS publication_id, r.accession, e.id AS existing_id,
    (e.id IS NOT NULL AND (e.alternative_id IS DISTINCT FROM r.alternative_id OR e.description IS DISTINCT FROM r.description
      OR e.animal_id IS DISTINCT FROM an.id OR e.collection_protocol IS DISTINCT FROM r.protocol
      OR e.collection_date IS DISTINCT FROM r.collection_date OR e.collection_place IS DISTINCT FROM r.collection_place
      OR e.collection_place_latitude IS DISTINCT FROM r.latitude OR e.collection_place_longitude IS DISTINCT FROM r.longitude
      OR e.collection_place_accuracy IS DISTINCT FROM COALESCE(r.accuracy, ${NO_LOCATION})
      OR e.organism_part_id IS DISTINCT FROM op.id OR e.developmental_stage_id IS DISTINCT FROM ds.id
      OR e.physiological_stage_id IS DISTINCT FROM ps.id OR e.animal_age_at_collection IS DISTINCT FROM r.age
      OR e.animal_age_at_collection_unit IS DISTINCT FROM r.age_unit OR e.availability IS DISTINCT FROM r.availability
      OR e.storage IS DISTINCT FROM r.storage OR e.storage_processing IS DISTINCT FROM r.storage_processing
      OR e.preparation_interval IS DISTINCT FROM r.prep_interval OR e.preparation_interval_unit IS DISTINCT FROM r.prep_interval_unit
      OR e.publication_id IS DISTINCT FROM pub.id)) AS changed
  FROM import_rows r
  ${existing} samples e ON e.submission_id = $1 AND e.name = r.name
  JOIN animals an ON an.submission_id = $1 AND an.name = r.animal
  ${term('op', 'organism_part', 'organism_part')}
  ${term('ds', 'developmental_stage', 'developmental_stage')}
  ${term('ps', 'physiological_stage', 'physiological_stage')}
  LEFT JOIN publications pub ON pub.doi = r.doi
  WHERE r.kind = 's'`;

async function writeSamples(ctx: LoadContext): Promise<void> {
  await ctx.client.query(
    `WITH updated AS (
       UPDATE samples a SET alternative_id = p.alternative_id, description = p.description, animal_id = p.animal_id,
         collection_protocol = p.protocol, collection_date = p.collection_date, collection_place = p.collection_place,
         collection_place_latitude = p.latitude, collection_place_longitude = p.longitude, collection_place_accuracy = p.accuracy,
         organism_part_id = p.organism_part_id, developmental_stage_id = p.developmental_stage_id,
         physiological_stage_id = p.physiological_stage_id, animal_age_at_collection = p.age, animal_age_at_collection_unit = p.age_unit,
         availability = p.availability, storage = p.storage, storage_processing = p.storage_processing,
         preparation_interval = p.prep_interval, preparation_interval_unit = p.prep_interval_unit, publication_id = p.publication_id,
         accession = COALESCE(a.accession, p.accession), status = ${STATUS_AFTER},
         validation = CASE WHEN p.changed THEN NULL ELSE a.validation END,
         last_changed_at = CASE WHEN p.changed THEN now() ELSE a.last_changed_at END
       FROM (${samplePlan('JOIN')}) p WHERE a.id = p.existing_id AND ${NEEDS_UPDATE}
       RETURNING a.id, p.changed)
     DELETE FROM validation_results v USING updated u WHERE u.changed AND v.sample_id = u.id`,
    [ctx.submissionId],
  );
  await ctx.client.query(
    `INSERT INTO samples (name, alternative_id, description, animal_id, collection_protocol, collection_date, collection_place,
       collection_place_latitude, collection_place_longitude, collection_place_accuracy, organism_part_id, developmental_stage_id,
       physiological_stage_id, animal_age_at_collection, animal_age_at_collection_unit, availability, storage, storage_processing,
       preparation_interval, preparation_interval_unit, publication_id, accession, status, submission_id, owner_id)
     SELECT name, alternative_id, description, animal_id, protocol, collection_date, collection_place, latitude, longitude, accuracy,
       organism_part_id, developmental_stage_id, physiological_stage_id, age, age_unit, availability, storage, storage_processing,
       prep_interval, prep_interval_unit, publication_id, accession, 'loaded', $1, $2
     FROM (${samplePlan('LEFT JOIN')}) p WHERE p.existing_id IS NULL ORDER BY p.seq`,
    [ctx.submissionId, ctx.ownerId],
  );
}

/** Records the new file no longer has go; one already in BioSamples is named, as its public record stays. */
async function removeRecordsNotInFile(ctx: LoadContext): Promise<void> {
  for (const [table, kind, label] of [['samples', 's', 'Sample'], ['animals', 'a', 'Animal']] as const) {
    const removed = await rowsOf<{ name: string; accession: string; total: number }>(
      ctx,
      `WITH gone AS (
         DELETE FROM ${table} e WHERE e.submission_id = $1
           AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.kind = '${kind}' AND r.name = e.name)
         RETURNING e.name, e.accession)
       SELECT name, accession, count(*) OVER ()::int AS total FROM gone WHERE accession IS NOT NULL ORDER BY name LIMIT 1000`,
      [ctx.submissionId],
    );
    for (const r of removed) {
      ctx.problems.add({
        level: 'warning',
        value: r.name,
        message: `${label} ${quote(r.name)} (${r.accession}) is not in the new file and was removed here; its BioSamples record is not changed`,
      });
    }
    ctx.problems.countUnkept('warning', (removed[0]?.total ?? 0) - removed.length);
  }
}
