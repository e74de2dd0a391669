import { Router } from 'express';
import type { RecordType } from '../../core/db/entities/enums.js';
import { listRecords, recordDetail } from '../../core/submissions/records-query.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';
import { listBody, pageOf } from './pagination.js';

/**
 * `GET /api/submissions/:id/animals|samples` (paginated, filtered) and `GET /api/animals/:id`,
 * `GET /api/samples/:id`; another curator's submission or record is "not found".
 */
export const router = Router();

const TYPES: [path: string, type: RecordType][] = [['animals', 'animal'], ['samples', 'sample']];

for (const [path, type] of TYPES) {
  router.get(`/submissions/:id/${path}`, requireLogin, async (req, res) => {
    const page = pageOf(req.query);
    const list = await listRecords(actorOf(req), idParam(req), type, req.query as Record<string, string>, page);
    if (!list) throw notFound('No such submission');
    res.json(listBody(list.items, list.total, page, list.totalIsEstimate));
  });

  router.get(`/${path}/:id`, requireLogin, async (req, res) => {
    const record = await recordDetail(actorOf(req), type, idParam(req));
    if (!record) throw notFound(`No such ${type}`);
    res.json(record);
  });
}
