import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { db } from '../db/data-source.js';

/** An upload waiting on local disk (multer's temp file), never named after what the user called it. */
export interface Upload {
  path: string;
  /** The name the curator's file had: shown, never used as a path. */
  originalName: string;
  mimeType: string;
}

const READ_CHUNK = 8 * 1024 * 1024;

/** COPY text format: the few characters a text field must escape. */
const copyText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/**
 * Stores an upload in `uploaded_files` inside the caller's transaction, streaming it through COPY
 * as hex, so the web process never holds a 100 MB file in memory. Returns the new row's id.
 */
export async function storeUpload(manager: EntityManager, ownerId: number, upload: Upload): Promise<number> {
  if (!manager.queryRunner) throw new Error('storeUpload must run inside a transaction');
  const client = (await manager.queryRunner.connect()) as pg.ClientBase;
  const { size } = await fsp.stat(upload.path);
  const { rows: [{ id }] } = await client.query(`SELECT nextval(pg_get_serial_sequence('uploaded_files', 'id'))::int AS id`);
  const name = copyText(upload.originalName.slice(0, 255) || 'upload');
  const mimeType = copyText((upload.mimeType || 'application/octet-stream').slice(0, 255));
  const copy = client.query(copyFrom(`COPY uploaded_files (id, name, size, mime_type, owner_id, content) FROM STDIN`));
  const write = async (chunk: string) => {
    if (!copy.write(chunk)) await once(copy, 'drain');
  };
  try {
    await write(`${id}\t${name}\t${size}\t${mimeType}\t${ownerId}\t\\\\x`);
    for await (const chunk of fs.createReadStream(upload.path, { highWaterMark: 1024 * 1024 })) {
      await write((chunk as Buffer).toString('hex'));
    }
    copy.end('\n');
    await finished(copy);
  } catch (err) {
    copy.destroy(err as Error);
    throw err;
  }
  return id;
}

/** Writes a stored upload to `path` chunk by chunk, so even a 100 MB file is never whole in memory. */
export async function writeUploadTo(fileId: number, path: string): Promise<{ name: string; size: number }> {
  const [file]: { name: string; size: number }[] = await db().query(
    `SELECT name, octet_length(content)::bigint AS size FROM uploaded_files WHERE id = $1`,
    [fileId],
  );
  if (!file) throw new Error(`uploaded file ${fileId} does not exist`);
  const size = Number(file.size);
  const out = await fsp.open(path, 'w', 0o600);
  try {
    for (let offset = 0; offset < size; offset += READ_CHUNK) {
      const [{ chunk }]: { chunk: Buffer }[] = await db().query(
        `SELECT substring(content FROM $2::int FOR $3::int) AS chunk FROM uploaded_files WHERE id = $1`,
        [fileId, offset + 1, READ_CHUNK],
      );
      await out.write(chunk);
    }
  } finally {
    await out.close();
  }
  return { name: file.name, size };
}
