import type { EntityManager } from 'typeorm';
import type { RecordType } from '../db/entities/enums.js';
import type { RecordVerdict } from './engine.js';

export interface RecordResult {
  id: number;
  verdict: RecordVerdict;
}

const TABLE: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };

/**
 * Stores one batch: a validation result per record (replacing the previous one) and the record's
 * level and status. Pass and warning make a record `ready`, error `need_revision`; a record already
 * `submitted` or `completed` that passes keeps its status (as in the original).
 */
export async function storeResults(m: EntityManager, submissionId: number, recordType: RecordType, results: RecordResult[]): Promise<void> {
  if (results.length === 0) return;
  const table = TABLE[recordType];
  const column = `${recordType}_id`;
  const rows = JSON.stringify(results.map((r) => ({ id: r.id, level: r.verdict.level, messages: r.verdict.messages })));
  await m.query(
    `INSERT INTO validation_results (submission_id, owner_id, record_type, ${column}, level, messages, validated_at)
     SELECT $2, t.owner_id, $3, x.id, x.level, x.messages, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id int, level varchar, messages jsonb)
       JOIN ${table} t ON t.id = x.id
     ON CONFLICT (${column}) WHERE ${column} IS NOT NULL
     DO UPDATE SET level = EXCLUDED.level, messages = EXCLUDED.messages, submission_id = EXCLUDED.submission_id,
                   owner_id = EXCLUDED.owner_id, validated_at = now()`,
    [rows, submissionId, recordType],
  );
  await m.query(
    `UPDATE ${table} t
        SET validation = x.level,
            status = CASE WHEN x.level = 'error' THEN 'need_revision'
                          WHEN t.status IN ('submitted', 'completed') THEN t.status
                          ELSE 'ready' END
       FROM jsonb_to_recordset($1::jsonb) AS x(id int, level varchar)
      WHERE t.id = x.id`,
    [JSON.stringify(results.map((r) => ({ id: r.id, level: r.verdict.level })))],
  );
}
