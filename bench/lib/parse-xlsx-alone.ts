/**
 * Diagnostic of the import benchmark, run as its own process: InjectTool's template parser
 * (core/import/excel-template.ts) over a workbook with a sink that only counts, no database. Set
 * against the ExcelJS read alone, it shows what the parser adds in time and memory. Prints one JSON line.
 *
 *   node --import tsx bench/lib/parse-xlsx-alone.ts <file.xlsx>
 */
import path from 'node:path';
import { parseExcelTemplate } from '../../core/import/excel-template.js';
import type { ImportSink } from '../../core/import/rows.js';

const file = process.argv[2];
if (!file) throw new Error('usage: parse-xlsx-alone.ts <file.xlsx>');
const counts = { breeds: 0, animals: 0, samples: 0, problems: 0 };
const sink: ImportSink = {
  breed: async () => void counts.breeds++,
  animal: async () => void counts.animals++,
  sample: async () => void counts.samples++,
  submissionSheet: async () => undefined,
  contactSheet: async () => undefined,
  problem: () => void counts.problems++,
};
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
await parseExcelTemplate(file, {
  fileName: path.basename(file), geneBankCountry: 'Italy', limits: { maxRows: 10_000_000, maxUnzippedBytes: 2 ** 40 },
}, sink);
const parseSeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  ...counts, parseSeconds, baselineRssMb: Math.round(baselineRssMb), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
