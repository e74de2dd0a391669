import type { EntityManager } from 'typeorm';
import type { RecordType } from '../db/entities/enums.js';
import type { EditableField } from './editable-fields.js';

/** One column to set: vocabulary fields carry the term id, the others their value. */
export interface ColumnChange {
  field: EditableField;
  value: string | number | null;
}

/** SQL selecting the ids of the records to change; `bind` adds a parameter and returns its placeholder. */
export type TargetSql = (bind: (value: unknown) => string) => string;

const TABLE: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };

/** The SQL type a field's value is bound as. */
export const castOf = (field: EditableField): string =>
  field.kind === 'vocabulary' ? 'int' : field.kind === 'number' ? 'double precision' : 'text';

/**
 * Sets the columns on the target records whose value differs, in one statement, and treats their
 * last validation as stale, as the original's "Info: data has changed" did: the record becomes
 * `need_revision` with no validation level (until validated again), and its stored result loses
 * the messages about the changed fields (they described the old values) while keeping the others.
 * A unit change drops only the unit messages of its number. Returns how many records changed.
 */
export async function applyChanges(m: EntityManager, type: RecordType, targets: TargetSql, changes: ColumnChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const targetSql = targets(bind);
  const values = changes.map((c) => `${bind(c.value)}::${castOf(c.field)}`);
  const sets = changes.map((c, i) => `${c.field.column} = ${values[i]}`);
  const differs = changes.map((c, i) => `r.${c.field.column} IS DISTINCT FROM ${values[i]}`);
  const valueFields = changes.filter((c) => c.field.kind !== 'unit').flatMap((c) => c.field.affects);
  const unitFields = changes.filter((c) => c.field.kind === 'unit').map((c) => c.field.attribute);
  const dropped = `COALESCE((x.m->>'field') = ANY(${bind(valueFields)}::text[])
      OR ((x.m->>'field') = ANY(${bind(unitFields)}::text[]) AND (x.m->>'key') LIKE 'unit\\_%'), false)`;
  const fk = `${type}_id`;
  const [{ changed }]: { changed: number }[] = await m.query(
    `WITH changed AS (
       UPDATE ${TABLE[type]} r SET ${sets.join(', ')}, status = 'need_revision', validation = NULL, last_changed_at = now()
        WHERE r.id IN (${targetSql}) AND (${differs.join(' OR ')})
        RETURNING r.id),
     cleaned AS (
       UPDATE validation_results v
          SET (messages, level) = (
                SELECT COALESCE(jsonb_agg(e.m ORDER BY e.i) FILTER (WHERE NOT e.dropped), '[]'::jsonb),
                       CASE WHEN bool_or(NOT e.dropped AND e.m->>'level' = 'error') THEN 'error'
                            WHEN bool_or(NOT e.dropped) THEN 'warning' ELSE 'pass' END
                  FROM (SELECT x.m, x.i, ${dropped} AS dropped
                          FROM jsonb_array_elements(v.messages) WITH ORDINALITY AS x(m, i)) e)
         FROM changed c
        WHERE v.${fk} = c.id
        RETURNING v.id)
     SELECT count(*)::int AS changed FROM changed`,
    params,
  );
  return changed;
}

/** The submission's validation summary describes records as they were: the panel says so. */
export async function markSummaryChanged(m: EntityManager, submissionId: number): Promise<void> {
  await m.query(
    `UPDATE submissions SET validation_summary = validation_summary || jsonb_build_object('changedAt', now())
      WHERE id = $1 AND validation_summary IS NOT NULL`,
    [submissionId],
  );
}
