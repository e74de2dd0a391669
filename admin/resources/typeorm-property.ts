import { BaseProperty, type PropertyType } from 'adminjs';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

const TYPES: [PropertyType, string[]][] = [
  ['number', ['int', 'int2', 'int4', 'int8', 'integer', 'smallint', 'bigint', 'increment']],
  ['float', ['double precision', 'float4', 'float8', 'real', 'numeric', 'decimal']],
  ['boolean', ['boolean', 'bool']],
  ['datetime', ['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone']],
  ['date', ['date']],
  ['mixed', ['json', 'jsonb', 'simple-json']],
  ['uuid', ['uuid']],
];

function propertyType(column: ColumnMetadata): PropertyType {
  if (column.relationMetadata) return 'reference';
  const name = typeof column.type === 'function' ? column.type.name.toLowerCase() : String(column.type);
  if (name === 'number') return 'number';
  if (name === 'date' && typeof column.type === 'function') return 'datetime';
  return TYPES.find(([, names]) => names.includes(name))?.[0] ?? 'string';
}

/**
 * A TypeORM column as AdminJS sees it. A relation is one property named after the relation
 * (`owner`, holding the referenced id), not `owner.id` as in @adminjs/typeorm.
 */
export class TypeormProperty extends BaseProperty {
  readonly column: ColumnMetadata;

  constructor(column: ColumnMetadata, position: number) {
    const path = column.relationMetadata ? column.relationMetadata.propertyName : column.propertyPath;
    super({ path, type: propertyType(column), isId: column.isPrimary, isSortable: !column.relationMetadata, position });
    this.column = column;
  }

  isEditable(): boolean {
    return !this.column.isGenerated && !this.column.isCreateDate && !this.column.isUpdateDate;
  }

  reference(): string | null {
    return this.column.referencedColumn?.entityMetadata.name ?? null;
  }

  /** Relation name for a reference, column name otherwise: the key TypeORM's `where` expects. */
  whereKey(): string {
    return this.column.relationMetadata?.propertyName ?? this.column.propertyName;
  }

  isRequired(): boolean {
    return !this.column.isNullable && this.column.default === undefined && !this.column.isGenerated
      && !this.column.isCreateDate && !this.column.isUpdateDate;
  }
}
