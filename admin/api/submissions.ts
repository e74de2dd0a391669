import { Router } from 'express';
import { listSubmissions, submissionDetail } from '../../core/submissions/presenter.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';
import { listBody, pageOf } from './pagination.js';

/** `GET /api/submissions`, `GET /api/submissions/:id`; a curator sees only their own, others are "not found". */
export const router = Router();
router.use('/submissions', requireLogin);

router.get('/submissions', async (req, res) => {
  const page = pageOf(req.query);
  const { items, total } = await listSubmissions(actorOf(req), page.page, page.perPage);
  res.json(listBody(items, total, page));
});

router.get('/submissions/:id', async (req, res) => {
  const detail = await submissionDetail(idParam(req), actorOf(req));
  if (!detail) throw notFound('No such submission');
  res.json(detail);
});
