import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { config } from '../../core/config.js';
import { db } from '../../core/db/data-source.js';
import { DATASOURCE_TYPES, DATASOURCE_TYPE_LABELS } from '../../core/db/entities/enums.js';
import { canReload } from '../../core/submissions/policy.js';
import { canRequestSubmission } from '../../core/biosamples/request-submission.js';
import { isTestServer } from '../../core/biosamples/target.js';
import type { PanelComponents } from '../panel/components.js';
import { anyone, ownerOr, type AccessRule } from './access.js';
import { overviewHandler } from './submission-overview.js';

const ownerOnly = ownerOr('owner');
const statusAllows = (check: (status: never, progress: never) => boolean): AccessRule =>
  ({ record }) => !!record && check(record.param('status') as never, record.param('progress') as never);

/** What the new-submission form offers: countries, data source types and the upload limit. */
async function newSubmissionForm(): Promise<Record<string, unknown>> {
  const countries: { label: string }[] = await db().query(`SELECT label FROM countries ORDER BY label`);
  return {
    countries: countries.map((c) => c.label),
    datasourceTypes: DATASOURCE_TYPES.map((value) => ({ value, label: DATASOURCE_TYPE_LABELS[value] })),
    maxUploadMb: config().limits.maxUploadBytes / 1024 / 1024,
  };
}

/** A form page whose component sends the work to the API; the handler only describes the form. */
const formOnly = (describe: (context: ActionContext) => Promise<Record<string, unknown>>) =>
  async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => ({
    record: context.record?.toJSON(context.currentAdmin),
    ...(await describe(context)),
  });

/**
 * The Submission resource's own pages (issues 3-5): the live submission page, new submission,
 * reload and submit to BioSamples. Their components send the work to the JSON API (one path with
 * its checks, limits and clean-up for people and scripts); the handlers only describe the forms.
 */
export function submissionActions(components: PanelComponents): Record<string, Partial<Action<ActionResponse>>> {
  return {
    show: { component: components.SubmissionShow, hideActionHeader: true },
    newSubmission: {
      actionType: 'resource',
      icon: 'Plus',
      isAccessible: anyone,
      component: components.NewSubmission,
      handler: formOnly(newSubmissionForm),
    },
    reload: {
      actionType: 'record',
      icon: 'Upload',
      isAccessible: ownerOnly,
      isVisible: statusAllows(canReload),
      component: components.ReloadSubmission,
      handler: formOnly(async ({ record }) => ({
        maxUploadMb: config().limits.maxUploadBytes / 1024 / 1024,
        datasourceType: record?.param('datasourceType'),
      })),
    },
    submitToBioSamples: {
      actionType: 'record',
      icon: 'Send',
      isAccessible: ownerOnly,
      isVisible: statusAllows(canRequestSubmission),
      component: components.SubmitToBioSamples,
      handler: formOnly(async ({ record }) => ({
        releaseDate: record?.param('releaseDate') ?? new Date().toISOString().slice(0, 10),
        testServer: isTestServer(),
      })),
    },
    overview: {
      actionType: 'record',
      isAccessible: ownerOnly,
      isVisible: false,
      component: false,
      handler: overviewHandler,
    },
  };
}
