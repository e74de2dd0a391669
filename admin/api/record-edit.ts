import { Router } from 'express';
import { z } from 'zod';
import type { RecordType } from '../../core/db/entities/enums.js';
import { editRecord } from '../../core/fixes/record-edit.js';
import { fixApiError } from './fix-errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

/**
 * `PATCH /api/animals/:id`, `PATCH /api/samples/:id`: fields by API name; answers the record as
 * `GET` does, with `validation` a fresh check of it (`preview: true`) and the `changedFields`.
 */
export const router = Router();

const changes = z.record(z.string(), z.unknown());
const TYPES: [path: string, type: RecordType][] = [['animals', 'animal'], ['samples', 'sample']];

for (const [path, type] of TYPES) {
  router.patch(`/${path}/:id`, requireLogin, async (req, res) => {
    const id = idParam(req);
    const body = changes.parse(req.body ?? {});
    res.json(await editRecord(actorOf(req), type, id, body).catch((err) => { throw fixApiError(err); }));
  });
}
