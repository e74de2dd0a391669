import { Router } from 'express';
import { requestValidation, validationSummaryOf } from '../../core/validation/validation-requests.js';
import { enqueue } from '../../jobs/queue.js';
import { ApiError, notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

/** `POST /api/submissions/:id/validate`, `GET /api/submissions/:id/validation` (API.md "Validation"). */
export const router = Router();

router.post('/submissions/:id/validate', requireLogin, async (req, res) => {
  const result = await requestValidation(idParam(req), actorOf(req), (submissionId) => enqueue('validate-submission', { submissionId }));
  if (result.outcome === 'not_found') throw notFound('No such submission');
  if (result.outcome === 'refused') throw new ApiError(409, 'invalid_status', result.message);
  res.status(202).json({ id: result.id, status: result.status });
});

router.get('/submissions/:id/validation', requireLogin, async (req, res) => {
  const summary = await validationSummaryOf(idParam(req), actorOf(req));
  if (!summary) throw notFound('No such submission');
  res.json(summary);
});
