import { ValidationError, type ActionContext, type ActionRequest } from 'adminjs';
import { db } from '../../core/db/data-source.js';

/**
 * Before an animal or sample is saved: the animals it points to (father, mother, the sample's
 * animal) must be in the same submission, so nobody links to, or probes, another curator's records.
 */
export function animalsInSameSubmission(fields: string[]) {
  return async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload || !context.record) return request;
    const submissionId = Number(context.record.param('submission'));
    const errors: Record<string, { message: string }> = {};
    for (const field of fields) {
      const value = request.payload[field];
      if (value === undefined || value === null || value === '') continue;
      const found = /^\d{1,10}$/.test(String(value))
        ? await db().query(`SELECT 1 FROM animals WHERE id = $1 AND submission_id = $2`, [Number(value), submissionId])
        : [];
      if (!found.length) errors[field] = { message: 'Choose an animal of the same submission' };
    }
    if (Object.keys(errors).length) throw new ValidationError(errors, { message: 'Choose animals of the same submission' });
    return request;
  };
}
