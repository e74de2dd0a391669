import type { EntityManager } from 'typeorm';
import { DATASOURCE_TYPE_LABELS, type DatasourceType } from '../db/entities/enums.js';
import type { ImageContact, ImageOrganization, ImageValue } from './image-record.js';
import { putValue } from './attribute-values.js';

/** What every record of a submission says the same way: submission, person and organization. */
export interface SubmissionPart {
  submissionId: number;
  /** The IMAGE attributes shared by all records, in the order BioSamples receives them. */
  person: Record<string, ImageValue[]>;
  source: Record<string, ImageValue[]>;
  submission: Record<string, ImageValue[]>;
  contact: ImageContact | null;
  organization: ImageOrganization | null;
}

interface SubmissionRow {
  id: number;
  title: string;
  description: string;
  gene_bank_name: string;
  datasource_type: DatasourceType;
  datasource_version: string;
  gene_bank_country: string;
  gene_bank_country_term: string | null;
  first_name: string;
  last_name: string;
  initials: string | null;
  email: string;
  person_role: string | null;
  person_role_term: string | null;
  affiliation: string | null;
  org_name: string | null;
  org_address: string | null;
  org_uri: string | null;
  org_country: string | null;
  org_country_term: string | null;
  org_role: string | null;
  org_role_term: string | null;
}

/**
 * The person is the submission's owner; the organization is the submission's, else the owner's
 * (the original sent the owner's affiliation for both).
 */
const SUBMISSION_SQL = `
  SELECT s.id, s.title, s.description, s.gene_bank_name, s.datasource_type, s.datasource_version,
         gc.label AS gene_bank_country, gc.term AS gene_bank_country_term,
         u.first_name, u.last_name, u.initials, u.email, pr.label AS person_role, pr.term AS person_role_term,
         uo.name AS affiliation,
         o.name AS org_name, o.address AS org_address, o.uri AS org_uri,
         oc.label AS org_country, oc.term AS org_country_term, orl.label AS org_role, orl.term AS org_role_term
    FROM submissions s
    JOIN countries gc ON gc.id = s.gene_bank_country_id
    JOIN users u ON u.id = s.owner_id
    LEFT JOIN roles pr ON pr.id = u.person_role_id
    LEFT JOIN organizations uo ON uo.id = u.organization_id
    LEFT JOIN organizations o ON o.id = COALESCE(s.organization_id, u.organization_id)
    LEFT JOIN countries oc ON oc.id = o.country_id
    LEFT JOIN roles orl ON orl.id = o.role_id
   WHERE s.id = $1`;

export class SubmissionNotFoundError extends Error {}

export async function loadSubmissionPart(manager: EntityManager, submissionId: number): Promise<SubmissionPart> {
  const [row]: SubmissionRow[] = await manager.query(SUBMISSION_SQL, [submissionId]);
  if (!row) throw new SubmissionNotFoundError(`Submission ${submissionId} does not exist`);

  const submission: Record<string, ImageValue[]> = {};
  putValue(submission, 'Project', 'IMAGE');
  putValue(submission, 'Submission title', row.title);
  putValue(submission, 'Submission description', row.description);

  const person: Record<string, ImageValue[]> = {};
  putValue(person, 'Person last name', row.last_name);
  putValue(person, 'Person initial', row.initials);
  putValue(person, 'Person first name', row.first_name);
  putValue(person, 'Person email', row.email ? `mailto:${row.email}` : null);
  putValue(person, 'Person affiliation', row.affiliation);
  putValue(person, 'Person role', row.person_role, row.person_role_term);
  putValue(person, 'Organization name', row.org_name);
  putValue(person, 'Organization address', row.org_address);
  putValue(person, 'Organization uri', row.org_uri);
  putValue(person, 'Organization country', row.org_country, row.org_country_term);
  putValue(person, 'Organization role', row.org_role, row.org_role_term);

  const source: Record<string, ImageValue[]> = {};
  putValue(source, 'Gene bank name', row.gene_bank_name);
  putValue(source, 'Gene bank country', row.gene_bank_country, row.gene_bank_country_term);
  putValue(source, 'Data source type', DATASOURCE_TYPE_LABELS[row.datasource_type] ?? row.datasource_type);
  putValue(source, 'Data source version', row.datasource_version);

  return {
    submissionId,
    submission,
    person,
    source,
    contact: {
      firstName: row.first_name, lastName: row.last_name, initials: row.initials, email: row.email,
      role: row.person_role, affiliation: row.affiliation,
    },
    organization: row.org_name
      ? { name: row.org_name, address: row.org_address, uri: row.org_uri, country: row.org_country, role: row.org_role }
      : null,
  };
}
