import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { storedFileChunks, submissionFileFor } from '../../core/submissions/download.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

/** `GET /api/submissions/:id/file`: the uploaded file back to its owner or an admin; "not found" for anyone else. */
export const router = Router();

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
/** Types a browser would run or render as a page: sent as plain bytes whatever the uploader claimed. */
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|(text|application)\/(xml|javascript|ecmascript)|multipart\/.*)$/i;

/** The type the upload was stored with (as the uploader's browser said), unless odd or active. */
export function downloadType(stored: string): string {
  const type = stored.trim();
  return MIME_TYPE.test(type) && !ACTIVE.test(type) ? type.toLowerCase() : 'application/octet-stream';
}

/** The curator's file name without any folder, control character or leading dot; never a path here. */
export function downloadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f"]/g, '').replace(/^[.\s]+/, '').trim().slice(0, 200);
  return clean || 'upload';
}

router.get('/submissions/:id/file', requireLogin, async (req, res) => {
  const file = await submissionFileFor(actorOf(req), idParam(req));
  if (!file) throw notFound('No such submission, or it has no file');
  // Sets Content-Disposition (RFC 6266, with an ASCII fallback and filename*); its guessed type is replaced.
  res.attachment(downloadName(file.name));
  res.setHeader('Content-Type', downloadType(file.mimeType));
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (req.method === 'HEAD') return void res.end();
  try {
    await pipeline(Readable.from(storedFileChunks(file)), res);
  } catch (err) {
    // The client went away: nothing to answer. Anything else cuts the download (a short body, never a wrong one).
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
});
