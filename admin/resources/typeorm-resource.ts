import { Resource } from '@adminjs/typeorm';
import { BaseRecord, ValidationError, type ActionContext, type Filter } from 'adminjs';
import {
  Between, ILike, In, LessThanOrEqual, MoreThanOrEqual, QueryFailedError, type BaseEntity, type FindOptionsWhere,
} from 'typeorm';
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

/**
 * The one TypeORM resource of the panel. Over @adminjs/typeorm it adds: ownership enforced in the
 * queries themselves (a curator's query can only ever return their own rows, whatever the filters),
 * relations loaded as ids, case-insensitive "contains" filters, readable database errors, and one
 * place to change how lists are counted.
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

  /** Exact for now; at a million rows this is where an estimate would go. */
  async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.entity.count({ where: this.where(filter, context) });
  }

  async find(filter: Filter, params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 10, offset = 0, sort = {} } = params;
    const sortBy = sort.sortBy && this.props.get(sort.sortBy)?.isSortable() ? sort.sortBy : this.idName();
    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const order: Where = { [sortBy]: direction };
    if (sortBy !== this.idName()) order[this.idName()] = direction;
    const rows = await this.entity.find({ where: this.where(filter, context), take: limit, skip: offset, order, loadRelationIds: true });
    return rows.map((row) => new BaseRecord(row as never, this));
  }

  async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const key = toId(id);
    if (key === undefined) return null;
    const row = await this.entity.findOne({ where: { ...this.scope(context), [this.idName()]: key }, loadRelationIds: true });
    return row ? new BaseRecord(row as never, this) : null;
  }

  async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const keys = ids.map(toId).filter((k): k is number => k !== undefined);
    if (!keys.length) return [];
    const rows = await this.entity.find({ where: { ...this.scope(context), [this.idName()]: In(keys) }, loadRelationIds: true });
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
    return deepMerge(where, this.scope(context)) as FindOptionsWhere<BaseEntity>;
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
