import type { RecordType } from '../db/entities/enums.js';
import { imageRecordBatches } from '../records/build-image-records.js';
import type { ImageRecord } from '../records/image-record.js';
import { contentHash } from './content-hash.js';
import { markCompleted, storeSubmitted, submittedState } from './record-store.js';
import { runPool } from './record-pool.js';
import { isRecordRefusal } from './reserve-phase.js';
import type { BioSample } from './sample.js';
import { MissingAccession, toBioSample } from './serializer.js';
import { refuseRecord, type SubmissionRun } from './submission-run.js';

const BATCH_SIZE = 500;

interface Outgoing {
  record: ImageRecord & { accession: string };
  body: BioSample;
  hash: string;
}

/**
 * Phase 2: every record's full content, relationships included (every target has an accession by
 * now), PUT to its accession; records whose content and release are what BioSamples last received
 * are not sent again. A PUT is harmless to repeat, so a crash here only costs the requests redone.
 */
export async function sendContent(run: SubmissionRun): Promise<void> {
  await runPool(outgoing(run), run.width, (item) => send(run, item));
}

/** The records to PUT, animals then samples in one stream; unchanged ones are marked completed on the way. */
async function* outgoing(run: SubmissionRun): AsyncGenerator<Outgoing> {
  for (const type of ['animal', 'sample'] as RecordType[]) yield* outgoingOf(run, type);
}

async function* outgoingOf(run: SubmissionRun, type: RecordType): AsyncGenerator<Outgoing> {
  for await (const batch of imageRecordBatches(run.submissionId, type, BATCH_SIZE)) {
    const stored = await submittedState(type, batch.map((r) => r.id));
    const unchanged: number[] = [];
    const toSend: Outgoing[] = [];
    for (const record of batch) {
      // Without an accession, BioSamples refused its reservation: already marked for revision.
      if (!hasAccession(record)) {
        await run.advance();
        continue;
      }
      let body: BioSample;
      try {
        body = toBioSample(record, { release: run.release });
      } catch (err) {
        if (!(err instanceof MissingAccession)) throw err;
        await refuseRecord(run, record, [{ message: `${err.message}: BioSamples must accept it first` }]);
        await run.advance();
        continue;
      }
      const hash = contentHash(body);
      const last = stored.get(record.id);
      if (last?.hash === hash && last.release === run.release) unchanged.push(record.id);
      else toSend.push({ record, body, hash });
    }
    await markCompleted(type, unchanged);
    run.counts.unchanged += unchanged.length;
    for (let i = 0; i < unchanged.length; i++) await run.advance();
    yield* toSend;
  }
}

async function send(run: SubmissionRun, { record, body, hash }: Outgoing): Promise<void> {
  try {
    const answer = await run.client.put(record.accession, body);
    await storeSubmitted(record.recordType, record.id, hash, run.release, releaseStatusOf(answer));
    run.counts.updated++;
  } catch (err) {
    if (!isRecordRefusal(err)) throw err;
    await refuseRecord(run, record, err.details);
  }
  await run.advance();
}

function hasAccession(record: ImageRecord): record is ImageRecord & { accession: string } {
  return !!record.accession;
}

function releaseStatusOf(answer: BioSample | null): string | null {
  const status = String(answer?.status ?? '').toLowerCase();
  return status === 'public' || status === 'private' ? status : null;
}
