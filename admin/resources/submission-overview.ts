import type { ActionContext, ActionRequest } from 'adminjs';
import { config } from '../../core/config.js';
import { db } from '../../core/db/data-source.js';
import type { RecordType } from '../../core/db/entities/enums.js';
import { describeEditableFields, fieldForMessage, type FieldDescription } from '../../core/fixes/editable-fields.js';
import { canRequestSubmission } from '../../core/biosamples/request-submission.js';
import { submissionDetail, type SubmissionDetail } from '../../core/submissions/presenter.js';
import { canDelete, canEditRecordsIn, canReload, canValidate } from '../../core/submissions/policy.js';
import { validationSummaryOf, type ValidationSummaryView } from '../../core/validation/validation-requests.js';
import { panelActor } from './access.js';

/** What the submission page may offer now; the server decides again when the button is pressed. */
export interface SubmissionAbilities {
  reload: boolean;
  validate: boolean;
  fix: boolean;
  submit: boolean;
  delete: boolean;
}

/** "Fix this": the field a message's records can be given one value for, by message key. */
export type FixFields = Record<RecordType, Record<string, FieldDescription>>;

/** Everything the submission page shows, in one answer (the record lists are paged through the API). */
export interface SubmissionOverview {
  submission: SubmissionDetail;
  validation: ValidationSummaryView;
  can: SubmissionAbilities;
  fixFields: FixFields;
  /** What bulk edit can set on many records at once. */
  batchFields: Record<RecordType, FieldDescription[]>;
  /** The summary was made before some records changed (an edit or a fix since). */
  summaryOutdated: boolean;
  /** Where a record's accession can be seen. */
  biosamplesUrl: string;
}

function fixFieldsOf(validation: ValidationSummaryView): FixFields {
  const fields: FixFields = { animal: {}, sample: {} };
  for (const type of ['animal', 'sample'] as const) {
    const described = describeEditableFields(type);
    for (const message of validation[type === 'animal' ? 'animals' : 'samples'].messages) {
      const field = fieldForMessage(type, message);
      const description = field && described.find((d) => d.name === field.name);
      if (description) fields[type][message.key] = description;
    }
  }
  return fields;
}

const batchFields = (type: RecordType): FieldDescription[] => describeEditableFields(type).filter((f) => f.batch);

async function summaryChangedAt(id: number): Promise<boolean> {
  const [row]: { changed: boolean }[] = await db().query(
    `SELECT (validation_summary ? 'changedAt') AS changed FROM submissions WHERE id = $1`, [id],
  );
  return !!row?.changed;
}

/** Hidden record action `overview` of Submission: the live page reads it on load and after each status change. */
export async function overviewHandler(_request: ActionRequest, _response: unknown, context: ActionContext) {
  const actor = panelActor(context.currentAdmin);
  // AdminJS wants the record back from every record action.
  const record = context.record!.toJSON(context.currentAdmin);
  const id = Number(record.id);
  const [submission, validation] = actor ? await Promise.all([submissionDetail(id, actor), validationSummaryOf(id, actor)]) : [null, null];
  if (!submission || !validation) return { record, notice: { message: 'No such submission', type: 'error' as const } };
  const status = submission.status;
  const overview: SubmissionOverview = {
    submission,
    validation,
    can: {
      reload: canReload(status),
      validate: canValidate(status),
      fix: canEditRecordsIn(status),
      submit: canRequestSubmission(status, submission.progress),
      delete: canDelete(status),
    },
    fixFields: fixFieldsOf(validation),
    batchFields: { animal: batchFields('animal'), sample: batchFields('sample') },
    summaryOutdated: await summaryChangedAt(id),
    biosamplesUrl: config().biosamples.url,
  };
  return { record, ...overview };
}
