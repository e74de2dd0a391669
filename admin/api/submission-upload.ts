import fs from 'node:fs/promises';
import os from 'node:os';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { config } from '../../core/config.js';
import type { Upload } from '../../core/submissions/files.js';
import { SubmissionError, createSubmission, deleteSubmission, reloadSubmission } from '../../core/submissions/service.js';
import { enqueue } from '../../jobs/queue.js';
import { ApiError } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

/** `POST /api/submissions`, `POST /api/submissions/:id/reload`, `DELETE /api/submissions/:id` (API.md "Submissions"). */
export const router = Router();

const STATUS: Record<SubmissionError['code'], number> = {
  not_found: 404,
  busy: 409,
  duplicate_submission: 422,
  unknown_country: 422,
  unsupported_file_type: 415,
};

function toApiError(err: unknown): unknown {
  if (!(err instanceof SubmissionError)) return err;
  return new ApiError(STATUS[err.code], err.code, err.message, err.field ? [{ field: err.field, message: err.message }] : undefined);
}

/**
 * The `file` part to a temp file under a random name (never the name the user sent), within
 * MAX_UPLOAD_MB; removed once the request is answered, whatever happened.
 */
const receiveFile: RequestHandler = (req, res, next) => {
  const maxBytes = config().limits.maxUploadBytes;
  const receive = multer({
    storage: multer.diskStorage({ destination: os.tmpdir() }),
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
    defParamCharset: 'utf8',
  }).single('file');
  receive(req, res, (err: unknown) => {
    if (req.file) res.on('close', () => void fs.rm(req.file!.path, { force: true }));
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
      return next(new ApiError(413, 'upload_too_large', `The file is larger than ${maxBytes / 1024 / 1024} MB (MAX_UPLOAD_MB)`));
    }
    if (err instanceof multer.MulterError) return next(new ApiError(400, 'bad_upload', `The upload is not as expected: ${err.message}`));
    next(err);
  });
};

function uploadOf(req: Request): Upload {
  if (!req.file) throw new ApiError(400, 'file_required', "Send the data file as the multipart field 'file'", [{ field: 'file', message: 'required' }]);
  return { path: req.file.path, originalName: req.file.originalname, mimeType: req.file.mimetype };
}

/** Express 5 forwards rejected promises; this only turns core's refusals into API errors. */
const handle = (fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction) => fn(req, res).catch((err) => next(toApiError(err)));

router.post('/submissions', requireLogin, receiveFile, handle(async (req, res) => {
  const created = await createSubmission(actorOf(req), req.body ?? {}, uploadOf(req));
  await enqueue('import-submission', { submissionId: created.id });
  res.status(202).json(created);
}));

router.post('/submissions/:id/reload', requireLogin, receiveFile, handle(async (req, res) => {
  const reloaded = await reloadSubmission(actorOf(req), idParam(req), uploadOf(req));
  await enqueue('import-submission', { submissionId: reloaded.id });
  res.status(202).json(reloaded);
}));

router.delete('/submissions/:id', requireLogin, handle(async (req, res) => {
  await deleteSubmission(actorOf(req), idParam(req));
  res.status(204).end();
}));
