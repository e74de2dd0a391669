import { Router } from 'express';
import { RECORD_TYPES } from '../../core/db/entities/enums.js';
import { describeEditableFields } from '../../core/fixes/editable-fields.js';
import { requestFix } from '../../core/fixes/fix-requests.js';
import { enqueue } from '../../jobs/queue.js';
import { fixApiError } from './fix-errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

/**
 * `POST /api/submissions/:id/fix` ("Fix this" by message key or ids; bulk edit by ids or `filter`)
 * → 202 `{id, status: "waiting", fixId, records}`; `GET /api/editable-fields` → what can be set.
 */
export const router = Router();

router.post('/submissions/:id/fix', requireLogin, async (req, res) => {
  const queued = await requestFix(actorOf(req), idParam(req), req.body ?? {}, (job) => enqueue('fix-submission', job))
    .catch((err) => { throw fixApiError(err); });
  res.status(202).json(queued);
});

router.get('/editable-fields', requireLogin, (_req, res) => {
  res.json(Object.fromEntries(RECORD_TYPES.map((t) => [t, describeEditableFields(t)])));
});
