/**
 * `npm run check:reference` (not part of `npm test`): every real file of the original tool in
 * REFERENCE_DIR (default ../shared/reference) — injecttool/excel, injecttool/crbanim (the data CSVs;
 * the mapping rules CSV is not a data file) and injecttool/cryoweb — imported into a scratch
 * database through the real path (createSubmission + runImport), each by its own curator with a
 * filled profile, then validated offline (ONTOLOGY_ONLINE=false). Prints, per file, the import's
 * status, counts and problems, and the validation's status and messages by key with their counts.
 * Files the tool must refuse (the CryoWeb schema dump, the empty template) are shown as expected
 * refusals; any other outcome than the expected one makes the run fail.
 *
 *   npm run check:reference
 *   REFERENCE_DIR=/path/to/reference CHECK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run check:reference
 */
import fs from 'node:fs';
import path from 'node:path';
import { overrideConfig } from '../core/config.js';
import { db } from '../core/db/data-source.js';
import type { DatasourceType } from '../core/db/entities/enums.js';
import { runImport } from '../core/import/run-import.js';
import { logger } from '../core/logger.js';
import { projectRoot } from '../core/paths.js';
import { createSubmission } from '../core/submissions/service.js';
import { createUser } from '../core/users/accounts.js';
import { requestValidation } from '../core/validation/validation-requests.js';
import { runValidation } from '../core/validation/run-validation.js';
import type { ValidationSummary } from '../core/validation/summary.js';
import { scratchDatabase } from '../bench/lib/scratch-database.js';

interface Folder {
  folder: string;
  type: DatasourceType;
  pattern: RegExp;
  geneBankCountry: string;
  /** Files of the folder that are not data files, and why. */
  notData?: Record<string, string>;
}

const FOLDERS: Folder[] = [
  { folder: 'excel', type: 'template', pattern: /\.xlsx$/i, geneBankCountry: 'Italy' },
  {
    folder: 'crbanim', type: 'crbanim', pattern: /\.csv$/i, geneBankCountry: 'France',
    notData: { 'Mapping_rules_CRB-Anim_InjectTool_v1.csv': 'the mapping rules of CRB-Anim fields to IMAGE, not an export' },
  },
  { folder: 'cryoweb', type: 'cryoweb', pattern: /\.sql$/i, geneBankCountry: 'Italy' },
];

interface Expectation {
  import: 'loaded' | 'error';
  why?: string;
  /** A validation message key prefix that must be reported, and what it shows. */
  mustReport?: { key: string; what: string };
}

/** What the original tool's files must give; a file not listed here is only reported. */
const EXPECTED: Record<string, Expectation> = {
  'empty_template_2019-04.xlsx': { import: 'error', why: 'the empty template has no data rows' },
  'template_with_example_2019-07.xlsx': {
    import: 'loaded', mustReport: { key: 'parent_species_mismatch', what: 'the goat whose parents are pigs (species mismatch)' },
  },
  'template_with_example_2019-11.xlsx': { import: 'loaded' },
  'crbanim_test_data.csv': { import: 'loaded' },
  'crbanim_test_data_latin-1.csv': { import: 'loaded' },
  '02-template_cryoweb_schema.sql': { import: 'error', why: 'a schema dump holds statements other than data (CREATE …): refused, never run' },
  'cryoweb_test_data_only.sql': { import: 'loaded' },
};

const MIME: Record<DatasourceType, string> = {
  template: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', crbanim: 'text/csv', cryoweb: 'application/sql',
};

let curators = 0;

/** A new curator with a filled profile (names, initials, person role, organization), so each file is imported on its own. */
async function newCurator() {
  curators++;
  const email = `reference-curator-${curators}@example.org`;
  const id = await createUser({
    email, password: 'reference-check-password', role: 'curator', firstName: 'Paolo', lastName: 'Cozzi', initials: 'P',
    personRole: 'submitter', organization: 'IBBA-CNR',
  });
  return { id, email, role: 'curator' as const };
}

const indent = (text: string, by = '    ') => text.replace(/^/gm, by);

async function counts(submissionId: number): Promise<{ animals: number; samples: number; breeds: number }> {
  const [row] = await db().query(
    `SELECT (SELECT count(*)::int FROM animals WHERE submission_id = $1) AS animals,
            (SELECT count(*)::int FROM samples WHERE submission_id = $1) AS samples,
            (SELECT count(DISTINCT breed_id)::int FROM animals WHERE submission_id = $1) AS breeds`,
    [submissionId],
  );
  return row;
}

function printSummary(summary: ValidationSummary): void {
  const c = summary.counts;
  console.log(`    records: ${c.pass} pass, ${c.warning} warning, ${c.error} error`);
  for (const type of ['animals', 'samples'] as const) {
    const part = summary[type];
    console.log(`    ${type}: ${part.counts.pass} pass, ${part.counts.warning} warning, ${part.counts.error} error`);
    for (const m of part.messages) console.log(`      ${m.level.padEnd(7)} ×${m.count}  [${m.key}] ${m.message}`);
  }
  if (summary.uncheckedTerms.length) {
    console.log(`    ontology terms not checked (${summary.uncheckedTerms[0].reason}): ${summary.uncheckedTerms.map((t) => t.term).join(', ')}`);
  }
}

/** The records carrying a message whose key starts with `key`, with their own message. */
async function recordsWith(submissionId: number, key: string): Promise<string[]> {
  const rows: { name: string; message: string }[] = await db().query(
    `SELECT COALESCE(a.name, s.name) AS name, m->>'message' AS message
       FROM validation_results v
       LEFT JOIN animals a ON a.id = v.animal_id LEFT JOIN samples s ON s.id = v.sample_id
       CROSS JOIN LATERAL jsonb_array_elements(v.messages) m
      WHERE v.submission_id = $1 AND m->>'key' LIKE $2 ORDER BY 1`,
    [submissionId, `${key}%`],
  );
  return rows.map((r) => `${r.name}: ${r.message}`);
}

/** Imports and validates one file; returns the problems with what was expected (empty when as expected). */
async function check(file: string, folder: Folder): Promise<string[]> {
  const name = path.basename(file);
  const expected = EXPECTED[name];
  const unexpected: string[] = [];
  console.log(`\n--- ${folder.folder}/${name} (${folder.type})`);
  const actor = await newCurator();
  const { id } = await createSubmission(actor, {
    title: `Reference file ${name}`, description: 'npm run check:reference', geneBankName: `Reference ${folder.folder}`,
    geneBankCountry: folder.geneBankCountry, datasourceType: folder.type, datasourceVersion: name,
  }, { path: file, originalName: name, mimeType: MIME[folder.type] });
  const started = performance.now();
  const outcome = await runImport(id);
  const [sub] = await db().query(`SELECT status, message, errors, errors_total FROM submissions WHERE id = $1`, [id]);
  const n = await counts(id);
  const asExpected = !expected ? '' : expected.import === sub.status
    ? (sub.status === 'error' ? `  (expected refusal: ${expected.why})` : '  (as expected)')
    : `  UNEXPECTED: expected ${expected.import}`;
  if (expected && expected.import !== sub.status) unexpected.push(`${name}: import ended ${sub.status}, expected ${expected.import}`);
  console.log(`  import: ${outcome.status} in ${Math.round(performance.now() - started)} ms — ${n.animals} animals, ${n.samples} samples, ${n.breeds} breeds${asExpected}`);
  console.log(indent(`message: ${sub.message}`));
  const problems: { level: string; message: string }[] = sub.errors ?? [];
  if (problems.length) console.log(`    problems (${sub.errors_total}):`);
  for (const p of problems) console.log(indent(`${p.level}: ${p.message}`, '      '));
  if (sub.status !== 'loaded') return unexpected;

  const queued = await requestValidation(id, actor, async () => undefined);
  if (queued.outcome !== 'queued') throw new Error(`${name}: validation refused: ${JSON.stringify(queued)}`);
  const validation = await runValidation(id);
  console.log(`  validation (offline): ${validation.status} — ${validation.message}`);
  if (validation.summary) printSummary(validation.summary);
  if (expected?.mustReport) {
    const found = await recordsWith(id, expected.mustReport.key);
    if (found.length) {
      console.log(`  ✔ reported, as it must be: ${expected.mustReport.what}`);
      for (const f of found) console.log(indent(f, '      '));
    } else {
      console.log(`  ✘ NOT reported: ${expected.mustReport.what}`);
      unexpected.push(`${name}: ${expected.mustReport.what} was not reported`);
    }
  }
  return unexpected;
}

logger.level = 'warn';
overrideConfig((c) => {
  c.ontology.online = false;
});
const referenceDir = path.resolve(projectRoot, process.env.REFERENCE_DIR ?? '../shared/reference');
if (!fs.existsSync(path.join(referenceDir, 'injecttool'))) {
  console.error(`No injecttool/ folder in ${referenceDir}: set REFERENCE_DIR to the reference directory`);
  process.exit(2);
}
const scratch = await scratchDatabase(process.env.CHECK_DATABASE_URL, 'check');
console.log(`Reference files of ${referenceDir}\nscratch database: ${scratch.version}, ${scratch.where}; ontology lookups offline`);
const unexpected: string[] = [];
try {
  for (const folder of FOLDERS) {
    const dir = path.join(referenceDir, 'injecttool', folder.folder);
    console.log(`\n=== ${path.relative(referenceDir, dir)}/`);
    for (const name of fs.readdirSync(dir).sort()) {
      if (!folder.pattern.test(name)) continue;
      const notData = folder.notData?.[name];
      if (notData) {
        console.log(`\n--- ${folder.folder}/${name}: not imported, ${notData}`);
        continue;
      }
      unexpected.push(...(await check(path.join(dir, name), folder)));
    }
  }
} finally {
  await scratch.close();
}
console.log(unexpected.length ? `\n${unexpected.length} unexpected outcome(s):\n${unexpected.map((u) => `  - ${u}`).join('\n')}` : '\nEvery file gave the expected outcome.');
process.exit(unexpected.length ? 1 : 0);
