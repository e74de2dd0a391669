import type { BioSamplesClient } from './client.js';
import { BioSamplesAnswerLost } from './errors.js';
import { sleep } from './http.js';
import { aliasOf, type BioSample } from './sample.js';

export interface ReservationOptions {
  /**
   * An earlier attempt may have reached BioSamples (the record's intent was stored by a run that
   * crashed): look the alias up before reserving.
   */
  mayExist: boolean;
  /**
   * How long a lost reservation is looked for before it is made again. BioSamples indexes samples
   * for search asynchronously, so one stored a moment ago may not be found at once.
   */
  searchPatienceMs?: number;
  searchIntervalMs?: number;
  /** Reservations tried at most, each after its answer was lost and the alias not found. */
  maxReservations?: number;
}

export interface Reservation {
  accession: string;
  /** Found by alias rather than reserved now. */
  adopted: boolean;
  /** Other accessions carrying the same alias (left over by an earlier failure), oldest kept. */
  duplicates: string[];
}

/**
 * Reserves an accession for a record at most once: a reservation whose answer was lost is never
 * repeated before the alias has been searched for, and one already made is adopted. `body` must
 * carry the `InjectTool alias` characteristic (see serializer.reservationBody).
 */
export async function reserveOnce(client: BioSamplesClient, body: BioSample, options: ReservationOptions): Promise<Reservation> {
  const alias = aliasOf(body);
  if (!alias) throw new Error(`Sample '${body.name}' has no InjectTool alias; it could not be found again`);
  const patience = { ms: options.searchPatienceMs ?? 15_000, interval: options.searchIntervalMs ?? 1500 };
  if (options.mayExist) {
    const found = await lookUp(client, alias, { ms: 0, interval: 0 });
    if (found) return found;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const reserved = await client.reserveAccession(body);
      return { accession: reserved.accession, adopted: false, duplicates: [] };
    } catch (err) {
      if (!(err instanceof BioSamplesAnswerLost)) throw err;
      const found = await lookUp(client, alias, patience);
      if (found) return found;
      if (attempt >= (options.maxReservations ?? 3)) throw err;
    }
  }
}

async function lookUp(client: BioSamplesClient, alias: string, patience: { ms: number; interval: number }): Promise<Reservation | null> {
  const giveUpAt = Date.now() + patience.ms;
  for (;;) {
    const samples = (await client.findByAlias(alias)).filter((s): s is BioSample & { accession: string } => !!s.accession);
    if (samples.length) {
      const [kept, ...others] = samples.sort(oldestFirst);
      return { accession: kept.accession, adopted: true, duplicates: others.map((s) => s.accession) };
    }
    if (Date.now() + patience.interval > giveUpAt) return null;
    await sleep(patience.interval);
  }
}

function oldestFirst(a: BioSample, b: BioSample): number {
  return String(a.create ?? '').localeCompare(String(b.create ?? '')) || accessionNumber(a) - accessionNumber(b);
}

function accessionNumber(sample: BioSample): number {
  return Number(/\d+$/.exec(sample.accession ?? '')?.[0] ?? Number.MAX_SAFE_INTEGER);
}
