import type { FailingRecord } from './annotated-queries.js';
import { ERROR_FILL, WARNING_FILL } from './sheet-styles.js';
import type { WorkbookWriter } from './workbook-stream.js';

export const FAILING_ROWS_SHEET = 'failing rows';

const COLUMNS = [
  { header: 'Record type', width: 12 },
  { header: 'Name', width: 36 },
  { header: 'Row', width: 8 },
  { header: 'Level', width: 10 },
  { header: 'Field', width: 28 },
  { header: 'Message', width: 100 },
];

/**
 * One line per message of every record with a warning or an error, in sheet order, naming the
 * record's sheet and row. Returns how many records it listed.
 */
export async function writeFailingRowsSheet(
  workbook: WorkbookWriter,
  batches: AsyncIterable<FailingRecord[]>,
  afterBatch: (records: number) => Promise<void>,
): Promise<number> {
  const ws = workbook.addWorksheet(FAILING_ROWS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  const header = ws.getRow(1);
  COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    header.getCell(i + 1).font = { bold: true };
  });
  header.commit();
  let line = 1;
  let records = 0;
  for await (const batch of batches) {
    for (const record of batch) {
      records += 1;
      const messages = record.messages.length ? record.messages : [{ field: '', level: 'warning' as const, message: '', key: '' }];
      for (const m of messages) {
        const row = ws.getRow(++line);
        row.values = [record.recordType, record.name, Number(record.row), m.level, m.field, m.message];
        row.getCell(4).fill = m.level === 'error' ? ERROR_FILL : WARNING_FILL;
        row.commit();
      }
    }
    await afterBatch(batch.length);
  }
  ws.autoFilter = `A1:F${Math.max(line, 1)}`;
  ws.commit();
  return records;
}
