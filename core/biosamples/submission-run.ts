import type { Logger } from 'pino';
import type { ValidationMessage } from '../db/entities/validation-result.js';
import type { ImageRecord } from '../records/image-record.js';
import { messageKey } from '../validation/messages.js';
import type { BioSamplesClient } from './client.js';
import type { RejectionDetail } from './reason.js';
import { REFUSAL_CHECK, storeRefusal } from './record-store.js';

export interface RunCounts {
  /** Records that got an accession in this run, adopted ones included. */
  reserved: number;
  /** Of those, found by their alias (a reservation whose answer had been lost). */
  adopted: number;
  /** Records whose content was PUT. */
  updated: number;
  /** Records BioSamples already held as they are. */
  unchanged: number;
  refused: number;
}

export interface RecordRefusal {
  recordType: ImageRecord['recordType'];
  name: string;
  reason: string;
}

/** What the phases of one submission run share. */
export interface SubmissionRun {
  submissionId: number;
  client: BioSamplesClient;
  /** YYYY-MM-DD */
  release: string;
  /** Records in progress at once: enough to keep the client's connections busy while the database is written. */
  width: number;
  counts: RunCounts;
  refusals: RecordRefusal[];
  /** How long a lost reservation is looked for by its alias before it is made again. */
  searchPatienceMs?: number;
  log: Logger;
  /** One more record step done (progress and lock renewal). */
  advance(): Promise<void>;
}

const MAX_MESSAGES = 10;

/** Marks the record for revision with BioSamples' reasons, shown like validation messages. */
export async function refuseRecord(run: SubmissionRun, record: ImageRecord, details: RejectionDetail[]): Promise<void> {
  const messages: ValidationMessage[] = details.slice(0, MAX_MESSAGES).map((d) => {
    const field = d.field ?? 'record';
    return { field, level: 'error', message: `BioSamples refused this record: ${d.message}`, key: messageKey(REFUSAL_CHECK, field, d.message) };
  });
  await storeRefusal(record.recordType, record.id, messages);
  run.counts.refused++;
  const reason = details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
  run.refusals.push({ recordType: record.recordType, name: record.name, reason });
  run.log.info({ recordType: record.recordType, record: record.name, reason }, 'BioSamples refused a record');
}
