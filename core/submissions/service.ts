import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import { DATASOURCE_TYPES, type DatasourceType, type SubmissionStatus } from '../db/entities/enums.js';
import { describeSniffed, readHead, sniff, type SniffedType } from '../import/file-type.js';
import { busyReason, canSeeOwnedBy, type Actor } from './policy.js';
import { ALLOWED_FROM, transitionIn } from './state-machine.js';
import { storeUpload, type Upload } from './files.js';
import { deleteSubmission as deleteIfIdle } from './deletion.js';

/** Why a request about a submission cannot be done; the API maps `code` to its status. */
export class SubmissionError extends Error {
  constructor(
    readonly code: 'not_found' | 'busy' | 'duplicate_submission' | 'unknown_country' | 'unsupported_file_type',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SubmissionError';
  }
}

export const submissionFields = z.object({
  title: z.string().trim().min(1, 'a title is required').max(255),
  description: z.string().trim().max(10_000).default(''),
  geneBankName: z.string().trim().min(1, 'a gene bank name is required').max(255),
  geneBankCountry: z.string().trim().min(1, 'a gene bank country is required').max(255),
  datasourceType: z.enum(DATASOURCE_TYPES),
  datasourceVersion: z.string().trim().min(1, 'a data source version is required').max(255),
});
export type SubmissionFields = z.input<typeof submissionFields>;

const WAITING_MESSAGE = 'Waiting for the import';

/** What each data source can be: an xlsx is a zip; a CSV or a dump is text (UTF-16 with a byte-order mark is read too). */
const ACCEPTED: Record<DatasourceType, { kind: string; types: SniffedType[] }> = {
  template: { kind: 'an xlsx', types: ['zip'] },
  crbanim: { kind: 'a CSV', types: ['text', 'utf16'] },
  cryoweb: { kind: 'an SQL', types: ['text', 'utf16'] },
};

/** Refuses at once a file whose first bytes show it cannot be of the data source's type; the job finds the rest. */
export async function checkUploadType(type: DatasourceType, upload: Upload): Promise<void> {
  const sniffed = sniff(await readHead(upload.path));
  if (ACCEPTED[type].types.includes(sniffed)) return;
  throw new SubmissionError('unsupported_file_type', `'${upload.originalName}' is not ${ACCEPTED[type].kind} file: ${describeSniffed(sniffed)}.`, 'file');
}

/**
 * A new submission owned by `actor`, in `waiting`, holding the upload. The caller enqueues the
 * import once this has returned (the row and the file are committed).
 */
export async function createSubmission(actor: Actor, input: SubmissionFields, upload: Upload): Promise<{ id: number; status: SubmissionStatus }> {
  const fields = submissionFields.parse(input);
  await checkUploadType(fields.datasourceType, upload);
  const countryId = await countryIdOf(fields.geneBankCountry);
  try {
    const id = await db().transaction(async (m) => {
      await refuseDuplicate(m, actor.id, fields, countryId);
      const fileId = await storeUpload(m, actor.id, upload);
      const [{ id }]: { id: number }[] = await m.query(
        `INSERT INTO submissions (title, description, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version,
           message, owner_id, organization_id, file_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, u.id, u.organization_id, $8 FROM users u WHERE u.id = $9
         RETURNING id`,
        [fields.title, fields.description, fields.geneBankName, countryId, fields.datasourceType, fields.datasourceVersion,
          WAITING_MESSAGE, fileId, actor.id],
      );
      return id;
    });
    return { id, status: 'waiting' };
  } catch (err) {
    // Two uploads racing past refuseDuplicate(): the unique index decides.
    if ((err as { code?: string }).code === '23505') throw duplicate(fields);
    throw err;
  }
}

async function countryIdOf(label: string): Promise<number> {
  const rows: { id: number }[] = await db().query(
    `SELECT id FROM countries WHERE lower(label) = lower($1) ORDER BY id LIMIT 1`, [label],
  );
  if (!rows.length) throw new SubmissionError('unknown_country', `Gene bank country '${label}' is not a known country`, 'geneBankCountry');
  return rows[0].id;
}

const duplicate = (f: z.output<typeof submissionFields>) => new SubmissionError(
  'duplicate_submission',
  `You already have a submission for gene bank '${f.geneBankName}' (${f.geneBankCountry}) with ${f.datasourceType} version '${f.datasourceVersion}': reload that one, or change the version`,
);

async function refuseDuplicate(m: EntityManager, ownerId: number, f: z.output<typeof submissionFields>, countryId: number): Promise<void> {
  const rows = await m.query(
    `SELECT 1 FROM submissions WHERE owner_id = $1 AND gene_bank_name = $2 AND gene_bank_country_id = $3
       AND datasource_type = $4 AND datasource_version = $5`,
    [ownerId, f.geneBankName, countryId, f.datasourceType, f.datasourceVersion],
  );
  if (rows.length) throw duplicate(f);
}

interface Visible {
  id: number;
  status: SubmissionStatus;
  datasource_type: DatasourceType;
  file_id: number | null;
  owner_id: number;
}

/** The submission if `actor` may see it; another curator's is "not found", never "forbidden". */
async function visibleSubmission(m: EntityManager, actor: Actor, id: number, lock = false): Promise<Visible> {
  const rows: Visible[] = await m.query(
    `SELECT id, status, datasource_type, file_id, owner_id FROM submissions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id],
  );
  if (!rows.length || !canSeeOwnedBy(actor, rows[0].owner_id)) throw new SubmissionError('not_found', 'No such submission');
  return rows[0];
}

const busy = (status: SubmissionStatus, action: string) =>
  new SubmissionError('busy', busyReason(status) ?? `The submission cannot be ${action} while it is ${status}.`);

/**
 * Replaces the submission's file and puts it back in `waiting` for a new import (which matches
 * records by name and keeps accessions). Refused unless loaded, error, need_revision, ready or completed.
 */
export async function reloadSubmission(actor: Actor, id: number, upload: Upload): Promise<{ id: number; status: SubmissionStatus }> {
  const current = await visibleSubmission(db().manager, actor, id);
  if (!(ALLOWED_FROM.import as readonly string[]).includes(current.status)) throw busy(current.status, 'reloaded');
  await checkUploadType(current.datasource_type, upload);
  const moved = await db().transaction(async (m) => {
    const locked = await visibleSubmission(m, actor, id, true);
    const t = await transitionIn(m, id, 'waiting', {
      from: ALLOWED_FROM.import, message: WAITING_MESSAGE, errors: [], progress: null,
    });
    if (!t.changed) throw busy(locked.status, 'reloaded');
    const fileId = await storeUpload(m, locked.owner_id, upload);
    await m.query(`UPDATE submissions SET file_id = $2 WHERE id = $1`, [id, fileId]);
    if (locked.file_id !== null) await m.query(`DELETE FROM uploaded_files WHERE id = $1`, [locked.file_id]);
    return t;
  });
  moved.announce();
  return { id, status: 'waiting' };
}

/** Deletes the submission, its records and file in one transaction; never touches BioSamples. */
export async function deleteSubmission(actor: Actor, id: number): Promise<void> {
  await visibleSubmission(db().manager, actor, id);
  const outcome = await deleteIfIdle(id);
  if (outcome === 'not_found') throw new SubmissionError('not_found', 'No such submission');
  if (outcome === 'busy') throw busy((await visibleSubmission(db().manager, actor, id)).status, 'deleted');
}
