import pLimit from 'p-limit';
import { config } from '../config.js';
import { logger } from '../logger.js';
import { ServiceUnavailableError } from './http-json.js';
import { olsClient, type OlsClient } from './ols-client.js';
import { isShortId, iriOf, ontologyOf } from './term-ids.js';
import { loadTerms, saveFetchedTerms, type StoredTerm } from './term-store.js';

/** A term as the rules engine reads it: lower-cased names precomputed, ancestors as a set. */
export interface KnownTerm {
  term: string;
  label: string;
  synonyms: readonly string[];
  /** Label and synonyms, lower-cased, for the letter-case check. */
  namesLower: ReadonlySet<string>;
  ancestors: ReadonlySet<string>;
  exists: boolean;
}

/** Read-only term lookups for the engine: `undefined` means the term could not be checked. */
export interface TermLookup {
  lookup(term: string): KnownTerm | undefined;
  /** Why a term could not be checked (offline, OLS unreachable), when it could not. */
  uncheckedReason(term: string): string | undefined;
}

export function toKnownTerm(t: Pick<StoredTerm, 'term' | 'label' | 'synonyms' | 'ancestors' | 'exists'>): KnownTerm {
  return {
    term: t.term,
    label: t.label,
    synonyms: t.synonyms,
    namesLower: new Set([t.label, ...t.synonyms].map((s) => s.toLowerCase())),
    ancestors: new Set(t.ancestors),
    exists: t.exists,
  };
}

/**
 * The ontology terms one validation needs, in memory. `ensure()` takes them from PostgreSQL, and
 * fetches the ones not there from OLS (stored, so the next run needs no network). When OLS is
 * switched off or unreachable, those terms stay unchecked and validation goes on without them.
 */
export class OntologySnapshot implements TermLookup {
  private readonly terms = new Map<string, KnownTerm>();
  private readonly unchecked = new Map<string, string>();
  private olsDown: string | undefined;
  /** Terms fetched from OLS by this snapshot. */
  fetched = 0;

  constructor(private readonly ols: OlsClient | null = null) {}

  /** A snapshot over a fixed list of terms, never touching the database or OLS (tests, benchmarks). */
  static of(terms: Parameters<typeof toKnownTerm>[0][]): OntologySnapshot {
    const s = new OntologySnapshot();
    for (const t of terms) s.terms.set(t.term, toKnownTerm(t));
    return s;
  }

  lookup(term: string): KnownTerm | undefined {
    return this.terms.get(term);
  }

  uncheckedReason(term: string): string | undefined {
    return this.unchecked.get(term);
  }

  /** Terms that could not be checked, with the reason. */
  uncheckedTerms(): Map<string, string> {
    return new Map(this.unchecked);
  }

  async ensure(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((t) => isShortId(t) && !this.terms.has(t) && !this.unchecked.has(t));
    if (wanted.length === 0) return;
    for (const row of await loadTerms(wanted)) this.terms.set(row.term, toKnownTerm(row));
    const missing = wanted.filter((t) => !this.terms.has(t));
    if (missing.length) await this.fetch(missing);
  }

  private async fetch(missing: string[]): Promise<void> {
    const online = config().ontology.online && this.ols;
    if (!online || this.olsDown) {
      const reason = online ? `OLS is unreachable (${this.olsDown})` : 'ontology lookups are switched off (ONTOLOGY_ONLINE=false)';
      for (const t of missing) this.unchecked.set(t, reason);
      return;
    }
    const limit = pLimit(4);
    const found: StoredTerm[] = [];
    await Promise.all(missing.map((term) => limit(async () => {
      if (this.olsDown) return void this.unchecked.set(term, `OLS is unreachable (${this.olsDown})`);
      try {
        const hit = await this.ols!.lookupTerm(term);
        found.push(hit ? { ...hit, exists: true } : absent(term));
      } catch (err) {
        const reason = err instanceof ServiceUnavailableError ? err.reason : (err as Error).message;
        // One outage is enough: the remaining terms of this job are not retried one by one.
        if (err instanceof ServiceUnavailableError) this.olsDown ??= reason;
        this.unchecked.set(term, `OLS is unreachable (${reason})`);
        logger.warn({ term, reason }, 'ontology term could not be fetched');
      }
    })));
    await saveFetchedTerms(found);
    for (const t of found) this.terms.set(t.term, toKnownTerm(t));
    this.fetched += found.length;
  }
}

function absent(term: string): StoredTerm {
  return { term, iri: iriOf(term), label: '', synonyms: [], ancestors: [], ontology: ontologyOf(term), exists: false };
}

/** A snapshot reading PostgreSQL, then OLS at OLS_URL. */
export function ontologySnapshot(): OntologySnapshot {
  return new OntologySnapshot(olsClient());
}
