import { Router, type Response } from 'express';
import { findWorkbookSubmission, writeAnnotatedWorkbook } from '../../core/workbook/annotated.js';
import { writeTemplate } from '../../core/workbook/template.js';
import { logger } from '../../core/logger.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `GET /api/template.xlsx` (any logged-in user), `GET /api/submissions/:id/workbook.xlsx` (owner or admin). */
export const router = Router();

router.get('/template.xlsx', requireLogin, async (_req, res) => {
  await download(res, 'image-sample-template.xlsx', () => writeTemplate(res));
});

router.get('/submissions/:id/workbook.xlsx', requireLogin, async (req, res) => {
  const id = await findWorkbookSubmission(actorOf(req), idParam(req));
  if (!id) throw notFound('No such submission');
  const client = new AbortController();
  res.once('close', () => client.abort());
  await download(res, `submission-${id}.xlsx`, () => writeAnnotatedWorkbook(id, res, { signal: client.signal }), { submissionId: id });
});

/**
 * Streams a workbook as an attachment. Before the first byte a failure is an ordinary API error; after
 * it the download can only be cut short, so the client sees a broken file rather than a partial one.
 */
async function download(res: Response, filename: string, write: () => Promise<unknown>, context: object = {}): Promise<void> {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await write();
  } catch (err) {
    if (!res.headersSent) {
      for (const h of ['Content-Type', 'Content-Disposition']) res.removeHeader(h);
      throw err;
    }
    logger.warn({ err, ...context }, 'workbook download cut short');
    res.destroy();
  }
}
