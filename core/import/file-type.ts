import fs from 'node:fs/promises';

/** What the first bytes of an upload say it is, whatever its name claims. */
export type SniffedType = 'empty' | 'zip' | 'ole2' | 'pdf' | 'gzip' | 'utf16' | 'binary' | 'text';

export const SNIFF_BYTES = 64 * 1024;

/** The first bytes of a file (at most SNIFF_BYTES). */
export async function readHead(path: string, size = SNIFF_BYTES): Promise<Buffer> {
  const file = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await file.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function hasControlBytes(head: Buffer): boolean {
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    // Tab, line feed, form feed and carriage return are text; 0x1A ends old DOS text files.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a) return true;
  }
  return false;
}

export function sniff(head: Buffer): SniffedType {
  if (head.length === 0) return 'empty';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) return 'zip';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole2';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf16';
  if (hasControlBytes(head)) return 'binary';
  return 'text';
}

/** What a curator is told a sniffed file looks like, to follow "… is not an xlsx file:". */
export function describeSniffed(type: SniffedType): string {
  switch (type) {
    case 'empty': return 'the file is empty';
    case 'zip': return 'it is a zip archive';
    case 'ole2': return 'it looks like an old Excel 97-2003 .xls file or a password-protected workbook; save it as .xlsx without a password';
    case 'pdf': return 'it is a PDF document';
    case 'gzip': return 'it is a gzip-compressed file; uncompress it first';
    case 'utf16': return 'it is a UTF-16 text file';
    case 'binary': return 'it is a binary file';
    case 'text': return 'it is a text file (CSV or SQL?)';
  }
}
