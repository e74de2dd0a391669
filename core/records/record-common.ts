import type { RecordType } from '../db/entities/enums.js';
import type { ImageRecord, ImageValue } from './image-record.js';
import { putValue } from './attribute-values.js';
import type { SubmissionPart } from './submission-attributes.js';

/** Which records of a submission to build: a page by id (`afterId`, `limit`) or the given ids. */
export interface RecordSelection {
  submissionId: number;
  afterId?: number;
  limit?: number;
  ids?: number[];
}

/**
 * A selection as SQL: a `WITH page AS MATERIALIZED (…)` clause finding the page's record ids alone
 * (from the (submission_id, id) index), and the condition that picks those records by primary key.
 * However stale the planner's statistics, the query then reads the page's rows only: right after a
 * large import they take the new submission for a handful of rows, and filtering and limiting the
 * joined rows themselves joined and sorted the whole rest of the submission for every batch. The
 * ids are matched as an array, not joined, so the planner cannot pick a merge join either, which
 * walks the table's key from its first row up to the page, longer for every batch.
 */
export function pageSql(table: 'animals' | 'samples', alias: string, s: RecordSelection): { page: string; inPage: string; params: unknown[] } {
  const params: unknown[] = [s.submissionId];
  let where = 'submission_id = $1';
  if (s.ids) {
    params.push(s.ids);
    where += ` AND id = ANY($${params.length}::int[])`;
  }
  if (s.afterId !== undefined) {
    params.push(s.afterId);
    where += ` AND id > $${params.length}`;
  }
  let limit = '';
  if (s.limit !== undefined) {
    params.push(s.limit);
    limit = ` LIMIT $${params.length}`;
  }
  return {
    page: `WITH page AS MATERIALIZED (SELECT id FROM ${table} WHERE ${where} ORDER BY id${limit})`,
    inPage: `${alias}.id = ANY (ARRAY(SELECT id FROM page))`,
    params,
  };
}

/** The columns every record query selects (animal and sample rows extend it). */
export interface RecordRow {
  id: number;
  name: string;
  alternative_id: string | null;
  description: string | null;
  accession: string | null;
  alias: string;
  doi: string | null;
}

/**
 * The standard-group attributes, in the order the original sent them (INJECTTOOL.md §9). The
 * submission-wide values are shared between the records of a batch: never mutate them.
 */
export function commonAttributes(row: RecordRow, part: SubmissionPart, species: string | null, speciesTerm: string | null): Record<string, ImageValue[]> {
  const attributes: Record<string, ImageValue[]> = {};
  putValue(attributes, 'Data source ID', row.name);
  putValue(attributes, 'Alternative id', row.alternative_id);
  putValue(attributes, 'Description', row.description);
  Object.assign(attributes, part.submission, part.person);
  putValue(attributes, 'Publication DOI', row.doi);
  Object.assign(attributes, part.source);
  putValue(attributes, 'Species', species, speciesTerm);
  return attributes;
}

export function recordBase(recordType: RecordType, row: RecordRow, part: SubmissionPart): Pick<ImageRecord,
  'recordType' | 'id' | 'submissionId' | 'name' | 'alias' | 'accession' | 'contact' | 'organization' | 'publicationDoi'> {
  return {
    recordType,
    id: row.id,
    submissionId: part.submissionId,
    name: row.name,
    alias: row.alias,
    accession: row.accession,
    contact: part.contact,
    organization: part.organization,
    publicationDoi: row.doi,
  };
}

/** 9823 for NCBITaxon_9823. */
export function taxonIdOf(speciesTerm: string | null): number | null {
  const m = speciesTerm ? /^NCBITaxon_(\d+)$/.exec(speciesTerm) : null;
  return m ? Number(m[1]) : null;
}
