import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { Raw } from 'typeorm';
import { config } from '../../core/config.js';
import { db } from '../../core/db/data-source.js';
import type { RecordType, SubmissionStatus } from '../../core/db/entities/enums.js';
import { describeEditableFields, type FieldDescription } from '../../core/fixes/editable-fields.js';
import { breedChoices } from '../../core/fixes/vocabulary-values.js';
import { canEditRecordsIn } from '../../core/submissions/policy.js';
import { recordDetail, type AnimalView, type Detailed, type SampleView } from '../../core/submissions/records-query.js';
import type { PanelComponents } from '../panel/components.js';
import { anyone, panelActor, type AccessRule } from './access.js';

/** What the record page and its edit form show, in one answer. */
export interface RecordDetails {
  type: RecordType;
  detail: Detailed<AnimalView | SampleView>;
  fields: FieldDescription[];
  /** Choices that depend on the record: an animal's breed is one of its species and country. */
  choices: Record<string, string[]>;
  submission: { id: number; title: string; status: SubmissionStatus };
  canEdit: boolean;
  /** What the last re-check found at BioSamples, when there was one. */
  remote: { status: string; message: string | null; checkedAt: string | null } | null;
  biosamplesUrl: string;
}

function detailsHandler(type: RecordType) {
  return async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!;
    const actor = panelActor(context.currentAdmin);
    const detail = actor && await recordDetail<AnimalView | SampleView>(actor, type, Number(record.id()));
    const json = record.toJSON(context.currentAdmin);
    if (!detail) return { record: json, notice: { message: `No such ${type}`, type: 'error' as const } };
    const [submission]: { id: number; title: string; status: SubmissionStatus }[] = await db().query(
      `SELECT id, title, status FROM submissions WHERE id = $1`, [detail.submissionId],
    );
    const remoteStatus = record.param('remoteStatus') as string | null;
    const details: RecordDetails = {
      type,
      detail,
      fields: describeEditableFields(type),
      choices: type === 'animal' ? { breed: await breedChoices(detail.id) } : {},
      submission,
      canEdit: canEditRecordsIn(submission.status),
      remote: remoteStatus
        ? { status: remoteStatus, message: record.param('remoteMessage') ?? null, checkedAt: toIso(record.param('remoteCheckedAt')) }
        : null,
      biosamplesUrl: config().biosamples.url,
    };
    return { record: json, ...details };
  };
}

const toIso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

/** A bulk action's page shows the selected records; the change itself goes through the fix API. */
async function selectedRecords(_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> {
  return { records: (context.records ?? []).map((r) => r.toJSON(context.currentAdmin)) };
}

async function describeOnly(): Promise<ActionResponse> {
  return {};
}

/**
 * The Animal and Sample pages (issue 4): the record with its validation messages, the edit form
 * over the editable-field table with inline checks, and bulk edit of selected records or of every
 * record matching the list's filter (the fix job sets the value).
 */
export function recordPageActions(type: RecordType, components: PanelComponents, ownerOnly: AccessRule, ownerWhileIdle: AccessRule): Record<string, Partial<Action<ActionResponse>>> {
  return {
    show: { isAccessible: ownerOnly, component: components.RecordShow },
    details: { actionType: 'record', isAccessible: ownerOnly, isVisible: false, component: false, handler: detailsHandler(type) },
    bulkEdit: {
      actionType: 'bulk', icon: 'Edit', isAccessible: ownerWhileIdle, showInDrawer: true, component: components.BulkEdit, handler: selectedRecords,
    },
    editMatching: {
      actionType: 'resource', icon: 'Edit3', isAccessible: anyone, showInDrawer: true, component: components.BulkEdit, handler: describeOnly,
    },
  };
}

/**
 * `filters.message=<key>` on the Animal and Sample lists: the records whose last validation has
 * that message (the link target of the submission page's summary, and a bulk edit selection).
 */
export function messageFilter(type: RecordType) {
  const fk = type === 'animal' ? 'animal_id' : 'sample_id';
  return (key: string) => ({
    id: Raw((alias) => `${alias} IN (SELECT v.${fk} FROM validation_results v WHERE v.${fk} IS NOT NULL AND v.messages @> CAST(:message AS jsonb))`, {
      message: JSON.stringify([{ key }]),
    }),
  });
}

export const messageFilterProperty = { type: 'string' as const, isVisible: { list: false, filter: true, show: false, edit: false } };
