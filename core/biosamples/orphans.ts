import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import type { RecordType } from '../db/entities/enums.js';
import type { OrphanReason } from '../db/entities/orphaned-record.js';
import type { ImageRecord } from '../records/image-record.js';
import { isAdmin, type Actor } from '../submissions/policy.js';
import { BioSamplesClient } from './client.js';
import { BioSamplesRejected } from './errors.js';
import { ALIAS_CHARACTERISTIC, type BioSample } from './sample.js';
import { ontologyIri, releaseDateTime } from './serializer.js';
import { checkWebinLogin } from './request-submission.js';
import type { WebinCredentials } from './webin-auth.js';

/**
 * Samples InjectTool created at BioSamples that no record stands for any more. Deleting a
 * submission never deletes anything at BioSamples (nothing can be deleted there): its records'
 * accessions are kept here, in the same transaction as the delete, so an admin can later suppress
 * them (a PUT keeping them private for a century, saying they were withdrawn), as the original did.
 */

/** Call inside the transaction that deletes the submission, before the delete. */
export async function recordOrphans(m: EntityManager, submissionId: number): Promise<number> {
  const inserted: unknown[] = await m.query(
    `INSERT INTO orphaned_records (accession, alias, name, record_type, species, species_term, owner_id, submission_title, reason)
     SELECT r.accession, r.alias, r.name, r.record_type, sp.label, sp.term, s.owner_id, s.title, 'submission deleted'
       FROM (SELECT a.accession, a.alias, a.name, 'animal' AS record_type, a.breed_id, a.submission_id, a.accession_requested_at
               FROM animals a WHERE a.submission_id = $1
             UNION ALL
             SELECT x.accession, x.alias, x.name, 'sample', a.breed_id, x.submission_id, x.accession_requested_at
               FROM samples x JOIN animals a ON a.id = x.animal_id WHERE x.submission_id = $1) r
       JOIN submissions s ON s.id = r.submission_id
       LEFT JOIN breeds b ON b.id = r.breed_id
       LEFT JOIN species sp ON sp.id = b.species_id
      WHERE r.accession IS NOT NULL OR r.accession_requested_at IS NOT NULL
     ON CONFLICT (accession) WHERE accession IS NOT NULL DO NOTHING
     RETURNING id`,
    [submissionId],
  );
  return inserted.length;
}

/** Other samples found with a record's alias (left by an earlier failure): the record keeps the oldest. */
export async function recordDuplicates(record: ImageRecord, accessions: string[]): Promise<void> {
  const species = record.attributes.Species?.[0];
  await db().query(
    `INSERT INTO orphaned_records (accession, alias, name, record_type, species, species_term, owner_id, submission_title, reason)
     SELECT a, $2, $3, $4, $5, $6, s.owner_id, s.title, 'duplicate' FROM submissions s, unnest($1::varchar[]) a WHERE s.id = $7
     ON CONFLICT (accession) WHERE accession IS NOT NULL DO NOTHING`,
    [accessions, record.alias, record.name, record.recordType, species ? String(species.value) : null, species?.terms?.[0] ?? null, record.submissionId],
  );
}

export interface OrphanView {
  id: number;
  accession: string | null;
  alias: string;
  name: string;
  recordType: RecordType;
  species: string | null;
  owner: { id: number; email: string } | null;
  submissionTitle: string;
  reason: OrphanReason;
  deletedAt: string;
  suppressedAt: string | null;
  suppressMessage: string | null;
}

export class OrphanError extends Error {
  constructor(
    readonly code: 'forbidden' | 'not_found' | 'in_use' | 'biosamples_refused',
    message: string,
  ) {
    super(message);
    this.name = 'OrphanError';
  }
}

const ORPHAN_SQL = `
  SELECT o.id, o.accession, o.alias::text AS alias, o.name, o.record_type AS "recordType", o.species, o.species_term AS "speciesTerm",
         CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'email', u.email) END AS owner,
         o.submission_title AS "submissionTitle", o.reason, o.deleted_at AS "deletedAt", o.suppressed_at AS "suppressedAt",
         o.suppress_message AS "suppressMessage"
    FROM orphaned_records o LEFT JOIN users u ON u.id = o.owner_id`;

/** Admins only: the orphans, those not suppressed yet first, newest first. */
export async function listOrphans(actor: Actor, page = 1, perPage = 50): Promise<{ items: OrphanView[]; total: number }> {
  if (!isAdmin(actor)) throw new OrphanError('forbidden', 'Only admins can see records left at BioSamples by deleted submissions');
  const rows: (OrphanView & { speciesTerm?: string })[] = await db().query(
    `${ORPHAN_SQL} ORDER BY o.suppressed_at IS NOT NULL, o.deleted_at DESC, o.id DESC LIMIT $1 OFFSET $2`,
    [perPage, (page - 1) * perPage],
  );
  const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM orphaned_records`);
  return { items: rows.map(view), total: n };
}

/** A century ahead, as BioSamples itself keeps reserved samples private (the original used a millennium). */
export function withdrawnRelease(now = new Date()): string {
  const later = new Date(now);
  later.setUTCFullYear(later.getUTCFullYear() + 100);
  return releaseDateTime(later);
}

/**
 * Admins only: replaces the orphan at BioSamples with a minimal record, private for a century and
 * saying it was withdrawn by InjectTool, under the same name and alias. BioSamples lets only the
 * Webin account that created a sample change it, so the admin gives that account's login.
 */
export async function suppressOrphan(actor: Actor, orphanId: number, credentials: WebinCredentials): Promise<OrphanView> {
  if (!isAdmin(actor)) throw new OrphanError('forbidden', 'Only admins can suppress records at BioSamples');
  const [orphan] = await db().query(`${ORPHAN_SQL} WHERE o.id = $1`, [orphanId]);
  if (!orphan) throw new OrphanError('not_found', 'No such orphaned record');
  if (orphan.accession && (await accessionInUse(orphan.accession))) {
    throw new OrphanError('in_use', `${orphan.accession} belongs to a record of InjectTool again: it is not suppressed`);
  }
  const tokens = await checkWebinLogin(credentials);
  const client = new BioSamplesClient({ tokens });
  try {
    const accessions = orphan.accession ? [orphan.accession] : (await client.findByAlias(orphan.alias)).map((s) => s.accession!).filter(Boolean);
    const release = withdrawnRelease();
    for (const accession of accessions) await client.put(accession, withdrawnSample(orphan, accession, release));
    const message = accessions.length
      ? `Suppressed at BioSamples: ${accessions.join(', ')} private until ${release.slice(0, 10)}, described as withdrawn by InjectTool`
      : 'BioSamples holds no sample with this alias: nothing to suppress';
    await db().query(
      `UPDATE orphaned_records SET suppressed_at = now(), suppress_message = $2, accession = COALESCE(accession, $3) WHERE id = $1`,
      [orphanId, message, accessions.length === 1 ? accessions[0] : null],
    );
  } catch (err) {
    if (!(err instanceof BioSamplesRejected)) throw err;
    const message = `BioSamples refused the suppression: ${err.reason}`;
    await db().query(`UPDATE orphaned_records SET suppress_message = $2 WHERE id = $1`, [orphanId, message]);
    throw new OrphanError('biosamples_refused', message);
  } finally {
    client.close();
  }
  return view((await db().query(`${ORPHAN_SQL} WHERE o.id = $1`, [orphanId]))[0]);
}

/** The minimal record: what BioSamples checks on every PUT (name, release, species) and the withdrawal. */
export function withdrawnSample(
  orphan: Pick<OrphanView, 'name' | 'alias' | 'recordType' | 'species'> & { speciesTerm?: string | null },
  accession: string,
  release: string,
  today = new Date().toISOString().slice(0, 10),
): BioSample {
  const material = orphan.recordType === 'animal' ? { text: 'organism', ontologyTerms: [ontologyIri('OBI_0100026')] } : { text: 'specimen from organism', ontologyTerms: [ontologyIri('OBI_0001479')] };
  return {
    name: orphan.name,
    accession,
    release,
    characteristics: {
      Description: [{ text: `Withdrawn by InjectTool on ${today}: the submission holding this record was deleted` }],
      Project: [{ text: 'IMAGE' }],
      Material: [material],
      ...(orphan.species
        ? { Species: [{ text: orphan.species, ...(orphan.speciesTerm ? { ontologyTerms: [ontologyIri(orphan.speciesTerm)] } : {}) }] }
        : {}),
      [ALIAS_CHARACTERISTIC]: [{ text: orphan.alias }],
    },
  };
}

async function accessionInUse(accession: string): Promise<boolean> {
  const rows = await db().query(
    `SELECT 1 FROM animals WHERE accession = $1 UNION ALL SELECT 1 FROM samples WHERE accession = $1 LIMIT 1`, [accession],
  );
  return rows.length > 0;
}

function view(row: OrphanView & { speciesTerm?: string | null; deletedAt: string | Date; suppressedAt: string | Date | null }): OrphanView {
  const { speciesTerm: _term, ...rest } = row;
  return {
    ...rest,
    deletedAt: new Date(row.deletedAt).toISOString(),
    suppressedAt: row.suppressedAt ? new Date(row.suppressedAt).toISOString() : null,
  };
}
