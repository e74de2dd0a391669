import pLimit from 'p-limit';
import { config } from '../config.js';
import { db } from '../db/data-source.js';
import { logger } from '../logger.js';
import { ServiceUnavailableError } from './http-json.js';
import { ontologySnapshot } from './snapshot.js';
import { ANNOTATED_VOCABULARIES, VOCABULARY_NAMES, type VocabularyName } from './vocabularies.js';
import { zoomaClient, type ZoomaClient, type ZoomaMatch } from './zooma-client.js';

export interface AnnotationReport {
  vocabulary: VocabularyName;
  /** Terms without an ontology id before the run. */
  missing: number;
  annotated: number;
  /** Set when the run stopped early (offline, Zooma unreachable). */
  stopped?: string;
}

/**
 * Fills the missing ontology ids of vocabulary terms through Zooma, keeping only HIGH and GOOD
 * matches from the ontology the IMAGE field requires, and stores the confidence. Terms set by an
 * admin meanwhile are never overwritten. A breed also gets the mapped breed's label.
 */
export async function annotateVocabularies(vocabularies: VocabularyName[] = VOCABULARY_NAMES): Promise<AnnotationReport[]> {
  const reports: AnnotationReport[] = [];
  let stopped: string | undefined = config().ontology.online ? undefined : 'ontology lookups are switched off (ONTOLOGY_ONLINE=false)';
  const zooma = zoomaClient();
  for (const vocabulary of vocabularies) {
    const rows = await missingRows(vocabulary);
    const report: AnnotationReport = { vocabulary, missing: rows.length, annotated: 0 };
    reports.push(report);
    if (stopped) {
      report.stopped = stopped;
      continue;
    }
    try {
      report.annotated = await annotateRows(vocabulary, rows, zooma);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableError)) throw err;
      stopped = err.message;
      report.stopped = stopped;
      logger.warn({ vocabulary, reason: err.reason }, 'annotation stopped: Zooma unavailable');
    }
  }
  return reports;
}

async function missingRows(vocabulary: VocabularyName): Promise<{ id: number; text: string }[]> {
  const { table, textColumn } = ANNOTATED_VOCABULARIES[vocabulary];
  return db().query(`SELECT id, ${textColumn} AS text FROM ${table} WHERE term IS NULL ORDER BY id`);
}

async function annotateRows(vocabulary: VocabularyName, rows: { id: number; text: string }[], zooma: ZoomaClient): Promise<number> {
  const { ontologies, propertyTypes } = ANNOTATED_VOCABULARIES[vocabulary];
  const limit = pLimit(4);
  const byText = new Map<string, number[]>();
  for (const r of rows) byText.set(r.text, [...(byText.get(r.text) ?? []), r.id]);
  let annotated = 0;
  // The first outage stops the other lookups, so nothing keeps calling Zooma after this returns.
  const giveUp = new AbortController();
  let cause: unknown;
  await Promise.allSettled([...byText].map(([text, ids]) => limit(async () => {
    if (giveUp.signal.aborted) return;
    try {
      const match = await zooma.annotate(text, ontologies, propertyTypes, giveUp.signal);
      if (!match) return;
      const stored = await store(vocabulary, ids, match);
      annotated += stored;
    } catch (err) {
      if (!giveUp.signal.aborted) cause = err;
      giveUp.abort();
    }
  })));
  if (cause) throw cause;
  return annotated;
}

async function store(vocabulary: VocabularyName, ids: number[], match: ZoomaMatch): Promise<number> {
  const { table } = ANNOTATED_VOCABULARIES[vocabulary];
  if (vocabulary !== 'breed') {
    const [, n] = await db().query(`UPDATE ${table} SET term = $2, confidence = $3 WHERE id = ANY($1::int[]) AND term IS NULL`, [ids, match.term, match.confidence]);
    return n;
  }
  // The breed's mapped label is the LBO term's label (OLS), which validation compares the value with.
  const terms = ontologySnapshot();
  await terms.ensure([match.term]);
  const label = terms.lookup(match.term)?.label || match.text;
  const [, n] = await db().query(
    `UPDATE breeds SET term = $2, label = $3, confidence = $4 WHERE id = ANY($1::int[]) AND term IS NULL`,
    [ids, match.term, label, match.confidence],
  );
  return n;
}
