import crypto from 'node:crypto';
import { db } from '../core/db/data-source.js';
import type { DatasourceType, RecordStatus, SubmissionStatus, UserRole, ValidationLevel } from '../core/db/entities/enums.js';
import { hashPassword } from '../core/users/passwords.js';
import { createApiToken } from '../core/users/tokens.js';

/** Rows for tests, written to the real test database with sensible defaults. */

export const TEST_PASSWORD = 'test-password-1';
let testPasswordHash: Promise<string> | undefined;

const unique = (prefix: string): string => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: UserRole;
  firstName: string;
  lastName: string;
}

export async function createUser(options: Partial<Omit<TestUser, 'id'>> & { active?: boolean; organization?: string } = {}): Promise<TestUser> {
  const role = options.role ?? 'curator';
  const firstName = options.firstName ?? unique(role === 'admin' ? 'Ada' : 'Cura');
  const lastName = options.lastName ?? unique('Tor');
  const email = (options.email ?? `${unique(role)}@example.org`).toLowerCase();
  const password = options.password ?? TEST_PASSWORD;
  const hash = password === TEST_PASSWORD ? await (testPasswordHash ??= hashPassword(TEST_PASSWORD)) : await hashPassword(password);
  const [{ id }] = await db().query(
    `INSERT INTO users (email, password_hash, role, active, first_name, last_name, person_role_id, organization_id)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM roles WHERE label = 'submitter'),
             (SELECT id FROM organizations WHERE name = $7 ORDER BY id LIMIT 1))
     RETURNING id`,
    [email, hash, role, options.active ?? true, firstName, lastName, options.organization ?? null],
  );
  return { id, email, password, role, firstName, lastName };
}

export interface SubmissionOptions {
  title?: string;
  status?: SubmissionStatus;
  geneBankName?: string;
  geneBankCountry?: string;
  datasourceType?: DatasourceType;
  datasourceVersion?: string;
  message?: string;
  file?: { name: string; content: Buffer; mimeType?: string };
}

export async function createSubmission(ownerId: number, options: SubmissionOptions = {}): Promise<{ id: number; title: string }> {
  const title = options.title ?? unique('Submission');
  let fileId: number | null = null;
  if (options.file) {
    [{ id: fileId }] = await db().query(
      `INSERT INTO uploaded_files (name, size, mime_type, content, owner_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [options.file.name, options.file.content.length, options.file.mimeType ?? 'application/octet-stream', options.file.content, ownerId],
    );
  }
  const [{ id }] = await db().query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, message, owner_id, file_id)
     VALUES ($1, $2, (SELECT id FROM countries WHERE label = $3), $4, $5, $6, $7, $8, $9) RETURNING id`,
    [title, options.geneBankName ?? unique('Genebank'), options.geneBankCountry ?? 'Italy', options.datasourceType ?? 'template',
      options.datasourceVersion ?? '1.0', options.status ?? 'loaded', options.message ?? '', ownerId, fileId],
  );
  return { id, title };
}

/** Runs SQL and answers its rows. */
export type RowsQuery = (sql: string, params: unknown[]) => Promise<{ id: number }[]>;

/**
 * A breed of `species` (scientific name) supplied in `country`, created as the importer would; once,
 * then reused. `query` runs it on a connection of the caller's instead of the process's DataSource.
 */
export async function ensureBreed(
  suppliedBreed = 'Test breed', species = 'Sus scrofa', country = 'Italy', query: RowsQuery = (sql, params) => db().query(sql, params),
): Promise<number> {
  const [{ id }] = await query(
    `WITH ins AS (
       INSERT INTO breeds (supplied_breed, species_id, country_id)
       SELECT $1, s.id, c.id FROM species s, countries c WHERE s.label = $2 AND c.label = $3
       ON CONFLICT (supplied_breed, country_id, species_id) DO NOTHING RETURNING id)
     SELECT id FROM ins UNION ALL
     SELECT b.id FROM breeds b JOIN species s ON s.id = b.species_id JOIN countries c ON c.id = b.country_id
     WHERE b.supplied_breed = $1 AND s.label = $2 AND c.label = $3`,
    [suppliedBreed, species, country],
  );
  return id;
}

export interface RecordOptions {
  name?: string;
  status?: RecordStatus;
  validation?: ValidationLevel | null;
}

/** An animal of a submission, owned by the submission's owner. */
export async function createAnimal(submissionId: number, options: RecordOptions & { breedId?: number; sex?: string } = {}): Promise<{ id: number; name: string }> {
  const name = options.name ?? unique('animal');
  const breedId = options.breedId ?? (await ensureBreed());
  const [{ id }] = await db().query(
    `INSERT INTO animals (name, status, validation, submission_id, owner_id, breed_id, sex_id)
     SELECT $1, $2, $3, s.id, s.owner_id, $4, (SELECT id FROM sexes WHERE label = $5) FROM submissions s WHERE s.id = $6
     RETURNING id`,
    [name, options.status ?? 'loaded', options.validation ?? null, breedId, options.sex ?? 'female', submissionId],
  );
  return { id, name };
}

/** A sample of an animal, in the animal's submission and owned by its owner. */
export async function createSample(animalId: number, options: RecordOptions & { organismPart?: string } = {}): Promise<{ id: number; name: string }> {
  const name = options.name ?? unique('sample');
  const [{ id }] = await db().query(
    `INSERT INTO samples (name, status, validation, submission_id, owner_id, animal_id, organism_part_id, collection_date)
     SELECT $1, $2, $3, a.submission_id, a.owner_id, a.id, (SELECT id FROM organism_parts WHERE label = $4), '2020-01-01'
     FROM animals a WHERE a.id = $5
     RETURNING id`,
    [name, options.status ?? 'loaded', options.validation ?? null, options.organismPart ?? 'semen', animalId],
  );
  return { id, name };
}

/** A validation result for an animal or a sample (and the record's `validation` column set to match). */
export async function createValidationResult(
  record: { animalId?: number; sampleId?: number },
  level: ValidationLevel = 'error',
  messages: { field: string; level: 'warning' | 'error'; message: string; key: string }[] = [],
): Promise<{ id: number }> {
  const type = record.animalId ? 'animal' : 'sample';
  const table = type === 'animal' ? 'animals' : 'samples';
  const recordId = record.animalId ?? record.sampleId;
  const [{ id }] = await db().query(
    `INSERT INTO validation_results (submission_id, owner_id, record_type, animal_id, sample_id, level, messages)
     SELECT r.submission_id, r.owner_id, $1, $2, $3, $4, $5 FROM ${table} r WHERE r.id = $6 RETURNING id`,
    [type, record.animalId ?? null, record.sampleId ?? null, level, JSON.stringify(messages), recordId],
  );
  await db().query(`UPDATE ${table} SET validation = $2 WHERE id = $1`, [recordId, level]);
  return { id };
}

/** A submission with `animals` animals of `samplesPerAnimal` samples each. */
export async function createSubmissionWithRecords(ownerId: number, animals = 1, samplesPerAnimal = 1, options: SubmissionOptions = {}) {
  const submission = await createSubmission(ownerId, options);
  const animalRows = [];
  const sampleRows = [];
  for (let a = 0; a < animals; a++) {
    const animal = await createAnimal(submission.id);
    animalRows.push(animal);
    for (let s = 0; s < samplesPerAnimal; s++) sampleRows.push(await createSample(animal.id));
  }
  return { submission, animals: animalRows, samples: sampleRows };
}

export async function createToken(userId: number, name = unique('token')): Promise<{ id: number; name: string; token: string }> {
  return createApiToken(userId, name);
}
