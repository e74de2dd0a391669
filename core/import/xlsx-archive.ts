/**
 * Opens an xlsx as a zip with yauzl, from its central directory: checks that it is a zip at all,
 * not truncated, not a zip bomb, and finds the workbook's sheets and shared strings. Entries are
 * then read in the order the template needs, whatever their order in the file, and yauzl checks
 * that no entry inflates beyond the size its directory declared.
 */
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { UnreadableFileError, type ParseContext } from './rows.js';
import { describeSniffed, readHead, sniff } from './file-type.js';

/** Deflate cannot exceed about 1032:1; real sheets stay far below this, bombs sit near the top. */
const MAX_RATIO = 300;
const RATIO_CHECKED_FROM = 1024 * 1024;
const MAX_ENTRIES = 10_000;
const MAX_WORKBOOK_XML = 16 * 1024 * 1024;

export interface SheetEntry {
  name: string;
  /** Path of its XML inside the zip, e.g. `xl/worksheets/sheet3.xml`. */
  path: string;
  /** The number in the part's file name, which ExcelJS uses as the sheet id. */
  id: string;
}

export interface XlsxArchive {
  /** Sheet names in workbook order, with their parts. */
  sheets: SheetEntry[];
  sharedStringsPath: string | undefined;
  date1904: boolean;
  /** Uncompressed size of a part, 0 when absent. */
  size(path: string): number;
  open(path: string): Promise<Readable>;
  close(): void;
}

export const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

export function overUnzippedLimit(ctx: ParseContext, bytes: number): UnreadableFileError {
  return new UnreadableFileError(
    `'${ctx.fileName}' unzips to ${megabytes(bytes)} MB, over the limit of ${megabytes(ctx.limits.maxUnzippedBytes)} MB set by MAX_UNZIPPED_MB.`,
  );
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlDecode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return XML_ENTITIES[name] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) found.set(m[1], xmlDecode(m[2] ?? m[3]));
  return found;
}

/** A relationship target (relative to xl/, or absolute) → path inside the zip. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function readWorkbookXml(workbookXml: string, relsXml: string): Pick<XlsxArchive, 'sheets' | 'sharedStringsPath' | 'date1904'> {
  const targets = new Map<string, string>();
  let sharedStringsPath: string | undefined;
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || !target) continue;
    targets.set(id, partPath(target));
    if (a.get('Type')?.endsWith('/sharedStrings')) sharedStringsPath = partPath(target);
  }
  const sheets: SheetEntry[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const name = a.get('name');
    const rid = [...a.entries()].find(([key]) => key.endsWith(':id'))?.[1];
    const path = rid ? targets.get(rid) : undefined;
    if (name === undefined || !path) continue;
    sheets.push({ name, path, id: /(\d+)\.xml$/.exec(path)?.[1] ?? String(sheets.length + 1) });
  }
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbookXml);
  return { sheets, sharedStringsPath, date1904 };
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function damagedXlsx(ctx: ParseContext, error: unknown): UnreadableFileError {
  const reason = error instanceof Error ? error.message : String(error);
  return new UnreadableFileError(`'${ctx.fileName}' is a damaged or truncated xlsx file and cannot be read (${reason}).`);
}

async function listEntries(zip: yauzl.ZipFile, ctx: ParseContext): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    if (entries.size >= MAX_ENTRIES) throw new UnreadableFileError(`'${ctx.fileName}' holds more than ${MAX_ENTRIES} files; it is not a workbook InjectTool can read.`);
    if (entry.isEncrypted()) throw new UnreadableFileError(`'${ctx.fileName}' is encrypted; save it without a password.`);
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > RATIO_CHECKED_FROM && ratio > MAX_RATIO) {
      throw new UnreadableFileError(
        `'${ctx.fileName}' holds '${entry.fileName}' compressed ${Math.round(ratio)} to 1, which only a zip bomb does; the file is refused.`,
      );
    }
    entries.set(entry.fileName, entry);
  }
  if (total > ctx.limits.maxUnzippedBytes) throw overUnzippedLimit(ctx, total);
  return entries;
}

/** The workbook as an archive to read parts from, or an UnreadableFileError saying why it cannot be read. */
export async function openXlsx(path: string, ctx: ParseContext): Promise<XlsxArchive> {
  const type = sniff(await readHead(path, 8));
  if (type !== 'zip') throw new UnreadableFileError(`'${ctx.fileName}' is not an xlsx file: ${describeSniffed(type)}.`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (error) {
    throw damagedXlsx(ctx, error);
  }
  try {
    let entries: Map<string, yauzl.Entry>;
    try {
      entries = await listEntries(zip, ctx);
    } catch (error) {
      throw error instanceof UnreadableFileError ? error : damagedXlsx(ctx, error);
    }
    const open = async (part: string): Promise<Readable> => {
      const entry = entries.get(part);
      if (!entry) throw new Error(`the workbook has no part ${part}`);
      return zip.openReadStreamPromise(entry);
    };
    const workbook = entries.get('xl/workbook.xml');
    if (!workbook) throw new UnreadableFileError(`'${ctx.fileName}' is not an xlsx file: it is a zip archive without an Excel workbook in it.`);
    if (workbook.uncompressedSize > MAX_WORKBOOK_XML) throw damagedXlsx(ctx, new Error('its workbook part is implausibly large'));
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    let outline: ReturnType<typeof readWorkbookXml>;
    try {
      const workbookXml = await readText(await open('xl/workbook.xml'));
      const relsXml = rels && rels.uncompressedSize <= MAX_WORKBOOK_XML ? await readText(await open(rels.fileName)) : '';
      outline = readWorkbookXml(workbookXml, relsXml);
    } catch (error) {
      throw damagedXlsx(ctx, error);
    }
    if (!outline.sharedStringsPath && entries.has('xl/sharedStrings.xml')) outline.sharedStringsPath = 'xl/sharedStrings.xml';
    if (outline.sharedStringsPath && !entries.has(outline.sharedStringsPath)) outline.sharedStringsPath = undefined;
    return {
      ...outline,
      size: (part) => entries.get(part)?.uncompressedSize ?? 0,
      open,
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}
