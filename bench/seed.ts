/**
 * `npm run bench:seed`: fills the bench database (bench/bench-database.ts) with 10 curators, an
 * admin, 200 submissions of uneven sizes, 200,000 animals and 1,000,000 samples, a share of them
 * validated (with validation results) and a share submitted (with accessions). Everything is
 * generated inside PostgreSQL (INSERT … SELECT generate_series) in one transaction, then
 * VACUUM ANALYZE. Running it again on a seeded database only reports what is there.
 *
 *   npm run bench:seed                       # embedded server in data/bench-postgres
 *   BENCH_DATABASE_URL=postgres://… npm run bench:seed
 */
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../core/users/passwords.js';
import { openBenchDatabase } from './bench-database.js';
import {
  ANIMALS, BENCH_PASSWORD, CURATORS, SAMPLES, SUBMISSIONS, benchAdminEmail, benchCuratorEmail, seedPlan, type PlannedSubmission,
} from './seed-plan.js';

const BREEDS: Record<string, string[]> = {
  'Bos taurus': ['Holstein Friesian', 'Chianina', 'Charolais', 'Limousin', 'Podolica', 'Brown Swiss'],
  'Gallus gallus': ['Leghorn', 'Sussex', 'Bresse', 'Padovana'],
  'Sus scrofa': ['Large White', 'Cinta Senese', 'Duroc', 'Mangalica', 'Pietrain'],
  'Ovis aries': ['Merino', 'Sarda', 'Texel', 'Lacaune'],
  'Capra hircus': ['Saanen', 'Alpine', 'Girgentana'],
  'Equus caballus': ['Haflinger', 'Lipizzan', 'Andalusian'],
};
const COUNTRIES = ['Italy', 'France', 'Germany', 'Spain', 'Netherlands', 'Hungary', 'Poland', 'Portugal'];

const ERROR_MESSAGE = [{ field: 'Collection date', level: 'error', message: "Collection date: '12/03/2019' is not written as YYYY-MM-DD", key: 'date_format:Collection date:YYYY-MM-DD' }];
const WARNING_MESSAGE = [{ field: 'Availability', level: 'warning', message: 'Availability has an empty value: give one or remove it', key: 'empty_value:Availability' }];
const ANIMAL_ERROR = [{ field: 'Sex', level: 'error', message: "Sex: 'M' is not one of male, female, record of unknown sex", key: 'not_allowed:Sex:M' }];
const ANIMAL_WARNING = [{ field: 'Birth location', level: 'warning', message: 'Birth location has an empty value: give one or remove it', key: 'empty_value:Birth location' }];

/** Pseudo-random 0..999 per row id, the same on every run. */
const HASH = (id: string) => `((${id})::bigint * 2654435761 % 1000)`;

/** A record's level from its submission's status and its hash: need_revision has errors, ready only warnings. */
const LEVEL = (id: string) => `CASE p.status
  WHEN 'loaded' THEN NULL
  WHEN 'completed' THEN 'pass'
  WHEN 'need_revision' THEN CASE WHEN ${HASH(id)} < 50 THEN 'error' WHEN ${HASH(id)} < 150 THEN 'warning' ELSE 'pass' END
  ELSE CASE WHEN ${HASH(id)} < 100 THEN 'warning' ELSE 'pass' END END`;

const STATUS_OF = `CASE WHEN p.status = 'completed' THEN 'completed' WHEN v.level IS NULL THEN 'loaded'
  WHEN v.level = 'error' THEN 'need_revision' ELSE 'ready' END`;

async function seededAlready(m: EntityManager): Promise<boolean> {
  const rows = await m.query(`SELECT 1 FROM users WHERE email = $1`, [benchAdminEmail]);
  return rows.length > 0;
}

async function insertUsers(m: EntityManager): Promise<number[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const emails = Array.from({ length: CURATORS }, (_, i) => benchCuratorEmail(i));
  const curators: { id: number }[] = await m.query(
    `INSERT INTO users (email, password_hash, role, first_name, last_name, person_role_id, organization_id)
     SELECT e, $2, 'curator', 'Curator', 'Bench ' || n, (SELECT id FROM roles WHERE label = 'submitter'),
            (SELECT id FROM organizations ORDER BY id OFFSET n % 10 LIMIT 1)
     FROM unnest($1::varchar[]) WITH ORDINALITY AS u(e, n) ORDER BY n RETURNING id`,
    [emails, hash],
  );
  await m.query(`INSERT INTO users (email, password_hash, role, first_name, last_name) VALUES ($1, $2, 'admin', 'Admin', 'Bench')`, [benchAdminEmail, hash]);
  return curators.map((c) => c.id);
}

/** The breeds of BREEDS, each supplied in one of COUNTRIES, half of them mapped; ids grouped by species. */
async function insertBreeds(m: EntityManager): Promise<number[][]> {
  const groups: number[][] = [];
  for (const [species, names] of Object.entries(BREEDS)) {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO breeds (supplied_breed, label, term, confidence, species_id, country_id)
       SELECT b, CASE WHEN n % 2 = 1 THEN b END, CASE WHEN n % 2 = 1 THEN 'LBO_' || lpad((1000 + n)::text, 7, '0') END,
              CASE WHEN n % 2 = 1 THEN 'good' END, s.id, c.id
       FROM unnest($1::varchar[]) WITH ORDINALITY AS u(b, n)
       JOIN species s ON s.label = $2 JOIN countries c ON c.label = ($3::varchar[])[1 + (n % $4)]
       ON CONFLICT (supplied_breed, country_id, species_id) DO UPDATE SET supplied_breed = EXCLUDED.supplied_breed
       RETURNING id`,
      [names, species, COUNTRIES, COUNTRIES.length],
    );
    groups.push(rows.map((r) => r.id));
  }
  return groups;
}

/** The plan as a temporary table with explicit id ranges, so parents and animals of samples are arithmetic. */
async function createPlanTable(m: EntityManager, plan: PlannedSubmission[], curators: number[], breeds: number[][]): Promise<void> {
  const [{ s, a, x }] = await m.query(
    `SELECT (SELECT coalesce(max(id), 0) FROM submissions) AS s, (SELECT coalesce(max(id), 0) FROM animals) AS a,
            (SELECT coalesce(max(id), 0) FROM samples) AS x`,
  );
  let animalFirst = Number(a) + 1;
  let sampleFirst = Number(x) + 1;
  const rows = plan.map((p) => {
    const row = {
      sub_id: Number(s) + 1 + p.seq, seq: p.seq, owner_id: curators[p.curator], status: p.status,
      animals_n: p.animals, animal_first: animalFirst, samples_n: p.samples, sample_first: sampleFirst,
      breed_ids: `{${breeds[p.species % breeds.length].join(',')}}`,
    };
    animalFirst += p.animals;
    sampleFirst += p.samples;
    return row;
  });
  await m.query(`CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(sub_id int, seq int, owner_id int, status text, animals_n int,
      animal_first int, samples_n int, sample_first int, breed_ids int[])`, [JSON.stringify(rows)]);
}

async function insertSubmissions(m: EntityManager): Promise<void> {
  await m.query(`INSERT INTO submissions (id, title, description, gene_bank_name, gene_bank_country_id, datasource_type,
      datasource_version, status, message, owner_id, organization_id, release_date, created_at, updated_at)
    SELECT p.sub_id, 'Bench gene bank ' || p.seq, 'Generated by npm run bench:seed', 'Bench gene bank ' || p.seq,
      (SELECT id FROM countries WHERE label = ($1::varchar[])[1 + p.seq % $2]), (ARRAY['template', 'crbanim', 'cryoweb'])[1 + p.seq % 3],
      '1.' || p.seq, p.status,
      CASE p.status WHEN 'loaded' THEN 'Loaded' WHEN 'need_revision' THEN 'Validation found errors: fix them and validate again'
        WHEN 'ready' THEN 'validated' ELSE 'submitted to BioSamples' END,
      p.owner_id, u.organization_id, CASE WHEN p.status = 'completed' THEN DATE '2027-01-01' END,
      now() - make_interval(days => 400 - p.seq), now() - make_interval(days => 200 - p.seq, hours => p.seq % 24)
    FROM bench_plan p JOIN users u ON u.id = p.owner_id`, [COUNTRIES, COUNTRIES.length]);
}

async function insertAnimals(m: EntityManager): Promise<void> {
  const id = 'p.animal_first + k';
  await m.query(`INSERT INTO animals (id, name, alternative_id, accession, status, validation, submission_id, owner_id, breed_id,
      sex_id, father_id, mother_id, birth_date, birth_location, birth_location_latitude, birth_location_longitude,
      birth_location_accuracy, created_at, last_changed_at, last_submitted_at)
    SELECT ${id}, 'ANIMAL-' || p.seq || '-' || k, CASE WHEN k % 3 = 0 THEN 'HB' || (100000 + k) END,
      CASE WHEN p.status = 'completed' THEN 'SAMEA' || (10000000 + ${id}) END, ${STATUS_OF}, v.level, p.sub_id, p.owner_id,
      p.breed_ids[1 + k % cardinality(p.breed_ids)],
      CASE WHEN k % 50 = 49 THEN $3::int WHEN k % 2 = 1 THEN $1::int ELSE $2::int END,
      CASE WHEN k >= 2 AND k % 5 < 3 THEN p.animal_first + k - 1 - k % 2 END,
      CASE WHEN k >= 2 AND k % 5 < 3 THEN p.animal_first + k - 1 - ((k - 1) % 2) END,
      to_char(DATE '2005-01-01' + (${HASH(id)} * 5)::int, 'YYYY-MM-DD'),
      CASE WHEN k % 2 = 0 THEN 'Farm ' || (k % 40) END,
      CASE WHEN k % 2 = 0 THEN 40 + (k % 40) / 10.0 END, CASE WHEN k % 2 = 0 THEN 10 + (k % 40) / 10.0 END,
      CASE WHEN k % 2 = 0 THEN 'precise coordinates' ELSE 'missing geographic information' END,
      s.created_at, s.updated_at, CASE WHEN p.status = 'completed' THEN s.updated_at END
    FROM bench_plan p JOIN submissions s ON s.id = p.sub_id
    CROSS JOIN generate_series(0, p.animals_n - 1) AS k
    CROSS JOIN LATERAL (SELECT ${LEVEL(id)} AS level) v`,
  await sexIds(m));
}

async function sexIds(m: EntityManager): Promise<number[]> {
  const rows: { label: string; id: number }[] = await m.query(`SELECT label, id FROM sexes`);
  const of = (label: string) => rows.find((r) => r.label === label)!.id;
  return [of('male'), of('female'), of('record of unknown sex')];
}

async function insertSamples(m: EntityManager): Promise<void> {
  const id = 'p.sample_first + k';
  await m.query(`INSERT INTO samples (id, name, alternative_id, accession, status, validation, submission_id, owner_id, animal_id,
      organism_part_id, developmental_stage_id, physiological_stage_id, collection_date, collection_place,
      collection_place_latitude, collection_place_longitude, collection_place_accuracy, animal_age_at_collection,
      animal_age_at_collection_unit, availability, storage, storage_processing, preparation_interval,
      preparation_interval_unit, collection_protocol, created_at, last_changed_at, last_submitted_at)
    SELECT ${id}, 'SAMPLE-' || p.seq || '-' || k, CASE WHEN k % 4 = 0 THEN 'STRAW-' || k END,
      CASE WHEN p.status = 'completed' THEN 'SAMEA' || (20000000 + ${id}) END, ${STATUS_OF}, v.level, p.sub_id, p.owner_id,
      p.animal_first + k % p.animals_n,
      (SELECT array_agg(id ORDER BY id) FROM organism_parts)[1 + (k / 7) % 3],
      (SELECT min(id) FROM developmental_stages), (SELECT min(id) FROM physiological_stages),
      to_char(DATE '2010-01-01' + (${HASH(id)} * 4)::int, 'YYYY-MM-DD'),
      CASE WHEN k % 3 = 0 THEN 'Centre ' || (k % 12) END,
      CASE WHEN k % 3 = 0 THEN 44 + (k % 12) / 10.0 END, CASE WHEN k % 3 = 0 THEN 11 + (k % 12) / 10.0 END,
      CASE WHEN k % 3 = 0 THEN 'region level' ELSE 'missing geographic information' END,
      1 + ${HASH(id)} % 8, 'years', CASE WHEN k % 5 <> 0 THEN 'mailto:genebank@example.org' END,
      'frozen, liquid nitrogen', 'cryopreservation in liquid nitrogen (dead tissue)', 2 + k % 5, 'hours',
      'Straws frozen in liquid nitrogen', s.created_at, s.updated_at, CASE WHEN p.status = 'completed' THEN s.updated_at END
    FROM bench_plan p JOIN submissions s ON s.id = p.sub_id
    CROSS JOIN generate_series(0, p.samples_n - 1) AS k
    CROSS JOIN LATERAL (SELECT ${LEVEL(id)} AS level) v`);
}

/** One result per validated record, as the validation job stores them. */
async function insertValidationResults(m: EntityManager): Promise<void> {
  for (const [type, table, error, warning] of [['animal', 'animals', ANIMAL_ERROR, ANIMAL_WARNING], ['sample', 'samples', ERROR_MESSAGE, WARNING_MESSAGE]] as const) {
    await m.query(`INSERT INTO validation_results (record_type, level, messages, validated_at, submission_id, owner_id, ${type}_id)
      SELECT $1, r.validation, CASE r.validation WHEN 'error' THEN $2::jsonb WHEN 'warning' THEN $3::jsonb ELSE '[]'::jsonb END,
        s.updated_at, r.submission_id, r.owner_id, r.id
      FROM ${table} r JOIN bench_plan p ON p.sub_id = r.submission_id JOIN submissions s ON s.id = r.submission_id
      WHERE r.validation IS NOT NULL`, [type, JSON.stringify(error), JSON.stringify(warning)]);
  }
}

/** What the validation job leaves on a submission, so GET /api/submissions/:id/validation has something to show. */
async function writeValidationSummaries(m: EntityManager): Promise<void> {
  await m.query(`WITH c AS (
      SELECT p.sub_id, t.type, count(*) FILTER (WHERE t.level = 'pass') AS pass, count(*) FILTER (WHERE t.level = 'warning') AS warning,
             count(*) FILTER (WHERE t.level = 'error') AS error
      FROM bench_plan p CROSS JOIN LATERAL (
        SELECT 'animals' AS type, validation AS level FROM animals WHERE submission_id = p.sub_id
        UNION ALL SELECT 'samples', validation FROM samples WHERE submission_id = p.sub_id) t
      WHERE p.status <> 'loaded' GROUP BY p.sub_id, t.type),
    j AS (SELECT sub_id, jsonb_object_agg(type, jsonb_build_object('counts', jsonb_build_object('pass', pass, 'warning', warning, 'error', error),
        'messages', '[]'::jsonb)) AS per_type, sum(pass) AS pass, sum(warning) AS warning, sum(error) AS error FROM c GROUP BY sub_id)
    UPDATE submissions s SET validation_summary = jsonb_build_object('validatedAt', s.updated_at,
      'counts', jsonb_build_object('pass', j.pass, 'warning', j.warning, 'error', j.error), 'uncheckedTerms', '[]'::jsonb) || j.per_type
    FROM j WHERE j.sub_id = s.id`);
}

async function setSequences(m: EntityManager): Promise<void> {
  for (const table of ['submissions', 'animals', 'samples']) {
    await m.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
}

async function timed(label: string, step: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await step();
  console.log(`  ${label.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function report(m: EntityManager): Promise<void> {
  const [counts] = await m.query(`SELECT
      (SELECT count(*)::int FROM users WHERE email LIKE 'bench-curator-%') AS curators,
      (SELECT count(*)::int FROM submissions s JOIN users u ON u.id = s.owner_id WHERE u.email LIKE 'bench-%') AS submissions,
      (SELECT count(*)::int FROM animals) AS animals, (SELECT count(*)::int FROM samples) AS samples,
      (SELECT count(*)::int FROM samples WHERE accession IS NOT NULL) AS accessioned,
      (SELECT count(*)::int FROM validation_results) AS "validationResults"`);
  const biggest = await m.query(`SELECT s.id, s.status, u.email AS owner, count(x.id)::int AS samples
    FROM submissions s JOIN users u ON u.id = s.owner_id JOIN samples x ON x.submission_id = s.id
    GROUP BY s.id, u.email ORDER BY samples DESC LIMIT 3`);
  const smallest = await m.query(`SELECT min(n)::int AS min, percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS median, max(n)::int AS max
    FROM (SELECT count(*) AS n FROM samples GROUP BY submission_id) t`);
  console.log(JSON.stringify({ ...counts, samplesPerSubmission: smallest[0], biggest, password: BENCH_PASSWORD, admin: benchAdminEmail }, null, 1));
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  console.log(`bench database: ${bench.where}`);
  try {
    if (await seededAlready(bench.ds.manager)) {
      console.log('already seeded; nothing to do');
    } else {
      const started = performance.now();
      console.log(`seeding ${CURATORS} curators, ${SUBMISSIONS} submissions, ${ANIMALS} animals, ${SAMPLES} samples`);
      await bench.ds.transaction(async (m) => {
        // Rows are consistent by construction: skip the per-row foreign key triggers (a superuser may).
        const [{ rolsuper }] = await m.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
        if (rolsuper) await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`SET LOCAL synchronous_commit = off`);
        let curators: number[] = [];
        let breeds: number[][] = [];
        await timed('users and breeds', async () => {
          curators = await insertUsers(m);
          breeds = await insertBreeds(m);
        });
        await createPlanTable(m, seedPlan(breeds.length), curators, breeds);
        await timed('submissions', () => insertSubmissions(m));
        await timed('animals', () => insertAnimals(m));
        await timed('samples', () => insertSamples(m));
        await timed('validation results', () => insertValidationResults(m));
        await timed('validation summaries', () => writeValidationSummaries(m));
        await setSequences(m);
      });
      await timed('vacuum analyze', async () => {
        for (const table of ['submissions', 'animals', 'samples', 'validation_results', 'users', 'breeds']) await bench.ds.query(`VACUUM ANALYZE ${table}`);
      });
      console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await report(bench.ds.manager);
  } finally {
    await bench.close();
  }
}

await main();
