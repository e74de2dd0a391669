/**
 * Baseline (a) of the import benchmark, run as its own process: ExcelJS's streaming reader alone
 * over every row of every sheet of a workbook (shared strings cached, styles and hyperlinks ignored,
 * as the importer reads), touching each cell's value. Prints one JSON line: rows, cells, read time,
 * and the process's peak RSS at exit.
 *
 *   node --import tsx bench/lib/read-xlsx-alone.ts <file.xlsx>
 */
import ExcelJS from 'exceljs';

const file = process.argv[2];
if (!file) throw new Error('usage: read-xlsx-alone.ts <file.xlsx>');
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
  worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore',
});
let rows = 0;
let cells = 0;
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    const values = row.values as ExcelJS.CellValue[];
    for (let i = 1; i < values.length; i++) if (values[i] !== undefined && values[i] !== null) cells++;
  }
}
const readSeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  rows, cells, readSeconds, baselineRssMb: Math.round(baselineRssMb), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
