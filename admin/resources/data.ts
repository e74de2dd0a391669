import type { ActionContext, ActionRequest, ResourceWithOptions } from 'adminjs';
import { Animal, Sample, Submission, ValidationResult } from '../../core/db/entities/index.js';
import {
  ACCURACIES, DATASOURCE_TYPES, RECORD_STATUSES, SAMPLE_STORAGE_PROCESSINGS, SAMPLE_STORAGES, SUBMISSION_STATUSES,
  TIME_UNITS, VALIDATION_LEVELS, type RecordType,
} from '../../core/db/entities/enums.js';
import { markRecordsEdited, markSubmissionsChanged } from '../../core/submissions/record-edits.js';
import { deleteSubmission } from '../../core/submissions/deletion.js';
import { both, forceOwnerFilter, nobody, notBusy, notByHand, onlyFields, ownerOr, refuseWhileBusy } from './access.js';
import { DATA, values } from './navigation.js';
import { animalsInSameSubmission } from './record-references.js';
import { TypeormResource } from './typeorm-resource.js';
import { Components } from '../panel/components.js';
import { submissionActions } from './submission-actions.js';
import { messageFilter, messageFilterProperty, recordPageActions } from './record-pages.js';

const ownerOnly = ownerOr('owner');
const ownerWhileIdle = both(ownerOnly, notBusy);
const ownedLists = { list: { before: forceOwnerFilter('owner') }, search: { before: forceOwnerFilter('owner') } };
const readOnly = { isVisible: { list: true, filter: true, show: true, edit: false } };
const speciesFilter = { type: 'reference' as const, reference: 'Species', isVisible: { list: false, filter: true, show: false, edit: false } };
const breedFilter = { ...speciesFilter, reference: 'Breed' };

const SUBMISSION_EDITABLE = ['title', 'description'];

/** Message key of the confirmation (admin/panel/translations.ts): deleting never touches BioSamples. */
const DELETE_WARNING = 'deleteSubmissionWarning';

const ANIMAL_EDITABLE = [
  'alternativeId', 'description', 'breed', 'sex', 'father', 'mother', 'birthDate', 'birthLocation',
  'birthLocationLatitude', 'birthLocationLongitude', 'birthLocationAccuracy',
];

const SAMPLE_EDITABLE = [
  'alternativeId', 'description', 'animal', 'collectionProtocol', 'collectionDate', 'collectionPlace',
  'collectionPlaceLatitude', 'collectionPlaceLongitude', 'collectionPlaceAccuracy', 'organismPart',
  'developmentalStage', 'physiologicalStage', 'animalAgeAtCollection', 'animalAgeAtCollectionUnit', 'availability',
  'storage', 'storageProcessing', 'preparationInterval', 'preparationIntervalUnit',
];

/** After a successful edit: the record and its submission need revision. */
function afterRecordEdit(type: RecordType) {
  return async (response: { notice?: { type?: string } }, request: ActionRequest, context: ActionContext) => {
    if (request.method === 'post' && response.notice?.type === 'success' && context.record) {
      await markRecordsEdited(type, [Number(context.record.id())]);
    }
    return response;
  };
}

/** After records were deleted: what is left of their submissions must be validated again. */
async function afterRecordsDeleted(response: { notice?: { type?: string } }, request: ActionRequest, context: ActionContext) {
  if (request.method === 'post' && response.notice?.type === 'success') {
    const records = context.records ?? (context.record ? [context.record] : []);
    await markSubmissionsChanged(records.map((r) => Number(r.param('submission'))));
  }
  return response;
}

/** Records' changes: owner (or admin) only, never while a job works on the submission. */
function recordActions(type: RecordType, editable: string[]) {
  const references = type === 'animal' ? ['father', 'mother'] : ['animal'];
  return {
    ...ownedLists,
    show: { isAccessible: ownerOnly },
    new: { isAccessible: nobody },
    edit: {
      isAccessible: ownerWhileIdle,
      before: [refuseWhileBusy, onlyFields(editable), animalsInSameSubmission(references)],
      after: afterRecordEdit(type),
      // The form saves through PATCH /api/animals|samples/:id, which checks the fields and answers the record's messages.
      component: Components.RecordEdit,
    },
    delete: { isAccessible: ownerWhileIdle, before: refuseWhileBusy, after: afterRecordsDeleted },
    bulkDelete: { isAccessible: ownerWhileIdle, before: refuseWhileBusy, after: afterRecordsDeleted },
    ...recordPageActions(type, Components, ownerOnly, ownerWhileIdle),
  };
}

export function submissionResource(): ResourceWithOptions {
  return {
    resource: new TypeormResource(Submission, { scope: 'owner', exact: ['status', 'datasourceType'], omit: ['file'] }),
    options: {
      navigation: DATA,
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      listProperties: ['id', 'title', 'geneBankName', 'datasourceType', 'status', 'owner', 'updatedAt'],
      filterProperties: ['title', 'status', 'datasourceType', 'geneBankName', 'geneBankCountry', 'owner', 'updatedAt'],
      showProperties: [
        'id', 'title', 'description', 'geneBankName', 'geneBankCountry', 'datasourceType', 'datasourceVersion', 'status',
        'message', 'owner', 'organization', 'releaseDate', 'createdAt', 'updatedAt',
      ],
      editProperties: SUBMISSION_EDITABLE,
      properties: {
        title: { isTitle: true },
        description: { type: 'textarea' },
        message: { type: 'textarea', ...readOnly },
        status: { availableValues: values(SUBMISSION_STATUSES), ...readOnly },
        datasourceType: { availableValues: values(DATASOURCE_TYPES), ...readOnly },
        owner: readOnly,
      },
      actions: {
        ...ownedLists,
        show: { isAccessible: ownerOnly },
        new: { isAccessible: nobody },
        edit: { isAccessible: ownerWhileIdle, before: [refuseWhileBusy, onlyFields(SUBMISSION_EDITABLE)] },
        delete: { isAccessible: ownerWhileIdle, before: refuseWhileBusy, handler: deleteSubmissionHandler, guard: DELETE_WARNING },
        bulkDelete: { isAccessible: ownerWhileIdle, before: refuseWhileBusy, handler: bulkDeleteSubmissionsHandler, guard: DELETE_WARNING },
        ...submissionActions(Components),
      },
    },
  };
}

async function deleteSubmissionHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { record, currentAdmin, h, resource } = context;
  if (!record) throw new Error('record expected');
  if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
  const outcome = await deleteSubmission(Number(record.id()));
  if (outcome !== 'deleted') {
    return { record: record.toJSON(currentAdmin), notice: { message: 'A job is working on this submission; try again later.', type: 'error' } };
  }
  return {
    record: record.toJSON(currentAdmin),
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
    notice: { message: 'successfullyDeleted', type: 'success' },
  };
}

async function bulkDeleteSubmissionsHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { records = [], currentAdmin, h, resource } = context;
  if (request.method !== 'post') return { records: records.map((r) => r.toJSON(currentAdmin)) };
  const outcomes = await Promise.all(records.map((r) => deleteSubmission(Number(r.id()))));
  const deleted = outcomes.filter((o) => o === 'deleted').length;
  return {
    records: records.map((r) => r.toJSON(currentAdmin)),
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
    notice: deleted === records.length
      ? { message: deleted > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted', options: { count: deleted }, type: 'success' }
      : { message: `Deleted ${deleted} of ${records.length}: a job is working on the others.`, type: 'error' },
  };
}

const recordStatusProperties = {
  status: { availableValues: values(RECORD_STATUSES), ...readOnly },
  validation: { availableValues: values(VALIDATION_LEVELS), ...readOnly },
  submission: readOnly,
  accession: readOnly,
  owner: readOnly,
  description: { type: 'textarea' as const },
};

const hiddenBookkeeping = ['alias', 'accessionRequestedAt', 'submittedHash'];

export function animalResource(): ResourceWithOptions {
  return {
    resource: new TypeormResource(Animal, {
      scope: 'owner',
      exact: ['status', 'validation', 'accession'],
      omit: ['publication', ...hiddenBookkeeping],
      virtualFilters: { species: (v) => ({ breed: { species: { id: Number(v) || -1 } } }), message: messageFilter('animal') },
    }),
    options: {
      navigation: DATA,
      listProperties: ['id', 'name', 'breed', 'sex', 'status', 'validation', 'submission'],
      filterProperties: ['name', 'submission', 'status', 'validation', 'message', 'species', 'breed', 'sex', 'accession', 'owner'],
      showProperties: [
        'id', 'name', 'alternativeId', 'description', 'breed', 'sex', 'father', 'mother', 'birthDate', 'birthLocation',
        'birthLocationLatitude', 'birthLocationLongitude', 'birthLocationAccuracy', 'accession', 'status', 'validation',
        'submission', 'owner', 'createdAt', 'lastChangedAt', 'lastSubmittedAt',
      ],
      editProperties: ANIMAL_EDITABLE,
      properties: {
        ...recordStatusProperties,
        species: speciesFilter,
        message: messageFilterProperty,
        birthLocationAccuracy: { availableValues: values(ACCURACIES) },
      },
      actions: recordActions('animal', ANIMAL_EDITABLE),
    },
  };
}

export function sampleResource(): ResourceWithOptions {
  return {
    resource: new TypeormResource(Sample, {
      scope: 'owner',
      exact: ['status', 'validation', 'accession'],
      omit: ['publication', ...hiddenBookkeeping],
      virtualFilters: {
        species: (v) => ({ animal: { breed: { species: { id: Number(v) || -1 } } } }),
        breed: (v) => ({ animal: { breed: { id: Number(v) || -1 } } }),
        message: messageFilter('sample'),
      },
    }),
    options: {
      navigation: DATA,
      listProperties: ['id', 'name', 'animal', 'organismPart', 'status', 'validation', 'submission'],
      filterProperties: ['name', 'submission', 'status', 'validation', 'message', 'species', 'breed', 'animal', 'organismPart', 'accession', 'owner'],
      showProperties: [
        'id', 'name', 'alternativeId', 'description', 'animal', 'collectionProtocol', 'collectionDate', 'collectionPlace',
        'collectionPlaceLatitude', 'collectionPlaceLongitude', 'collectionPlaceAccuracy', 'organismPart',
        'developmentalStage', 'physiologicalStage', 'animalAgeAtCollection', 'animalAgeAtCollectionUnit', 'availability',
        'storage', 'storageProcessing', 'preparationInterval', 'preparationIntervalUnit', 'accession', 'status',
        'validation', 'submission', 'owner', 'createdAt', 'lastChangedAt', 'lastSubmittedAt',
      ],
      editProperties: SAMPLE_EDITABLE,
      properties: {
        ...recordStatusProperties,
        species: speciesFilter,
        breed: breedFilter,
        message: messageFilterProperty,
        collectionPlaceAccuracy: { availableValues: values(ACCURACIES) },
        animalAgeAtCollectionUnit: { availableValues: values(TIME_UNITS) },
        preparationIntervalUnit: { availableValues: values(TIME_UNITS) },
        storage: { availableValues: values(SAMPLE_STORAGES) },
        storageProcessing: { availableValues: values(SAMPLE_STORAGE_PROCESSINGS) },
      },
      actions: recordActions('sample', SAMPLE_EDITABLE),
    },
  };
}

export function validationResultResource(): ResourceWithOptions {
  return {
    resource: new TypeormResource(ValidationResult, { scope: 'owner', exact: ['level', 'recordType'] }),
    options: {
      navigation: DATA,
      titleProperty: 'recordType',
      listProperties: ['id', 'recordType', 'animal', 'sample', 'level', 'submission', 'validatedAt'],
      filterProperties: ['submission', 'recordType', 'level', 'animal', 'sample', 'owner'],
      showProperties: ['id', 'recordType', 'animal', 'sample', 'level', 'messages', 'submission', 'owner', 'validatedAt'],
      properties: {
        level: { availableValues: values(VALIDATION_LEVELS) },
        recordType: { availableValues: values(['animal', 'sample']) },
        owner: readOnly,
      },
      actions: {
        ...ownedLists,
        show: { isAccessible: ownerOnly },
        ...notByHand,
      },
    },
  };
}
