import {
  BaseProperty, BaseRecord, BaseResource, type ActionContext, type ActionRequest, type Filter, type ResourceWithOptions,
} from 'adminjs';
import { CurationError, setTermByHand, termsMissingIds, type TermMissingId } from '../../core/ontology/curation.js';
import { VOCABULARY_NAMES, type VocabularyName } from '../../core/ontology/vocabularies.js';
import { enqueue } from '../../jobs/queue.js';
import type { PanelComponents } from '../panel/components.js';
import { isAdmin, readOnlyForAdmins } from './access.js';
import { VOCABULARIES } from './navigation.js';

export const CURATION_RESOURCE = 'TermMissingId';

/** organismPart → "organism part". */
const VOCABULARY_CHOICES = VOCABULARY_NAMES.map((value) => ({ value, label: value.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`) }));

/** A term's panel id: its vocabulary and its row, e.g. `breed-12`. */
const recordId = (t: Pick<TermMissingId, 'vocabulary' | 'id'>): string => `${t.vocabulary}-${t.id}`;

function parseRecordId(id: string | number): { vocabulary: VocabularyName; id: number } | null {
  const match = /^([a-zA-Z]+)-(\d{1,10})$/.exec(String(id));
  if (!match || !(VOCABULARY_NAMES as string[]).includes(match[1])) return null;
  return { vocabulary: match[1] as VocabularyName, id: Number(match[2]) };
}

const PROPERTIES = [
  new BaseProperty({ path: 'id', type: 'string', isId: true, isSortable: false, position: 0 }),
  new BaseProperty({ path: 'vocabulary', type: 'string', position: 1 }),
  new BaseProperty({ path: 'text', type: 'string', position: 2 }),
  new BaseProperty({ path: 'species', type: 'string', position: 3 }),
  new BaseProperty({ path: 'country', type: 'string', position: 4 }),
];

/**
 * The vocabulary terms still without an ontology id (core/ontology/curation.ts), across every
 * annotated vocabulary, as a read-only panel resource. Vocabularies are small (hundreds of terms),
 * so filters, sorting and pages are applied to the whole list in memory.
 */
export class TermsMissingIdsResource extends BaseResource {
  databaseName(): string {
    return 'InjectTool';
  }

  databaseType(): string {
    return 'vocabularies';
  }

  id(): string {
    return CURATION_RESOURCE;
  }

  properties(): BaseProperty[] {
    return PROPERTIES;
  }

  property(path: string): BaseProperty | null {
    return PROPERTIES.find((p) => p.path() === path) ?? null;
  }

  async count(filter: Filter): Promise<number> {
    return (await this.matching(filter)).length;
  }

  async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }): Promise<BaseRecord[]> {
    const { limit = 20, offset = 0, sort = {} } = options;
    const key = (['vocabulary', 'text', 'species', 'country'] as const).find((k) => k === sort.sortBy);
    const rows = await this.matching(filter);
    if (key) {
      const sign = sort.direction === 'desc' ? -1 : 1;
      rows.sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')));
    }
    return rows.slice(offset, offset + limit).map((t) => this.record(t));
  }

  async findOne(id: string): Promise<BaseRecord | null> {
    const key = parseRecordId(id);
    if (!key) return null;
    const term = (await termsMissingIds([key.vocabulary])).find((t) => t.id === key.id);
    return term ? this.record(term) : null;
  }

  async findMany(ids: Array<string | number>): Promise<BaseRecord[]> {
    const found = await Promise.all(ids.map((id) => this.findOne(String(id))));
    return found.filter((r): r is BaseRecord => r !== null);
  }

  build(params: Record<string, unknown>): BaseRecord {
    return new BaseRecord(params, this);
  }

  async create(): Promise<never> {
    throw new Error('Terms come from vocabularies and imports');
  }

  async update(): Promise<never> {
    throw new Error('Use "Set term by hand"');
  }

  async delete(): Promise<never> {
    throw new Error('Terms missing ids cannot be deleted here');
  }

  private record(t: TermMissingId): BaseRecord {
    return new BaseRecord({ ...t, id: recordId(t), species: t.species ?? '', country: t.country ?? '' }, this);
  }

  private async matching(filter: Filter): Promise<TermMissingId[]> {
    const wanted = Object.values(filter?.filters ?? {});
    const vocabulary = wanted.find((f) => f.path === 'vocabulary')?.value;
    const names = typeof vocabulary === 'string' && (VOCABULARY_NAMES as string[]).includes(vocabulary) ? [vocabulary as VocabularyName] : VOCABULARY_NAMES;
    const contains = wanted.filter((f) => f.path !== 'vocabulary' && typeof f.value === 'string');
    return (await termsMissingIds(names)).filter((t) =>
      contains.every((f) => String(t[f.path as keyof TermMissingId] ?? '').toLowerCase().includes(String(f.value).toLowerCase())));
  }
}

/** "Annotate with Zooma": the annotate-vocabularies job, for every term still missing an id. */
async function annotateHandler(_request: ActionRequest, _response: unknown, context: ActionContext) {
  await enqueue('annotate-vocabularies', {});
  return {
    notice: { message: 'Annotation with Zooma has started: terms it can map (High and Good matches) leave this list in a few minutes', type: 'success' },
    redirectUrl: context.h.resourceUrl({ resourceId: CURATION_RESOURCE }),
  };
}

/** "Set term by hand": an ontology id or IRI (and for a breed, optionally its mapped label), confidence "curated". */
async function setTermHandler(request: ActionRequest, _response: unknown, context: ActionContext) {
  const { record, currentAdmin } = context;
  if (!record) throw new Error('record expected');
  if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
  const key = parseRecordId(record.id())!;
  const term = String(request.payload?.term ?? '').trim();
  const label = String(request.payload?.label ?? '').trim() || undefined;
  try {
    await setTermByHand(key.vocabulary, key.id, term, label);
  } catch (err) {
    if (!(err instanceof CurationError)) throw err;
    return { record: record.toJSON(currentAdmin), notice: { message: err.message, type: 'error' } };
  }
  return {
    record: record.toJSON(currentAdmin),
    notice: { message: `${record.param('text')} is now ${term} (curated)`, type: 'success' },
    redirectUrl: context.h.resourceUrl({ resourceId: CURATION_RESOURCE }),
  };
}

/** Admins only: curators never see this list or its actions. */
export function curationResource(components: PanelComponents): ResourceWithOptions {
  return {
    resource: new TermsMissingIdsResource(),
    options: {
      navigation: VOCABULARIES,
      titleProperty: 'text',
      listProperties: ['vocabulary', 'text', 'species', 'country'],
      filterProperties: ['vocabulary', 'text', 'species', 'country'],
      showProperties: ['vocabulary', 'text', 'species', 'country'],
      properties: { vocabulary: { availableValues: VOCABULARY_CHOICES }, text: { isTitle: true } },
      actions: {
        ...readOnlyForAdmins,
        annotate: {
          actionType: 'resource', icon: 'Zap', component: false,
          guard: 'Ask Zooma for the ontology ids of every term still missing one? Only High and Good matches are kept.',
          isAccessible: isAdmin, handler: annotateHandler,
        },
        setTermByHand: {
          actionType: 'record', icon: 'Edit3', component: components.SetTermByHand,
          isAccessible: isAdmin, handler: setTermHandler,
        },
      },
    },
  };
}
