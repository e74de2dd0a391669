import crypto from 'node:crypto';
import type { BioSample } from './sample.js';

/**
 * Fields the hash ignores. The server sets or derives them (dates, status, owner, taxId, SRA
 * accession, links, external references we never send), and `release` is the curator's choice at
 * submit time, not record content: with its default of "today" it would differ on every run, and
 * re-sending an already public record with a later release would hide it again. The submission job
 * compares the release date on its own when the curator asks for a new one.
 */
const IGNORED_FIELDS = new Set([
  'release', 'releaseDate', 'update', 'updateDate', 'create', 'submitted', 'reviewed', 'status', 'webinSubmissionAccountId',
  'taxId', 'sraAccession', 'submittedVia', 'domain', '_links', 'externalReferences', 'structuredData', 'data',
]);

/** Characteristics BioSamples adds to Webin samples on its own. */
const SERVER_CHARACTERISTICS = new Set(['sra accession']);

/**
 * SHA-256 (hex) of a canonical form of a sample: keys sorted, empty fields dropped, relationships
 * reduced to those the sample itself states (a GET also lists links pointing at it) and sorted. The
 * same content gives the same hash whether it is the body we send or the sample a GET returns, so
 * it serves both to skip unchanged records and to notice changes made on the BioSamples side.
 */
export function contentHash(sample: BioSample): string {
  return crypto.createHash('sha256').update(JSON.stringify(canonical(comparable(sample)))).digest('hex');
}

function comparable(sample: BioSample): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(sample).filter(([key]) => !IGNORED_FIELDS.has(key)));
  kept.characteristics = Object.fromEntries(
    Object.entries(sample.characteristics ?? {}).filter(([name]) => !SERVER_CHARACTERISTICS.has(name.toLowerCase())),
  );
  const own = (sample.relationships ?? []).filter((r) => !sample.accession || r.source === sample.accession);
  kept.relationships = own.map((r) => `${r.source}\t${r.type}\t${r.target}`).sort();
  return kept;
}

/** Sorted keys; null, undefined, "" and [] and {} left out, so absent and empty compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).filter((v) => !isEmpty(v));
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])] as const)
      .filter(([, v]) => !isEmpty(v));
    return Object.fromEntries(entries);
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}
