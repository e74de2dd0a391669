import type { ActionContext, ActionRequest, ResourceWithOptions } from 'adminjs';
import { OrphanError, suppressOrphan } from '../../core/biosamples/orphans.js';
import { SubmitRefused } from '../../core/biosamples/request-submission.js';
import { OrphanedRecord, RECORD_TYPES } from '../../core/db/entities/index.js';
import type { PanelComponents } from '../panel/components.js';
import { both, isAdmin, panelActor, readOnlyForAdmins, type AccessRule } from './access.js';
import { ADMINISTRATION, values } from './navigation.js';
import { TypeormResource } from './typeorm-resource.js';

export const ORPHAN_RESOURCE = 'OrphanedRecord';

const notSuppressed: AccessRule = ({ record }) => !!record && !record.param('suppressedAt');

/**
 * "Suppress in BioSamples": asks the Webin account that created the sample (BioSamples lets only
 * it change the sample) and replaces the sample with a withdrawn, private one (core/biosamples/orphans.ts).
 */
async function suppressHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { record, currentAdmin } = context;
  if (!record) throw new Error('record expected');
  if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
  const username = String(request.payload?.webinUsername ?? '').trim();
  const password = String(request.payload?.webinPassword ?? '');
  if (!username || !password) {
    return { record: record.toJSON(currentAdmin), notice: { message: 'Give the Webin username and password that submitted this record', type: 'error' } };
  }
  try {
    const done = await suppressOrphan(panelActor(currentAdmin)!, Number(record.id()), { username, password });
    const fresh = await context.resource.findOne(String(record.id()), context);
    return {
      record: (fresh ?? record).toJSON(currentAdmin),
      notice: { message: done.suppressMessage ?? 'Suppressed at BioSamples', type: 'success' },
      redirectUrl: context.h.recordActionUrl({ resourceId: ORPHAN_RESOURCE, recordId: String(record.id()), actionName: 'show' }),
    };
  } catch (err) {
    if (!(err instanceof OrphanError) && !(err instanceof SubmitRefused)) throw err;
    return { record: record.toJSON(currentAdmin), notice: { message: err.message, type: 'error' } };
  }
}

/** Records of deleted submissions that still exist at BioSamples: admins only, read-only but for "Suppress". */
export function orphanResource(components: PanelComponents): ResourceWithOptions {
  return {
    resource: new TypeormResource(OrphanedRecord, { exact: ['recordType', 'reason'] }),
    options: {
      navigation: ADMINISTRATION,
      titleProperty: 'name',
      sort: { sortBy: 'deletedAt', direction: 'desc' },
      listProperties: ['accession', 'name', 'recordType', 'species', 'owner', 'submissionTitle', 'reason', 'deletedAt', 'suppressedAt'],
      filterProperties: ['accession', 'name', 'recordType', 'owner', 'submissionTitle', 'reason', 'suppressedAt'],
      showProperties: ['id', 'accession', 'alias', 'name', 'recordType', 'species', 'speciesTerm', 'owner', 'submissionTitle', 'reason', 'deletedAt', 'suppressedAt', 'suppressMessage'],
      properties: {
        name: { isTitle: true },
        recordType: { availableValues: values(RECORD_TYPES) },
        suppressMessage: { type: 'textarea' },
      },
      actions: {
        // What InjectTool left at BioSamples is kept: nothing here is created, edited or forgotten by hand.
        ...readOnlyForAdmins,
        suppress: {
          actionType: 'record', icon: 'EyeOff', variant: 'danger', component: components.SuppressOrphan,
          isAccessible: both(isAdmin, notSuppressed), handler: suppressHandler,
        },
      },
    },
  };
}
