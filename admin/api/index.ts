import express, { Router } from 'express';
import { apiErrorHandler, sendError } from './errors.js';
import { router as session } from './session.js';
import { router as me } from './me.js';
import { router as tokens } from './tokens.js';
import { router as users } from './users.js';
import { router as submissions } from './submissions.js';
import { router as submissionUpload } from './submission-upload.js';
import { router as files } from './files.js';
import { router as records } from './records.js';
import { router as validation } from './validation.js';
import { router as workbook } from './workbook.js';
import { router as recordEdit } from './record-edit.js';
import { router as fix } from './fix.js';
import { router as submit } from './submit.js';

/** Every topic of the JSON API, mounted at /api in this order; add new topics here. */
const TOPICS: Router[] = [
  session,
  me,
  tokens,
  users,
  submissions,
  submissionUpload,
  files,
  records,
  validation,
  workbook,
  recordEdit,
  fix,
  submit,
];

export function apiRouter(): Router {
  const api = Router();
  api.use(express.json({ limit: '1mb' }));
  for (const topic of TOPICS) api.use(topic);
  api.use((req, res) => sendError(res, 404, 'not_found', `No route ${req.method} /api${req.path}`));
  api.use(apiErrorHandler);
  return api;
}
