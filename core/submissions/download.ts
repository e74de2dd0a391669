import { db } from '../db/data-source.js';
import { canSeeOwnedBy, type Actor } from './policy.js';

/** A submission's uploaded file as its owner sent it: the name is shown, never used as a path. */
export interface StoredFile {
  id: number;
  name: string;
  size: number;
  mimeType: string;
}

/** Small enough that concurrent downloads stay light; the column's EXTERNAL storage makes slices cheap. */
const CHUNK_BYTES = 1024 * 1024;

/** The file uploaded with a submission, for its owner and admins; null for anyone else or when there is none. */
export async function submissionFileFor(actor: Actor, submissionId: number): Promise<StoredFile | null> {
  const [row]: { owner_id: number; id: number | null; name: string; size: string; mime_type: string }[] = await db().query(
    `SELECT s.owner_id, f.id, f.name, octet_length(f.content)::bigint AS size, f.mime_type
       FROM submissions s LEFT JOIN uploaded_files f ON f.id = s.file_id WHERE s.id = $1`,
    [submissionId],
  );
  if (!row || !canSeeOwnedBy(actor, row.owner_id) || row.id === null) return null;
  return { id: row.id, name: row.name, size: Number(row.size), mimeType: row.mime_type };
}

/** The file's bytes, read from the database chunk by chunk (a 100 MB file is never whole in memory). */
export async function* storedFileChunks(file: StoredFile): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const [row]: { chunk: Buffer }[] = await db().query(
      `SELECT substring(content FROM $2::int FOR $3::int) AS chunk FROM uploaded_files WHERE id = $1`,
      [file.id, offset + 1, CHUNK_BYTES],
    );
    // Deleted (with its submission) while being read: stop short rather than send something else.
    if (!row) throw new Error(`uploaded file ${file.id} was deleted during the download`);
    yield row.chunk;
  }
}
