import { Resource } from '@adminjs/typeorm';
import {
  BaseRecord, ValidationError, type Action, type ActionContext, type After, type Filter, type ListActionResponse, type ResourceWithOptions,
} from 'adminjs';
import {
  Between, Equal, ILike, In, LessThanOrEqual, MoreThanOrEqual, QueryFailedError, type BaseEntity, type FindOptionsWhere,
} from 'typeorm';
import { countRows } from '../../core/db/row-count.js';
import { TypeormProperty } from './typeorm-property.js';

type Where = Record<string, unknown>;
type Entity = typeof BaseEntity;

/** Where a record's owner is: its `owner` relation, its `user` relation, or the record is the user itself. */
export type OwnerScope = 'owner' | 'user' | 'self';

export interface ResourceSettings {
  /** Curators see only their own records of this resource, in every query (lists, records, references). */
  scope?: OwnerScope;
  /** String properties filtered by equality (statuses, levels) rather than "contains". */
  exact?: string[];
  /** Filters on things the entity has no column for, e.g. an animal's species through its breed. */
  virtualFilters?: Record<string, (value: string) => Where>;
  /** Relations to entities that are not panel resources (uploaded files, publications). */
  omit?: string[];
}

const NONE = { id: -1 };

/** Set on the action context by count() when the list's total is an estimate (see flagEstimatedTotal). */
const ESTIMATED = Symbol('totalIsEstimate');

/** `after` of list actions: `meta.totalIsEstimate: true` when the total is PostgreSQL's estimate. */
export const flagEstimatedTotal: After<ListActionResponse> = async (response, _request, context) => {
  if ((context as { [ESTIMATED]?: boolean })[ESTIMATED] && response.meta) (response.meta as Record<string, unknown>).totalIsEstimate = true;
  return response;
};

/** The panel's resources with flagEstimatedTotal after the list action of every TypeormResource. */
export function withEstimatedTotals(resources: ResourceWithOptions[]): ResourceWithOptions[] {
  return resources.map((r) => {
    if (!(r.resource instanceof TypeormResource)) return r;
    const list = (r.options?.actions?.list ?? {}) as Partial<Action<ListActionResponse>>;
    const after = ([] as After<ListActionResponse>[]).concat(list.after ?? []);
    const actions = { ...r.options?.actions, list: { ...list, after: [...after, flagEstimatedTotal] } };
    return { ...r, options: { ...r.options, actions } } as ResourceWithOptions;
  });
}

/**
 * The one TypeORM resource of the panel. Over @adminjs/typeorm it adds: ownership enforced in the
 * queries themselves (a curator's query can only ever return their own rows, whatever the filters),
 * relations loaded as ids, case-insensitive "contains" filters, readable database errors, and lists
 * that stay fast at a million rows (counts estimated above 100,000, deep pages read from an index).
 */
export class TypeormResource extends Resource {
  private readonly entity: Entity;
  private readonly settings: ResourceSettings;
  private readonly props: Map<string, TypeormProperty>;

  constructor(entity: Entity, settings: ResourceSettings = {}) {
    super(entity);
    this.entity = entity;
    this.settings = settings;
    const omit = new Set(settings.omit ?? []);
    const columns = entity.getRepository().metadata.columns.filter(
      (c) => c.isSelect && !omit.has(c.relationMetadata?.propertyName ?? c.propertyName),
    );
    this.props = new Map(columns.map((c, i) => {
      const p = new TypeormProperty(c, i);
      return [p.path(), p];
    }));
  }

  // @adminjs/typeorm does not export its Property type; ours has what AdminJS and its prepareParams use.
  properties(): ReturnType<Resource['properties']> {
    return [...this.props.values()] as unknown as ReturnType<Resource['properties']>;
  }

  property(path: string): ReturnType<Resource['property']> {
    return this.props.get(path) as unknown as ReturnType<Resource['property']>;
  }

  /** Exact up to 100,000 rows, PostgreSQL's estimate above (core/db/row-count.ts): no list counts a million rows per page. */
  async count(filter: Filter, context?: ActionContext): Promise<number> {
    const alias = this.entity.getRepository().metadata.targetName;
    const query = this.entity.getRepository().createQueryBuilder(alias).setFindOptions({ where: this.where(filter, context) }).select('1');
    const [sql, params] = query.getQueryAndParameters();
    const { total, isEstimate } = await countRows(sql, params, { trustLargeEstimate: !this.isScoped(context) });
    if (context) (context as { [ESTIMATED]?: boolean })[ESTIMATED] = isEstimate;
    return total;
  }

  async find(filter: Filter, params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 10, offset = 0, sort = {} } = params;
    const sortBy = sort.sortBy && this.props.get(sort.sortBy)?.isSortable() ? sort.sortBy : this.idName();
    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const repository = this.entity.getRepository();
    const alias = repository.metadata.targetName;
    // The page's ids first, from an index alone (a deep page skips index entries, not table rows),
    // then those rows; a plain find would fetch and drop every row before the page.
    const page = repository.createQueryBuilder(alias).setFindOptions({ where: this.where(filter, context) })
      .select(`${alias}.${this.idName()}`, 'id').orderBy(`${alias}.${sortBy}`, direction);
    if (sortBy !== this.idName()) page.addOrderBy(`${alias}.${this.idName()}`, direction);
    const ids = (await page.offset(offset).limit(limit).getRawMany<{ id: number }>()).map((r) => r.id);
    if (!ids.length) return [];
    const rows = await this.entity.find({ where: onForeignKeys({ ...this.scope(context), [this.idName()]: In(ids) }), loadRelationIds: true });
    const byId = new Map(rows.map((row) => [(row as unknown as Record<string, number>)[this.idName()], row]));
    return ids.flatMap((id) => (byId.has(id) ? [new BaseRecord(byId.get(id) as never, this)] : []));
  }

  async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const key = toId(id);
    if (key === undefined) return null;
    const row = await this.entity.findOne({ where: onForeignKeys({ ...this.scope(context), [this.idName()]: key }), loadRelationIds: true });
    return row ? new BaseRecord(row as never, this) : null;
  }

  async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const keys = ids.map(toId).filter((k): k is number => k !== undefined);
    if (!keys.length) return [];
    const rows = await this.entity.find({ where: onForeignKeys({ ...this.scope(context), [this.idName()]: In(keys) }), loadRelationIds: true });
    return rows.map((row) => new BaseRecord(row as never, this));
  }

  /** Only the resource's editable properties reach the entity: a forged `owner` or `passwordHash` is dropped. */
  async create(params: Record<string, unknown>): Promise<Record<string, unknown>> {
    return super.create(this.editableOnly(params));
  }

  async update(id: string | number, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return super.update(id, this.editableOnly(params));
  }

  async delete(id: string | number): Promise<void> {
    try {
      const row = await this.entity.findOneBy({ [this.idName()]: toId(id) } as never);
      if (row) await row.remove();
    } catch (err) {
      throw readableError(err);
    }
  }

  async validateAndSave(instance: BaseEntity): Promise<void> {
    try {
      await instance.save();
    } catch (err) {
      throw readableError(err);
    }
  }

  private editableOnly(params: Record<string, unknown>): Record<string, unknown> {
    const editable = [...this.props.values()].filter((p) => p.isEditable() && !p.isId()).map((p) => p.path());
    return Object.fromEntries(Object.entries(params).filter(([key]) => editable.some((p) => key === p || key.startsWith(`${p}.`))));
  }

  /** True when the actor sees only their own rows of this resource. */
  private isScoped(context?: ActionContext): boolean {
    return Object.keys(this.scope(context)).length > 0;
  }

  private scope(context?: ActionContext): Where {
    const scope = this.settings.scope;
    if (!scope) return {};
    const admin = context?.currentAdmin as { id?: number | string; role?: string } | undefined;
    if (admin?.role === 'admin') return {};
    const me = toId(admin?.id ?? '');
    if (me === undefined) return NONE;
    return scope === 'self' ? { id: me } : { [scope]: { id: me } };
  }

  private where(filter: Filter | undefined, context?: ActionContext): FindOptionsWhere<BaseEntity> {
    let where: Where = {};
    for (const [key, f] of Object.entries(filter?.filters ?? {})) {
      const virtual = this.settings.virtualFilters?.[key];
      if (virtual) {
        where = deepMerge(where, virtual(String(f.value)));
        continue;
      }
      const property = this.props.get(key);
      const condition = property && this.condition(property, f.value);
      if (condition !== undefined) where = deepMerge(where, { [property!.whereKey()]: condition });
    }
    // Last, so no filter can widen it.
    return onForeignKeys(deepMerge(where, this.scope(context))) as FindOptionsWhere<BaseEntity>;
  }

  private condition(property: TypeormProperty, value: unknown): unknown {
    switch (property.type()) {
      case 'reference': {
        const id = toId(value as string);
        return id === undefined ? undefined : { id };
      }
      case 'number':
      case 'float': {
        const n = Number(value);
        return value === '' || Number.isNaN(n) ? undefined : n;
      }
      case 'boolean':
        return value === true || value === 'true';
      case 'date':
      case 'datetime':
        return dateRange(value);
      case 'mixed':
        return undefined;
      case 'uuid':
        return /^[0-9a-f-]{36}$/i.test(String(value)) ? String(value) : undefined;
      default:
        if (typeof value !== 'string' || value === '') return undefined;
        return this.settings.exact?.includes(property.path()) ? value : ILike(`%${value.replace(/[\\%_]/g, '\\$&')}%`);
    }
  }
}

function toId(value: string | number): number | undefined {
  const n = typeof value === 'number' ? value : /^\d{1,10}$/.test(String(value)) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : undefined;
}

function dateRange(value: unknown): unknown {
  const { from, to } = (typeof value === 'object' && value ? value : {}) as { from?: string; to?: string };
  const valid = (d?: string) => (d && !Number.isNaN(new Date(d).getTime()) ? new Date(d) : undefined);
  const [a, b] = [valid(from), valid(to)];
  if (a && b) return Between(a, b);
  if (a) return MoreThanOrEqual(a);
  if (b) return LessThanOrEqual(b);
  return undefined;
}

/**
 * `{owner: {id: 5}}` makes TypeORM join users (and page through a DISTINCT subquery); `Equal(5)`
 * on the relation compares the foreign key column itself, so the (owner_id, id) index serves.
 */
function onForeignKeys(where: Where): Where {
  const out: Where = {};
  for (const [key, value] of Object.entries(where)) {
    const id = isPlain(value) && Object.keys(value as Where).length === 1 ? (value as Where).id : undefined;
    out[key] = typeof id === 'number' ? Equal(id) : value;
  }
  return out;
}

function deepMerge(a: Where, b: Where): Where {
  const out: Where = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? deepMerge(prev as Where, v as Where) : v;
  }
  return out;
}

const isPlain = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A database refusal as a person can read it, shown by AdminJS as the form's error notice. */
function readableError(err: unknown): unknown {
  if (!(err instanceof QueryFailedError)) return err;
  const e = err.driverError as { code?: string; detail?: string; column?: string };
  const detail = e.detail ? ` (${e.detail})` : '';
  const message = {
    '23505': `Another record already has this value${detail}`,
    '23503': `This record is linked to other records${detail}`,
    '23502': `A required value is missing${e.column ? `: ${e.column}` : ''}`,
    '23514': 'A value is not one of the allowed values',
    '22P02': 'A value has the wrong type',
    '22001': 'A value is too long',
  }[e.code ?? ''] ?? 'The database refused the change';
  // AdminJS counts an edit as failed only when some property has an error.
  const property = e.column ? e.column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) : 'record';
  return new ValidationError({ [property]: { message, type: 'database' } }, { message, type: 'database' });
}
