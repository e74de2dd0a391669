import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { createCurator, createWaitingSubmission } from '../../test/import-rows.js';
import { pigAnimal, pigSample, templateWorkbook } from '../../test/template-file.js';
import { runImport } from './run-import.js';

/** Each data source end to end: a file built here, its real parser, the loader, the stored records. */
const db = useTestDatabase();
let owner: number;

beforeAll(async () => {
  owner = await createCurator();
});

async function imported(type: 'template' | 'crbanim' | 'cryoweb', content: Buffer, country = 'Italy') {
  const id = await createWaitingSubmission(owner, { type, content, country });
  await runImport(id);
  const [submission] = await db.ds.query(`SELECT status, message, errors FROM submissions WHERE id = $1`, [id]);
  const animals = await db.ds.query(
    `SELECT a.name, a.accession, b.supplied_breed AS breed, bc.label AS breed_country, sp.label AS species, x.label AS sex,
       f.name AS father, m.name AS mother, a.birth_date
     FROM animals a JOIN breeds b ON b.id = a.breed_id JOIN countries bc ON bc.id = b.country_id JOIN species sp ON sp.id = b.species_id
     LEFT JOIN sexes x ON x.id = a.sex_id LEFT JOIN animals f ON f.id = a.father_id LEFT JOIN animals m ON m.id = a.mother_id
     WHERE a.submission_id = $1 ORDER BY a.id`,
    [id],
  );
  const samples = await db.ds.query(
    `SELECT s.name, s.accession, a.name AS animal, op.label AS organism_part, op.term AS organism_part_term, s.collection_date, s.storage
     FROM samples s JOIN animals a ON a.id = s.animal_id LEFT JOIN organism_parts op ON op.id = s.organism_part_id
     WHERE s.submission_id = $1 ORDER BY s.id`,
    [id],
  );
  return { id, submission, animals, samples };
}

describe('an IMAGE template', () => {
  it('is imported with synonyms, parents below their children, an unknown parent warned about and a new organism part', async () => {
    const xlsx = await templateWorkbook({
      breed: [{ 'Supplied breed': 'Cinta Senese', 'EFABIS Breed country': 'Italy', Species: 'pig' }],
      animal: [
        pigAnimal('lamb-of-two', { Breed: 'Cinta Senese', Sex: 'male', 'Father id in data source': 'boar', 'Mother id in data source': 'sow' }),
        pigAnimal('boar', { Breed: 'Cinta Senese', Sex: 'male', 'Father id in data source': 'ghost' }),
        pigAnimal('sow', { Breed: 'Cinta Senese', Species: 'Sus scrofa', 'Birth date': '2018-04' }),
      ],
      sample: [pigSample('straw-1', 'boar'), pigSample('ear-1', 'sow', { 'Organism part': 'ear notch' })],
    });
    const { submission, animals, samples } = await imported('template', xlsx);
    expect(submission).toMatchObject({ status: 'loaded', message: '3 animals and 2 samples imported, 1 warning' });
    expect(submission.errors).toEqual([expect.objectContaining({ level: 'warning', sheet: 'animal', row: 3, column: 'Father id in data source', value: 'ghost' })]);
    expect(animals).toEqual([
      expect.objectContaining({ name: 'lamb-of-two', breed: 'Cinta Senese', breed_country: 'Italy', species: 'Sus scrofa', sex: 'male', father: 'boar', mother: 'sow' }),
      expect.objectContaining({ name: 'boar', father: null }),
      expect.objectContaining({ name: 'sow', sex: 'female', birth_date: '2018-04' }),
    ]);
    expect(samples).toEqual([
      expect.objectContaining({ name: 'straw-1', animal: 'boar', organism_part: 'semen', organism_part_term: 'UBERON_0001968', collection_date: '2020-01-02' }),
      expect.objectContaining({ name: 'ear-1', animal: 'sow', organism_part: 'ear notch', organism_part_term: null }),
    ]);
  });

  it('with an animal id and a sample id used twice is rejected naming both rows of each', async () => {
    const xlsx = await templateWorkbook({
      animal: [pigAnimal('boar'), pigAnimal('sow'), pigAnimal('boar', { 'Animal description': 'again' })],
      sample: [pigSample('straw-1', 'boar'), pigSample('straw-1', 'sow')],
    });
    const { submission, animals } = await imported('template', xlsx);
    expect(submission.status).toBe('error');
    const errors = submission.errors.filter((e: { level: string }) => e.level === 'error');
    expect(errors.map((e: { message: string }) => e.message)).toEqual([
      "Sheet 'animal', row 4, column 'Animal id in data source': 'boar' is a duplicate: row 2 has the same id",
      "Sheet 'sample', row 3, column 'Sample id in data source': 'straw-1' is a duplicate: row 2 has the same id",
    ]);
    expect(animals).toEqual([]);
  });

  it('with a wrong sex is rejected naming the sheet, row, column and value', async () => {
    const xlsx = await templateWorkbook({ animal: [pigAnimal('a', { Sex: 'M' })], sample: [] });
    const { submission, animals } = await imported('template', xlsx);
    expect(submission.status).toBe('error');
    expect(submission.errors).toEqual([expect.objectContaining({
      sheet: 'animal', row: 2, column: 'Sex', value: 'M',
      message: expect.stringMatching(/^Sheet 'animal', row 2, column 'Sex': 'M' is not one of male, female, record of unknown sex/),
    })]);
    expect(animals).toEqual([]);
  });
});

describe('a CRB-Anim CSV', () => {
  const header = 'sample_identifier;EBI_Biosample_identifier;animal_ID;sex;species_latin_name;breed_name;country_of_origin;' +
    'sampling_protocol_url;sampling_date;sample_type_name;body_part_name;animal_birth_date;sample_storage_temperature';
  const rows = [
    'S1;SAMEA7654321;A1;Female;Capra hircus;Alpine;FR;https://crb.example.org/p;2017-07-15;tissue;bone marrow;2015-05-16;-80°C',
    'S2;;A1;Female;Capra hircus;Alpine;FR;https://crb.example.org/p;2017-08-15;semen;unknown;2015-05-16;-196°C',
  ];

  it('is imported with the accession it carries, the country from its ISO code and storage from the temperature', async () => {
    const { submission, animals, samples } = await imported('crbanim', Buffer.from([header, ...rows].join('\n') + '\n'));
    expect(submission).toMatchObject({ status: 'loaded', message: '1 animal and 2 samples imported' });
    expect(animals).toEqual([expect.objectContaining({ name: 'A1', breed: 'Alpine', breed_country: 'France', species: 'Capra hircus', sex: 'female' })]);
    expect(samples).toEqual([
      expect.objectContaining({ name: 'S1', accession: 'SAMEA7654321', organism_part: 'bone marrow', storage: 'frozen, -80 degrees Celsius freezer' }),
      expect.objectContaining({ name: 'S2', accession: null, organism_part: 'semen', storage: 'frozen, liquid nitrogen' }),
    ]);
  });

  it('whose accession another record holds is rejected, naming the row', async () => {
    const { submission } = await imported('crbanim', Buffer.from([header, rows[0].replace('S1;', 'S9;')].join('\n') + '\n'));
    expect(submission.status).toBe('error');
    expect(submission.errors[0].message).toMatch(/row 2, column 'EBI_Biosample_identifier': 'SAMEA7654321' already belongs to sample 'S1'/);
  });
});

describe('a CryoWeb dump', () => {
  const copy = (table: string, columns: string, lines: string[]) =>
    `COPY apiis_admin.${table} (${columns}) FROM stdin;\n${lines.join('\n')}\n\\.\n\n`;
  const dump = '--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = \'UTF8\';\n' +
    "SELECT pg_catalog.set_config('search_path', '', false);\n\n" +
    copy('animal', 'db_animal, db_sire, db_dam, db_sex, db_breed, db_species, birth_dt, birth_year, latitude, longitude, comment', [
      '3\t1\t2\t17\t30\t13\t2003-01-16\t\\N\t\\N\t\\N\t\\N',
      '4\t5\t3\t18\t30\t13\t2006-02-01\t\\N\t\\N\t\\N\tson of a',
      '5\t1\t2\t18\t30\t13\t\\N\t1999\t\\N\t\\N\t\\N',
    ]) +
    copy('breeds_species', 'breed_id, db_breed, db_species, efabis_mcname, efabis_species, efabis_country, efabis_lang', [
      '328\t30\t13\tOstfriesisches Milchschaf\tSheep\tGermany\ten',
    ]) +
    copy('codes', 'ext_code, class, db_code, short_name, long_name', [
      'f\tSEX\t17\tweiblich\tfemale', 'm\tSEX\t18\tmaennlich\tmale', 'Sheep\tSPECIES\t13\tSchaf\tSheep', 'Semen\tCRYO_TYPE\t111\tSperma\tSemen',
    ]) +
    copy('protocols', 'protocol_id, protocol_name, db_material_type, comment', ['100\tNHS_Kryo\t111\t\\N']) +
    copy('transfer', 'db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt', [
      '1\tunknown_sire\t100\t\\N\t2007-04-26\t\\N', '2\tunknown_dam\t100\t\\N\t2007-04-26\t\\N',
      '3\tEWE-3\t100\t\\N\t2003-01-16\t\\N', '4\tRAM-4\t100\t\\N\t2006-02-01\t\\N', '5\tRAM-5\t100\t\\N\t2000-01-01\t\\N',
    ]) +
    copy('unit', 'db_unit, ext_unit, ext_id', ['100\tANIMAL\tID']) +
    copy('vessels', 'db_vessel, ext_vessel, db_animal, protocol_id, production_dt, freezing_dt, db_vessel_type, comment', [
      '1451\tMA_052_RAM-4\t4\t100\t2008-01-13\t2008-01-13\t108\t\\N',
    ]);

  it('is imported: breeds from EFABIS name and country, sire and dam by name in any order, placeholders left empty', async () => {
    const { submission, animals, samples } = await imported('cryoweb', Buffer.from(dump), 'Germany');
    expect(submission).toMatchObject({ status: 'loaded' });
    expect(submission.message).toMatch(/^3 animals and 1 sample imported/);
    // CryoWeb's v_animal names an animal unit:::id:::number, as the original stored it.
    const name = (n: string) => `ANIMAL:::ID:::${n}`;
    expect(animals).toEqual([
      expect.objectContaining({ name: name('EWE-3'), breed: 'Ostfriesisches Milchschaf', breed_country: 'Germany', species: 'Ovis aries', sex: 'female', father: null, mother: null }),
      expect.objectContaining({ name: name('RAM-4'), sex: 'male', father: name('RAM-5'), mother: name('EWE-3') }),
      expect.objectContaining({ name: name('RAM-5'), sex: 'male', father: null }),
    ]);
    expect(samples).toEqual([expect.objectContaining({ name: 'MA_052_RAM-4', animal: name('RAM-4'), organism_part: 'semen', collection_date: '2008-01-13' })]);
  });
});
