import type { Logger } from 'pino';
import { config } from '../config.js';
import { db } from '../db/data-source.js';
import type { RecordType } from '../db/entities/enums.js';
import { logger } from '../logger.js';
import { BioSamplesClient, type BioSamplesClientOptions } from './client.js';
import { contentHash } from './content-hash.js';
import { BioSamplesRejected, BioSamplesUnavailable } from './errors.js';
import { RECORD_TABLES } from './record-store.js';
import { runPool } from './record-pool.js';
import type { BioSample } from './sample.js';
import type { TokenSource } from './webin-auth.js';

/** What a re-check found at BioSamples for one record (`remote_status`). */
export type RemoteStatus = 'public' | 'private' | 'changed' | 'withdrawn' | 'missing';

export interface RecheckOptions {
  batchSize?: number;
  log?: Logger;
  touch?: () => Promise<void>;
  client?: Partial<Omit<BioSamplesClientOptions, 'tokens'>>;
}

export type RecheckCounts = Record<RemoteStatus | 'unchecked', number>;

/** No login: a re-check sees what everybody sees, so private samples cannot be read. */
const ANONYMOUS: TokenSource = { token: async () => '', invalidate: () => undefined };

/** BioSamples statuses of samples taken out of public view. */
const WITHDRAWN = new Set(['SUPPRESSED', 'KILLED', 'TEMPORARY_SUPPRESSED']);

interface Checked {
  id: number;
  accession: string;
  hash: string | null;
  submitted: string | null;
}

interface Finding {
  id: number;
  status: RemoteStatus | null;
  message: string;
}

/**
 * The recurring re-check: GETs every record with an accession (except those of a submission being
 * sent) and reports drift: `changed` when BioSamples holds other content than was last PUT,
 * `withdrawn` when it is gone or suppressed, `missing` when only the reservation was ever sent, else
 * its release status. Records checked longest ago go first; an outage stops the run, the rest wait
 * for the next one.
 */
export async function recheckBioSamples(options: RecheckOptions = {}): Promise<RecheckCounts> {
  const log = options.log ?? logger;
  const client = new BioSamplesClient({ tokens: ANONYMOUS, logger: log, ...options.client });
  const counts: RecheckCounts = { public: 0, private: 0, changed: 0, withdrawn: 0, missing: 0, unchecked: 0 };
  const width = (options.client?.concurrency ?? config().biosamples.concurrency) * 2;
  try {
    for (const type of ['animal', 'sample'] as RecordType[]) {
      for await (const batch of recordsToCheck(type, options.batchSize ?? 500)) {
        const findings: Finding[] = [];
        try {
          await runPool(toIterable(batch), width, async (record) => {
            findings.push(await check(client, record));
          });
        } finally {
          for (const f of findings) counts[f.status ?? 'unchecked']++;
          await storeFindings(type, findings);
        }
        await options.touch?.();
      }
    }
  } catch (err) {
    if (!(err instanceof BioSamplesUnavailable)) throw err;
    log.warn({ err, counts }, 'BioSamples could not be reached: the re-check stops here and goes on next time');
  } finally {
    client.close();
  }
  return counts;
}

async function* recordsToCheck(type: RecordType, batchSize: number): AsyncGenerator<Checked[]> {
  const startedAt = new Date();
  for (;;) {
    const rows: Checked[] = await db().query(
      `SELECT r.id, r.accession, r.submitted_hash AS hash, r.last_submitted_at AS submitted
         FROM ${RECORD_TABLES[type]} r JOIN submissions s ON s.id = r.submission_id
        WHERE r.accession IS NOT NULL AND s.status <> 'submitted' AND (r.remote_checked_at IS NULL OR r.remote_checked_at < $1)
        ORDER BY r.remote_checked_at NULLS FIRST, r.id LIMIT $2`,
      [startedAt, batchSize],
    );
    if (!rows.length) return;
    yield rows;
    if (rows.length < batchSize) return;
  }
}

async function check(client: BioSamplesClient, record: Checked): Promise<Finding> {
  let sample: BioSample | null;
  try {
    sample = await client.get(record.accession);
  } catch (err) {
    if (err instanceof BioSamplesRejected && err.status === 403) {
      return { id: record.id, status: 'private', message: 'Private at BioSamples: its content can be read only with the Webin login that submitted it' };
    }
    if (err instanceof BioSamplesRejected) return { id: record.id, status: null, message: `Could not be checked: ${err.reason}` };
    throw err;
  }
  if (!sample) return { id: record.id, status: 'withdrawn', message: `BioSamples no longer has ${record.accession}` };
  const serverStatus = String(sample.status ?? '').toUpperCase();
  if (WITHDRAWN.has(serverStatus)) return { id: record.id, status: 'withdrawn', message: `${record.accession} is ${serverStatus.toLowerCase().replace('_', ' ')} at BioSamples` };
  if (!record.hash) return { id: record.id, status: 'missing', message: 'Only the accession was reserved: the content has not been sent yet (submit again)' };
  if (contentHash(sample) !== record.hash) {
    const since = record.submitted ? ` since it was submitted on ${new Date(record.submitted).toISOString().slice(0, 10)}` : '';
    return { id: record.id, status: 'changed', message: `Changed at BioSamples${since} (last update ${String(sample.update ?? 'unknown')})` };
  }
  if (serverStatus === 'PRIVATE') return { id: record.id, status: 'private', message: `Private until ${String(sample.release).slice(0, 10)}` };
  return { id: record.id, status: 'public', message: `Public since ${String(sample.release).slice(0, 10)}` };
}

/** Also writes `remote_checked_at` for records that could not be checked, so they do not block the queue. */
async function storeFindings(type: RecordType, findings: Finding[]): Promise<void> {
  if (!findings.length) return;
  await db().query(
    `UPDATE ${RECORD_TABLES[type]} t
        SET remote_status = COALESCE(x.status, t.remote_status), remote_message = x.message, remote_checked_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id int, status varchar, message text)
      WHERE t.id = x.id`,
    [JSON.stringify(findings)],
  );
}

async function* toIterable<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
