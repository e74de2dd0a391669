import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Runs a workbook writer into memory and opens the result with ExcelJS, as a curator's Excel would. */
export async function writeAndRead(write: (output: Writable) => Promise<unknown>): Promise<{ workbook: ExcelJS.Workbook; bytes: Buffer }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  await write(output);
  const bytes = Buffer.concat(chunks);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { workbook, bytes };
}
