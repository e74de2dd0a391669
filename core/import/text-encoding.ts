/**
 * Which encoding a text upload is in, decided from its bytes rather than guessed: a byte-order
 * mark, else UTF-8 if every byte sequence of the whole file is valid UTF-8, else Windows-1252 (the
 * superset of Latin-1 that Excel writes on Western-European Windows). Files with NUL or other
 * control bytes are refused: UTF-16 without a byte-order mark and binary files look like that.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { UnreadableFileError } from './rows.js';
import { describeSniffed, readHead, sniff } from './file-type.js';

export interface TextEncoding {
  /** iconv-lite name, or 'utf8' for Node's own decoder. */
  name: 'utf8' | 'utf-16' | 'win1252';
  /** As a curator reads it in a message. */
  label: string;
}

const UTF8: TextEncoding = { name: 'utf8', label: 'UTF-8' };
const UTF16: TextEncoding = { name: 'utf-16', label: 'UTF-16' };
const LATIN1: TextEncoding = { name: 'win1252', label: 'Latin-1 (Windows-1252)' };

/** Length of the complete UTF-8 sequences at the start of `bytes` (an incomplete one may end it). */
function completeUtf8Length(bytes: Buffer): number {
  for (let i = bytes.length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0x80) return bytes.length;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + length <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

async function isUtf8File(path: string): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const complete = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, complete))) return false;
    carry = bytes.subarray(complete);
  }
  return carry.length === 0;
}

/**
 * The encoding of the text file at `path`; `kind` ("CSV", "SQL dump") only words the message of the
 * UnreadableFileError thrown for anything that is not text.
 */
export async function detectTextEncoding(path: string, fileName: string, kind: string): Promise<TextEncoding> {
  const head = await readHead(path);
  const type = sniff(head);
  if (type === 'utf16') return UTF16;
  if (type === 'binary') {
    throw new UnreadableFileError(
      `'${fileName}' is not a ${kind} file in a known encoding: it holds NUL or control bytes, as a binary file or UTF-16 text without a byte-order mark does. Save it as ${kind} in UTF-8.`,
    );
  }
  if (type !== 'text') throw new UnreadableFileError(`'${fileName}' is not a ${kind} file: ${describeSniffed(type)}.`);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return UTF8;
  return (await isUtf8File(path)) ? UTF8 : LATIN1;
}

/** The first `bytes` of the file decoded, without a byte-order mark (for sniffing headers). */
export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  const text = encoding.name === 'utf8' ? head.subarray(0, completeUtf8Length(head)).toString('utf8') : iconv.decode(head, encoding.name);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The file as a stream of text, counting the bytes read for progress. */
export function textStream(path: string, encoding: TextEncoding, onBytes?: (bytesRead: number) => void): Readable {
  const file = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) {
    let bytesRead = 0;
    file.on('data', (chunk) => onBytes((bytesRead += chunk.length)));
  }
  if (encoding.name === 'utf8') return file.setEncoding('utf8');
  const decoded = file.pipe(iconv.decodeStream(encoding.name)) as unknown as Readable;
  file.on('error', (error) => decoded.destroy(error));
  return decoded;
}
