import { Router } from 'express';
import { z } from 'zod';
import { listOrphans, OrphanError, suppressOrphan } from '../../core/biosamples/orphans.js';
import { requestSubmission, SubmitRefused } from '../../core/biosamples/request-submission.js';
import { enqueue } from '../../jobs/queue.js';
import { ApiError } from './errors.js';
import { actorOf, idParam, requireAdmin, requireLogin } from './guards.js';
import { listBody, pageOf } from './pagination.js';

/**
 * `POST /api/submissions/:id/submit` (API.md "Submission to BioSamples"), and for admins the
 * records deleted submissions left at BioSamples: `GET /api/orphans`, `POST /api/orphans/:id/suppress`.
 */
export const router = Router();

const webinLogin = z.object({
  webinUsername: z.string().trim().min(1, 'the Webin username is required').max(255),
  webinPassword: z.string().min(1, 'the Webin password is required').max(1000),
});

const submitBody = webinLogin.extend({
  releaseDate: z.string().trim().optional(),
});

const SUBMIT_STATUS: Record<SubmitRefused['code'], number> = {
  not_found: 404,
  invalid_status: 409,
  invalid_release_date: 400,
  webin_login_failed: 422,
  webin_unavailable: 503,
};

const ORPHAN_STATUS: Record<OrphanError['code'], number> = {
  forbidden: 403,
  not_found: 404,
  in_use: 409,
  biosamples_refused: 422,
};

router.post('/submissions/:id/submit', requireLogin, async (req, res) => {
  const id = idParam(req);
  const body = submitBody.parse(req.body ?? {});
  try {
    const result = await requestSubmission(
      actorOf(req), id, { username: body.webinUsername, password: body.webinPassword }, body.releaseDate || undefined,
      (submissionId) => enqueue('submit-submission', { submissionId }),
    );
    res.status(202).json(result);
  } catch (err) {
    if (err instanceof SubmitRefused) {
      throw new ApiError(SUBMIT_STATUS[err.code], err.code, err.message, err.code === 'invalid_release_date' ? [{ field: 'releaseDate', message: err.message }] : undefined);
    }
    throw err;
  }
});

router.get('/orphans', requireLogin, requireAdmin, async (req, res) => {
  const page = pageOf(req.query);
  const { items, total } = await orphanCall(() => listOrphans(actorOf(req), page.page, page.perPage));
  res.json(listBody(items, total, page));
});

router.post('/orphans/:id/suppress', requireLogin, requireAdmin, async (req, res) => {
  const id = idParam(req);
  const body = webinLogin.parse(req.body ?? {});
  try {
    res.json(await orphanCall(() => suppressOrphan(actorOf(req), id, { username: body.webinUsername, password: body.webinPassword })));
  } catch (err) {
    if (err instanceof SubmitRefused) throw new ApiError(SUBMIT_STATUS[err.code], err.code, err.message);
    throw err;
  }
});

async function orphanCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof OrphanError) throw new ApiError(ORPHAN_STATUS[err.code], err.code, err.message);
    throw err;
  }
}
