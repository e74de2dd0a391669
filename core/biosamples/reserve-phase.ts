import type { RecordType } from '../db/entities/enums.js';
import { buildImageRecords } from '../records/build-image-records.js';
import type { ImageRecord } from '../records/image-record.js';
import { BioSamplesRejected } from './errors.js';
import { recordDuplicates } from './orphans.js';
import { recordsWithoutAccession, storeAccession, storeIntent } from './record-store.js';
import { runPool } from './record-pool.js';
import { reserveOnce } from './reservation.js';
import { reservationBody } from './serializer.js';
import { refuseRecord, type SubmissionRun } from './submission-run.js';

const BATCH_SIZE = 500;

interface Pending {
  record: ImageRecord;
  mayExist: boolean;
}

/**
 * Phase 1: an accession for every record that has none, animals first. The intent is committed
 * before a reservation is sent, and the accession is stored with the record's new state in one
 * statement; a record whose intent an earlier run stored is looked up by its alias before anything
 * is reserved again (reserveOnce). So a crash or a retry never creates a second accession.
 */
export async function reserveAccessions(run: SubmissionRun): Promise<void> {
  await runPool(pendingReservations(run.submissionId), run.width, (pending) => reserve(run, pending));
}

/** Animals then samples in one stream, the next batch read while this one goes out, so the pool never drains midway. */
async function* pendingReservations(submissionId: number): AsyncGenerator<Pending> {
  for (const type of ['animal', 'sample'] as RecordType[]) {
    let next = batchAfter(type, submissionId, 0);
    for (;;) {
      const { pending, lastId, full } = await next;
      if (!pending.length) break;
      next = full ? batchAfter(type, submissionId, lastId) : Promise.resolve({ pending: [], lastId, full: false });
      next.catch(() => undefined); // a pool that stops early must not leave an unhandled rejection behind
      yield* pending;
    }
  }
}

async function batchAfter(type: RecordType, submissionId: number, afterId: number): Promise<{ pending: Pending[]; lastId: number; full: boolean }> {
  const rows = await recordsWithoutAccession(type, submissionId, afterId, BATCH_SIZE);
  if (!rows.length) return { pending: [], lastId: afterId, full: false };
  const records = await buildImageRecords(type, { submissionId, ids: rows.map((r) => r.id) });
  await storeIntent(type, rows.map((r) => r.id));
  const requested = new Map(rows.map((r) => [r.id, r.requested]));
  return {
    pending: records.map((record) => ({ record, mayExist: requested.get(record.id) ?? true })),
    lastId: rows[rows.length - 1].id,
    full: rows.length === BATCH_SIZE,
  };
}

async function reserve(run: SubmissionRun, { record, mayExist }: Pending): Promise<void> {
  try {
    const reservation = await reserveOnce(run.client, reservationBody(record, run.release), { mayExist, searchPatienceMs: run.searchPatienceMs });
    await storeAccession(record.recordType, record.id, reservation.accession);
    run.counts.reserved++;
    if (reservation.adopted) run.counts.adopted++;
    if (reservation.duplicates.length) {
      run.log.warn({ record: record.name, kept: reservation.accession, duplicates: reservation.duplicates }, 'several samples carry this alias; the others are kept as orphans');
      await recordDuplicates(record, reservation.duplicates);
    }
  } catch (err) {
    if (!isRecordRefusal(err)) throw err;
    await refuseRecord(run, record, err.details);
  }
  await run.advance();
}

/** A 4xx about this record; a refused token (401) concerns the whole run. */
export function isRecordRefusal(err: unknown): err is BioSamplesRejected {
  return err instanceof BioSamplesRejected && err.status !== 401;
}
