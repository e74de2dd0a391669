/**
 * Parses every real file of the original tool (REFERENCE_DIR, default ../shared/reference) with the
 * three importers' parsers, without a database, and prints what each yields: counts of breeds,
 * animals and samples, and every problem. Run by hand: `npx tsx scripts/check-reference-parsers.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/paths.js';
import { config } from '../core/config.js';
import { parseExcelTemplate } from '../core/import/excel-template.js';
import { parseCrbAnim } from '../core/import/crbanim.js';
import { parseCryoWeb } from '../core/import/cryoweb.js';
import { UnreadableFileError, type ImportProblem, type ImportSink, type ParseContext } from '../core/import/rows.js';

type Parser = (file: string, ctx: ParseContext, sink: ImportSink) => Promise<void>;

const FOLDERS: [string, Parser, RegExp][] = [
  ['excel', parseExcelTemplate, /\.xlsx$/i],
  ['crbanim', parseCrbAnim, /\.csv$/i],
  ['cryoweb', parseCryoWeb, /\.sql$/i],
];

async function check(file: string, parser: Parser): Promise<void> {
  const counts = { breeds: 0, animals: 0, samples: 0 };
  const problems: ImportProblem[] = [];
  const sink: ImportSink = {
    breed: async () => void counts.breeds++,
    animal: async () => void counts.animals++,
    sample: async () => void counts.samples++,
    submissionSheet: async () => undefined,
    contactSheet: async () => undefined,
    problem: (p) => void problems.push(p),
  };
  const { limits } = config();
  const ctx: ParseContext = {
    fileName: path.basename(file), geneBankCountry: 'Italy',
    limits: { maxRows: limits.maxRows, maxUnzippedBytes: limits.maxUnzippedBytes },
  };
  const started = Date.now();
  let outcome = 'read';
  try {
    await parser(file, ctx, sink);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    outcome = `REFUSED: ${error.message}`;
  }
  console.log(`${path.basename(file)}: ${counts.breeds} breeds, ${counts.animals} animals, ${counts.samples} samples (${Date.now() - started} ms) — ${outcome}`);
  for (const p of problems) console.log(`  ${p.level}: ${p.message}`);
}

const referenceDir = path.resolve(projectRoot, process.env.REFERENCE_DIR ?? '../shared/reference');
for (const [folder, parser, pattern] of FOLDERS) {
  const dir = path.join(referenceDir, 'injecttool', folder);
  console.log(`== ${dir}`);
  for (const name of fs.readdirSync(dir).sort()) {
    if (pattern.test(name)) await check(path.join(dir, name), parser);
  }
}
