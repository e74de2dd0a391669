import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { useTestDatabase } from '../../test/database.js';
import {
  animalRow, breedRow, createCurator, createWaitingSubmission, parserOf, sampleRow, type FileContent,
} from '../../test/import-rows.js';
import { transition } from '../submissions/state-machine.js';
import { useEventTransport } from '../events.js';
import { runImport } from './run-import.js';
import { UnreadableFileError } from './rows.js';
import { templateWorkbook, twoPigs } from '../../test/template-file.js';
import { resourcesDir } from '../paths.js';

const db = useTestDatabase();
let owner: number;

beforeAll(async () => {
  owner = await createCurator();
});

const templateSpec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as {
  sheets: { name: string; columns: { header: string }[] }[];
};
const templateHeaders = (sheet: string) => templateSpec.sheets.find((s) => s.name === sheet)!.columns.map((c) => c.header);

/** The two pigs' template, its sheets lacking the given columns. */
async function workbookWithout(missing: Partial<Record<'animal' | 'sample', string[]>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const content = { breed: twoPigs.breed!, animal: twoPigs.animal, sample: twoPigs.sample };
  for (const name of ['breed', 'animal', 'sample'] as const) {
    const header = templateHeaders(name).filter((h) => !(missing[name as 'animal' | 'sample'] ?? []).includes(h));
    const sheet = book.addWorksheet(name);
    sheet.addRow(header);
    for (const cells of content[name]) sheet.addRow(header.map((h) => cells[h] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function importInto(submissionId: number, content: FileContent) {
  return runImport(submissionId, { parser: parserOf(content) });
}

/** A new submission of a new curator (so other tests' records are never "in another submission"), imported. */
async function importNew(content: FileContent, over: Parameters<typeof createWaitingSubmission>[1] & { owner?: number } = {}) {
  const id = await createWaitingSubmission(over.owner ?? (await createCurator()), over);
  const outcome = await importInto(id, content);
  return { id, outcome };
}

async function submission(id: number) {
  const [s] = await db.ds.query(`SELECT status, message, errors, errors_total FROM submissions WHERE id = $1`, [id]);
  return s as { status: string; message: string; errors: { level: string; message: string; sheet?: string; row?: number; column?: string; value?: string }[]; errors_total: number };
}

interface AnimalView { id: number; name: string; status: string; accession: string | null; alias: string; breed: string; breed_country: string; species: string; sex: string | null; father: string | null; mother: string | null; birth_date: string | null; latitude: number | null }

async function animals(id: number): Promise<AnimalView[]> {
  return db.ds.query(
    `SELECT a.id, a.name, a.status, a.accession, a.alias, b.supplied_breed AS breed, bc.label AS breed_country, sp.label AS species,
       x.label AS sex, f.name AS father, m.name AS mother, a.birth_date, a.birth_location_latitude AS latitude
     FROM animals a JOIN breeds b ON b.id = a.breed_id JOIN countries bc ON bc.id = b.country_id JOIN species sp ON sp.id = b.species_id
     LEFT JOIN sexes x ON x.id = a.sex_id LEFT JOIN animals f ON f.id = a.father_id LEFT JOIN animals m ON m.id = a.mother_id
     WHERE a.submission_id = $1 ORDER BY a.name`,
    [id],
  );
}

async function samples(id: number) {
  return db.ds.query(
    `SELECT s.id, s.name, s.status, s.accession, a.name AS animal, op.label AS organism_part, op.term AS organism_part_term,
       s.animal_age_at_collection AS age, s.collection_date
     FROM samples s JOIN animals a ON a.id = s.animal_id LEFT JOIN organism_parts op ON op.id = s.organism_part_id
     WHERE s.submission_id = $1 ORDER BY s.name`,
    [id],
  );
}

/** Every stored column of a submission's records, to compare before and after. */
async function snapshot(id: number) {
  return {
    animals: await db.ds.query(`SELECT * FROM animals WHERE submission_id = $1 ORDER BY id`, [id]),
    samples: await db.ds.query(`SELECT * FROM samples WHERE submission_id = $1 ORDER BY id`, [id]),
    validation: await db.ds.query(`SELECT * FROM validation_results WHERE submission_id = $1 ORDER BY id`, [id]),
  };
}

const threePigs: FileContent = {
  breeds: [breedRow('Large White', { country: 'Italy', species: 'Pig' })],
  animals: [
    animalRow('sow', { sex: 'female', birthDate: '2019-03-01', birthLocationLatitude: 44.5 }),
    animalRow('boar', { sex: 'male' }),
    animalRow('piglet', { sex: 'female', father: 'boar', mother: 'sow' }),
  ],
  samples: [
    sampleRow('s-sow', 'sow', { organismPart: 'blood', animalAgeAtCollection: 2, animalAgeAtCollectionUnit: 'years' }),
    sampleRow('s-boar', 'boar', { organismPart: 'semen', collectionDate: '2021-05-04' }),
    sampleRow('s-piglet', 'piglet', { organismPart: 'Blood' }),
  ],
};

describe('importing a file', () => {
  it('loads its animals and samples and says how many', async () => {
    const { id, outcome } = await importNew(threePigs);
    expect(outcome.status).toBe('loaded');
    const s = await submission(id);
    expect(s).toMatchObject({ status: 'loaded', message: '3 animals and 3 samples imported', errors: [], errors_total: 0 });
    expect(await animals(id)).toEqual([
      expect.objectContaining({ name: 'boar', breed: 'Large White', breed_country: 'Italy', species: 'Sus scrofa', sex: 'male', father: null, status: 'loaded' }),
      expect.objectContaining({ name: 'piglet', sex: 'female', father: 'boar', mother: 'sow' }),
      expect.objectContaining({ name: 'sow', sex: 'female', birth_date: '2019-03-01', latitude: 44.5 }),
    ]);
    expect(await samples(id)).toEqual([
      expect.objectContaining({ name: 's-boar', animal: 'boar', organism_part: 'semen', organism_part_term: 'UBERON_0001968', collection_date: '2021-05-04' }),
      expect.objectContaining({ name: 's-piglet', animal: 'piglet', organism_part: 'blood' }),
      expect.objectContaining({ name: 's-sow', animal: 'sow', organism_part: 'blood', age: 2 }),
    ]);
  });

  it('links parents listed after their children', async () => {
    const { id } = await importNew({
      animals: [animalRow('child', { father: 'dad', mother: 'mum' }), animalRow('dad'), animalRow('mum', { sex: 'female' })],
    });
    expect((await submission(id)).status).toBe('loaded');
    const child = (await animals(id)).find((a: { name: string }) => a.name === 'child');
    expect(child).toMatchObject({ father: 'dad', mother: 'mum' });
  });

  it('warns about a parent that is not in the file and leaves the link empty', async () => {
    const { id } = await importNew({ animals: [animalRow('calf', { father: 'ghost', mother: null })] });
    const s = await submission(id);
    expect(s.status).toBe('loaded');
    expect(s.message).toBe('1 animal and 0 samples imported, 1 warning');
    expect(s.errors).toEqual([expect.objectContaining({
      level: 'warning', sheet: 'animal', row: 2, column: 'Father id in data source', value: 'ghost',
      message: "Sheet 'animal', row 2, column 'Father id in data source': 'ghost' is not an animal of this file: the father link is left empty",
    })]);
    expect((await animals(id))[0].father).toBeNull();
  });

  it('rejects a cycle of parents, naming its animals, and writes nothing', async () => {
    const { id } = await importNew({
      animals: [animalRow('a', { father: 'b' }), animalRow('b', { father: 'c' }), animalRow('c', { father: 'a' }), animalRow('d', { mother: 'd' })],
    });
    const s = await submission(id);
    expect(s.status).toBe('error');
    const messages = s.errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/'a', 'b', 'c' form a cycle of parents \('a' → 'b' → 'c' → 'a'\)/));
    expect(messages).toContainEqual("Sheet 'animal', row 5: 'd' is its own parent");
    expect(s.message).toMatch(/^Import failed: 2 errors \(first: /);
    expect(await animals(id)).toEqual([]);
  });

  it('lists every unknown species and country once, where it is first used', async () => {
    const { id } = await importNew({
      breeds: [breedRow('Nero', { country: 'Atlantis', species: 'Unicorn' })],
      animals: [animalRow('x1', { breed: 'Nero', species: 'Unicorn' }), animalRow('x2', { species: 'Dragon' }), animalRow('x3', { species: 'unicorn ' })],
    });
    const s = await submission(id);
    expect(s.status).toBe('error');
    expect(s.errors_total).toBe(3);
    expect(s.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ sheet: 'breed', row: 2, column: 'EFABIS Breed country', value: 'Atlantis', message: expect.stringContaining("'Atlantis' is not a known country (1 row use") }),
      expect.objectContaining({ sheet: 'breed', row: 2, column: 'Species', value: 'Unicorn', message: expect.stringContaining("'Unicorn' is not a known species") }),
      expect.objectContaining({ sheet: 'animal', row: 3, column: 'Species', value: 'Dragon' }),
    ]));
    expect(s.errors.find((e) => e.value === 'Unicorn')!.message).toContain('3 rows use it');
    expect(await animals(id)).toEqual([]);
  });

  it('counts the file rows that use an unknown species, not the records made from each row (CRB-Anim)', async () => {
    const header = 'sample_identifier,EBI_Biosample_identifier,animal_ID,sex,species_latin_name,breed_name,sample_type_name,'
      + 'body_part_name,sampling_date,sampling_protocol_url,sample_storage_temperature,animal_birth_date,country_of_origin';
    const row = (n: number) => `S${n},,A${n},female,Bos taurrus,Holstein,semen,,2019-01-02,https://crb.example.org/p,-196,2015-01-01,FR`;
    const id = await createWaitingSubmission(await createCurator(), { type: 'crbanim', content: Buffer.from([header, row(1), row(2)].join('\n') + '\n') });
    await runImport(id);
    const s = await submission(id);
    expect(s.status).toBe('error');
    expect(s.errors.find((e) => e.value === 'Bos taurrus')).toMatchObject({ row: 2, message: expect.stringContaining('(2 rows use it)') });
  });

  it('finds species by synonym in the gene bank country language, then in English, ignoring case and spaces', async () => {
    await db.ds.query(
      `INSERT INTO species_synonyms (word, species_id, language_id) VALUES
        ('Maiale', (SELECT id FROM species WHERE label = 'Sus scrofa'), (SELECT id FROM countries WHERE label = 'Italy')),
        ('Schwein', (SELECT id FROM species WHERE label = 'Sus scrofa'), (SELECT id FROM countries WHERE label = 'Germany'))`,
    );
    const { id } = await importNew({
      animals: [animalRow('m', { species: 'maiale' }), animalRow('p', { species: '  PIG ' }), animalRow('g', { species: 'Bos   TAURUS', breed: 'Holstein' })],
    });
    expect((await submission(id)).status).toBe('loaded');
    expect((await animals(id)).map((a: { species: string }) => a.species)).toEqual(['Bos taurus', 'Sus scrofa', 'Sus scrofa']);
    const german = await importNew({ animals: [animalRow('s', { species: 'Schwein' })] });
    expect((await submission(german.id)).errors[0].message).toContain("'Schwein' is not a known species: neither a scientific name nor a synonym for Italy or United Kingdom");
  });

  it("takes an animal's breed country from the breed sheet, else the gene bank's", async () => {
    const { id } = await importNew({
      breeds: [breedRow('Mora Romagnola', { country: 'Spain', species: 'Sus scrofa' })],
      animals: [animalRow('m1', { breed: 'mora  romagnola' }), animalRow('c1', { breed: 'Cinta Senese' }), animalRow('f1', { breed: 'Cinta Senese', breedCountry: 'France' })],
    }, { country: 'Italy' });
    expect((await submission(id)).status).toBe('loaded');
    expect((await animals(id)).map((a: { name: string; breed: string; breed_country: string }) => [a.name, a.breed, a.breed_country])).toEqual([
      ['c1', 'Cinta Senese', 'Italy'], ['f1', 'Cinta Senese', 'France'], ['m1', 'Mora Romagnola', 'Spain'],
    ]);
  });

  it('rejects a sex that is not a Sex label, naming sheet, row, column, value and the allowed values', async () => {
    const { id } = await importNew({ animals: [animalRow('ok', { sex: 'Female' }), animalRow('bad', { sex: 'M' })] });
    const s = await submission(id);
    expect(s.status).toBe('error');
    expect(s.errors).toEqual([expect.objectContaining({
      level: 'error', sheet: 'animal', row: 3, column: 'Sex', value: 'M',
      message: "Sheet 'animal', row 3, column 'Sex': 'M' is not one of male, female, record of unknown sex",
    })]);
  });

  it('creates an unknown organism part without an ontology term', async () => {
    const { id } = await importNew({ animals: [animalRow('a')], samples: [sampleRow('s', 'a', { organismPart: 'Ear  notch tissue' })] });
    expect((await submission(id)).status).toBe('loaded');
    expect((await samples(id))[0]).toMatchObject({ organism_part: 'Ear  notch tissue', organism_part_term: null });
    const again = await importNew({ animals: [animalRow('a')], samples: [sampleRow('s', 'a', { organismPart: 'ear notch tissue' })] });
    expect((await samples(again.id))[0].organism_part).toBe('Ear  notch tissue');
  });

  it('rejects duplicate ids within the file naming both rows, and a sample of an animal not in the file', async () => {
    const { id } = await importNew({
      animals: [animalRow('a'), animalRow('b'), animalRow('a')],
      samples: [sampleRow('s1', 'a'), sampleRow('s2', 'nobody')],
    });
    const s = await submission(id);
    expect(s.errors.map((e) => e.message)).toEqual([
      "Sheet 'animal', row 4, column 'Animal id in data source': 'a' is a duplicate: row 2 has the same id",
      "Sheet 'sample', row 3, column 'Animal id in data source': 'nobody' is not an animal of this file",
    ]);
  });

  it('imports a record whose name is in another submission of the same curator, with a warning naming it', async () => {
    const first = await importNew({ animals: [animalRow('shared')] }, { title: 'First herd', owner });
    const { id } = await importNew({ animals: [animalRow('shared'), animalRow('new')] }, { owner });
    const stranger = await importNew({ animals: [animalRow('shared')] });
    expect(await submission(stranger.id)).toMatchObject({ status: 'loaded', errors: [] });
    const s = await submission(id);
    expect(s.status).toBe('loaded');
    expect(s.errors).toEqual([expect.objectContaining({
      level: 'warning', value: 'shared',
      message: `Sheet 'animal', row 2, column 'Animal id in data source': an animal named 'shared' is also in your submission 'First herd' (id ${first.id}); it is imported here too`,
    })]);
  });

  it('stores an accession given by the file and refuses one that another record holds', async () => {
    const { id } = await importNew({ animals: [animalRow('acc', { accession: 'SAMEA100001' })] }, { owner });
    expect((await animals(id))[0].accession).toBe('SAMEA100001');
    const mine = await importNew({ animals: [animalRow('other', { accession: 'SAMEA100001' }), animalRow('bad', { accession: 'ABC' })] }, { owner });
    const s = await submission(mine.id);
    expect(s.status).toBe('error');
    expect(s.errors.map((e) => e.message)).toEqual(expect.arrayContaining([
      `Sheet 'animal', row 2, column 'accession': 'SAMEA100001' already belongs to animal 'acc' of submission 'Pigs of Italy' (id ${id})`,
      expect.stringContaining("row 3, column 'accession': this is not a BioSamples accession"),
    ]));
    const theirs = await importNew({ animals: [animalRow('x', { accession: 'SAMEA100001' })] });
    expect((await submission(theirs.id)).errors.map((e) => e.message)).toEqual([
      "Sheet 'animal', row 2, column 'accession': 'SAMEA100001' already belongs to another record in InjectTool",
    ]);
  });

  it('keeps the parser problems and ends in error when the parser reported an error', async () => {
    const { id } = await importNew({
      problems: [{ level: 'error', sheet: 'animal', row: 9, column: 'Birth date', value: 'soon', message: "Sheet 'animal', row 9, column 'Birth date': 'soon' is not a date" }],
      animals: [animalRow('a')],
    });
    const s = await submission(id);
    expect(s).toMatchObject({ status: 'error', message: "Import failed: 1 error (first: Sheet 'animal', row 9, column 'Birth date': 'soon' is not a date)" });
    expect(await animals(id)).toEqual([]);
  });

  it('ends in error with the reason, stored once, when the parser cannot read the file', async () => {
    const id = await createWaitingSubmission(owner);
    await runImport(id, { parser: async () => { throw new UnreadableFileError('file.xlsx is not an xlsx file: it is a PDF document'); } });
    expect(await submission(id)).toMatchObject({
      status: 'error', message: 'Import failed: file.xlsx is not an xlsx file: it is a PDF document',
      errors: [{ level: 'error', message: 'file.xlsx is not an xlsx file: it is a PDF document' }], errors_total: 1,
    });
  });

  it('refuses an empty template with its summary as the message and the reason once in the errors', async () => {
    const id = await createWaitingSubmission(owner, { content: await templateWorkbook({ animal: [], sample: [] }) });
    await runImport(id);
    const noRows = "The file has no data rows: sheets 'breed', 'animal' and 'sample' hold only their headers";
    expect(await submission(id)).toEqual({
      status: 'error', message: `Import failed: 'file.xlsx' cannot be imported. ${noRows}.`,
      errors: [{ level: 'error', message: noRows }], errors_total: 1,
    });
  });

  it("refuses a template lacking columns with each sheet's missing columns once, where they are", async () => {
    const id = await createWaitingSubmission(owner, { content: await workbookWithout({ animal: ['Sex'], sample: ['Organism part', 'Collection place accuracy'] }) });
    await runImport(id);
    const animal = "Sheet 'animal' lacks the column 'Sex'";
    const sample = "Sheet 'sample' lacks the columns 'Collection place accuracy' and 'Organism part'";
    expect(await submission(id)).toEqual({
      status: 'error', message: `Import failed: 'file.xlsx' cannot be imported. ${animal}. ${sample}.`,
      errors: [
        { level: 'error', sheet: 'animal', row: 1, column: 'Sex', message: animal },
        { level: 'error', sheet: 'sample', row: 1, column: 'Collection place accuracy, Organism part', message: sample },
      ],
      errors_total: 2,
    });
  });

  it('rejects a file with no animals and no samples', async () => {
    const { id } = await importNew({ breeds: [breedRow('Nero')] });
    expect(await submission(id)).toMatchObject({ status: 'error', message: 'Import failed: 1 error (first: The file has no animals and no samples)' });
  });

  it('keeps the first 1000 problems, errors before warnings, and counts them all', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => animalRow(`a${i}`, { sex: i % 2 ? 'M' : 'male', father: 'nobody' }));
    const { id } = await importNew({ animals: many });
    const s = await submission(id);
    expect(s.status).toBe('error');
    expect(s.errors_total).toBe(1800);
    expect(s.errors).toHaveLength(1000);
    expect(s.errors.slice(0, 600).every((e) => e.level === 'error')).toBe(true);
    expect(s.errors[600].level).toBe('warning');
    expect(s.message).toMatch(/^Import failed: 600 errors, 1200 warnings \(first: Sheet 'animal', row 3, column 'Sex': 'M' is not one of/);
  });

  it('reports its progress live while reading the file', async () => {
    const events: { event: string; payload: unknown }[] = [];
    useEventTransport({ to: () => ({ emit: (event: string, payload: unknown) => events.push({ event, payload }) }) });
    try {
      const id = await createWaitingSubmission(await createCurator());
      await runImport(id, {
        parser: async (path, ctx, sink) => {
          sink.progress!(10, 40);
          await parserOf({ animals: [animalRow('a')] })(path, ctx, sink);
        },
      });
      expect(events).toContainEqual({ event: 'submission:progress', payload: { id, phase: 'import', done: 10, total: 40 } });
      expect(events).toContainEqual({ event: 'submission:status', payload: { id, status: 'loaded', message: '1 animal and 0 samples imported' } });
    } finally {
      useEventTransport(undefined);
    }
  });

  it('does nothing to a submission that is not waiting', async () => {
    const { id } = await importNew(threePigs);
    const before = await snapshot(id);
    expect((await importInto(id, { animals: [animalRow('other')] })).status).toBe('skipped');
    expect(await snapshot(id)).toEqual(before);
  });
});

describe('reloading a file', () => {
  async function reload(id: number, content: FileContent) {
    expect(await transition(id, 'waiting', { from: ['loaded', 'error', 'need_revision', 'ready', 'completed'] })).toBe(true);
    return importInto(id, content);
  }

  it('gives the same rows when the same file is imported twice', async () => {
    const { id } = await importNew(threePigs);
    const before = await snapshot(id);
    await reload(id, threePigs);
    expect(await submission(id)).toMatchObject({ status: 'loaded', message: '3 animals and 3 samples imported' });
    expect(await snapshot(id)).toEqual(before);
  });

  it('updates records in place, keeps accessions, marks changed accessioned records need_revision and removes the rest', async () => {
    const { id } = await importNew(threePigs);
    await db.ds.query(`UPDATE animals SET accession = 'SAMEA9000' || id, status = 'completed' WHERE submission_id = $1 AND name IN ('sow', 'boar')`, [id]);
    await db.ds.query(`UPDATE samples SET accession = 'SAMEA8000' || id, status = 'completed' WHERE submission_id = $1 AND name = 's-boar'`, [id]);
    const sample = await db.ds.query(`SELECT id FROM samples WHERE submission_id = $1 AND name = 's-sow'`, [id]);
    await db.ds.query(
      `INSERT INTO validation_results (submission_id, owner_id, record_type, sample_id, level) VALUES ($1, $2, 'sample', $3, 'pass')`,
      [id, owner, sample[0].id],
    );
    await db.ds.query(`UPDATE submissions SET validation_summary = '{"counts": {"pass": 1}}' WHERE id = $1`, [id]);
    const before = new Map((await animals(id)).map((a) => [a.name, a]));
    const outcome = await reload(id, {
      animals: [animalRow('sow', { sex: 'female', birthDate: '2019-03-02', birthLocationLatitude: 44.5 }), animalRow('boar'), animalRow('newcomer')],
      samples: [sampleRow('s-sow', 'sow', { organismPart: 'skin' }), sampleRow('s-boar', 'boar', { organismPart: 'semen', collectionDate: '2021-05-04' })],
    });
    expect(outcome.status).toBe('loaded');
    const after = new Map((await animals(id)).map((a) => [a.name, a]));
    expect([...after.keys()]).toEqual(['boar', 'newcomer', 'sow']);
    expect(after.get('sow')).toMatchObject({ id: before.get('sow')!.id, alias: before.get('sow')!.alias, accession: before.get('sow')!.accession, status: 'need_revision', birth_date: '2019-03-02' });
    expect(after.get('boar')).toMatchObject({ id: before.get('boar')!.id, accession: before.get('boar')!.accession, status: 'completed' });
    expect(after.get('newcomer')).toMatchObject({ status: 'loaded', accession: null });
    const s = await samples(id);
    expect(s.map((x: { name: string; status: string; organism_part: string }) => [x.name, x.status, x.organism_part])).toEqual([
      ['s-boar', 'completed', 'semen'], ['s-sow', 'loaded', 'skin'],
    ]);
    expect(await db.ds.query(`SELECT * FROM validation_results WHERE submission_id = $1`, [id])).toEqual([]);
    expect((await submission(id)).message).toBe('3 animals and 2 samples imported');
    expect((await db.ds.query(`SELECT validation_summary FROM submissions WHERE id = $1`, [id]))[0].validation_summary).toBeNull();
  });

  it('names a removed record that has an accession, as its BioSamples record stays', async () => {
    const { id } = await importNew(threePigs);
    await db.ds.query(`UPDATE samples SET accession = 'SAMEA7000' || id WHERE submission_id = $1 AND name = 's-piglet'`, [id]);
    await reload(id, { animals: threePigs.animals!.slice(0, 2), samples: threePigs.samples!.slice(0, 2) });
    const s = await submission(id);
    expect(s.status).toBe('loaded');
    expect(s.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^Sample 's-piglet' \(SAMEA7000\d+\) is not in the new file and was removed here/)]);
    expect((await animals(id)).map((a: { name: string }) => a.name)).toEqual(['boar', 'sow']);
  });

  it('leaves the old data exactly as it was when the new file is rejected', async () => {
    const { id } = await importNew(threePigs);
    await db.ds.query(`UPDATE animals SET accession = 'SAMEA6000' || id, status = 'completed' WHERE submission_id = $1 AND name = 'sow'`, [id]);
    const before = await snapshot(id);
    await reload(id, {
      animals: [animalRow('sow', { sex: 'female', birthDate: '2000-01-01' }), animalRow('other', { sex: 'M' })],
      samples: [sampleRow('s-sow', 'sow')],
    });
    expect((await submission(id)).status).toBe('error');
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses an accession different from the one a record already has', async () => {
    const { id } = await importNew({ animals: [animalRow('a', { accession: 'SAMEA500001' })] });
    await reload(id, { animals: [animalRow('a', { accession: 'SAMEA500002' })] });
    const s = await submission(id);
    expect(s.status).toBe('error');
    expect(s.errors[0].message).toContain('this record already has the accession SAMEA500001; an accession never changes');
  });

  it('refreshes the planner statistics after a big import, so the next job does not plan for an empty table', async () => {
    const herd = Array.from({ length: 1000 }, (_, i) => animalRow(`big-${i}`));
    const { outcome } = await importNew({
      breeds: [breedRow('Large White')], animals: herd, samples: Array.from({ length: 4000 }, (_, i) => sampleRow(`big-s${i}`, `big-${i % 1000}`)),
    });
    expect(outcome.status).toBe('loaded');
    const [{ reltuples }] = await db.ds.query(`SELECT reltuples FROM pg_class WHERE relname = 'samples'`);
    expect(Number(reltuples)).toBeGreaterThanOrEqual(4000);
  });
});
