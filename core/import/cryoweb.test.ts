import { afterAll, describe, expect, test } from '@jest/globals';
import { parseCryoWeb } from './cryoweb.js';
import { UnreadableFileError } from './rows.js';
import { RecordingSink, fixtureFolder, parseContext } from '../../test/recording-sink.js';

const folder = fixtureFolder();
afterAll(() => folder.remove());

const PREAMBLE = `--
-- PostgreSQL database dump
--

\\restrict AbC123xyz

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET search_path = apiis_admin, pg_catalog;
`;

/** A small gene bank with --column-inserts: two breeds, a ram and a ewe of unknown parents, their lamb, two vessels. */
const COLUMN_INSERTS = `${PREAMBLE}
INSERT INTO apiis_admin.animal (db_animal, db_sire, db_dam, db_sex, db_breed, db_species, birth_dt, birth_year, latitude, longitude, comment) VALUES (501, 1, 2, 18, 30, 13, '2001-04-02', NULL, NULL, NULL, NULL);
INSERT INTO apiis_admin.animal (db_animal, db_sire, db_dam, db_sex, db_breed, db_species, birth_dt, birth_year, latitude, longitude, comment) VALUES (502, 1, 2, 17, 30, 13, NULL, '1999', NULL, NULL, 'bought in 2002');
INSERT INTO apiis_admin.animal (db_animal, db_sire, db_dam, db_sex, db_breed, db_species, birth_dt, birth_year, latitude, longitude, comment) VALUES (503, 501, 502, 17, 30, 13, '2003-01-16'::date, NULL, 52.0345050000000029, 8.9396640000000005, 'born on the ''farm''');

INSERT INTO apiis_admin.breeds_species (breed_id, db_breed, db_species, efabis_mcname, efabis_species, efabis_country, efabis_lang) VALUES (328, 30, 13, 'Ostfriesisches Milchschaf', 'Sheep', 'Germany', 'en');
INSERT INTO apiis_admin.breeds_species (breed_id, db_breed, db_species, efabis_mcname, efabis_species, efabis_country, efabis_lang) VALUES (100, 35, 14, 'Aberdeen Angus', 'Cattle', 'Germany', 'en');

INSERT INTO apiis_admin.codes (ext_code, class, db_code, short_name, long_name) VALUES ('f', 'SEX', 17, 'weiblich', 'female');
INSERT INTO apiis_admin.codes (ext_code, class, db_code, short_name, long_name) VALUES ('m', 'SEX', 18, 'maennlich', 'male');
INSERT INTO apiis_admin.codes (ext_code, class, db_code, short_name, long_name) VALUES ('Sheep', 'SPECIES', 13, 'Schaf', 'Sheep');
INSERT INTO apiis_admin.codes (ext_code, class, db_code, short_name, long_name) VALUES ('Cattle', 'SPECIES', 14, 'Rind', 'Cattle');
INSERT INTO apiis_admin.codes (ext_code, class, db_code, short_name, long_name) VALUES ('Semen', 'CRYO_TYPE', 111, 'Sperma', 'Semen');

INSERT INTO apiis_admin.protocols (protocol_id, protocol_name, db_material_type, comment) VALUES (100, 'NHS_Kryo_2004', 111, E'Nebenhoden\\nsperma');

SELECT pg_catalog.setval('apiis_admin.seq_codes__db_code', 837, true);

INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (1, 'unknown_sire', 100, NULL, '2007-04-26', NULL);
INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (2, 'unknown_dam', 100, NULL, '2007-04-26', NULL);
INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (501, 'OLD-501', 100, NULL, '2001-04-02', '2005-01-01');
INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (501, 'WF60/B0811', 100, NULL, '2005-01-01', NULL);
INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (502, 'WF60/6532', 100, NULL, '2007-06-14', NULL);
INSERT INTO apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt) VALUES (503, 'WF001265', 100, NULL, '2008-01-16', NULL);

INSERT INTO apiis_admin.unit (db_unit, ext_unit, ext_id) VALUES (100, 'ANIMAL', 'ID');

INSERT INTO apiis_admin.vessels (db_vessel, ext_vessel, db_animal, protocol_id, production_dt, freezing_dt, db_vessel_type, comment) VALUES (1451, 'MA_052_WF001265_13.01.04', 503, 100, '2004-01-13', '2004-01-13', 108, 'Qualitätsrate 87,5 %'), (1452, 'MA_053_WF60B0811', 501, 100, '2006-05-01', NULL, 108, NULL);

\\unrestrict AbC123xyz
`;

const expectedBreeds = [
  { suppliedBreed: 'Ostfriesisches Milchschaf', country: 'Germany', species: 'Sheep', mappedBreed: null, mappedBreedTerm: null },
  { suppliedBreed: 'Aberdeen Angus', country: 'Germany', species: 'Cattle', mappedBreed: null, mappedBreedTerm: null },
];

const sheepAnimal = {
  description: null, breed: 'Ostfriesisches Milchschaf', breedCountry: 'Germany', species: 'Sheep', father: null, mother: null,
  birthLocation: null, birthLocationLatitude: null, birthLocationLongitude: null, birthLocationAccuracy: 'missing geographic information',
  accession: null,
};
const expectedAnimals = [
  { ...sheepAnimal, name: 'ANIMAL:::ID:::WF60/B0811', alternativeId: '501', sex: 'male', birthDate: '2001-04-02' },
  { ...sheepAnimal, name: 'ANIMAL:::ID:::WF60/6532', alternativeId: '502', sex: 'female', birthDate: '1999', description: 'bought in 2002' },
  {
    ...sheepAnimal, name: 'ANIMAL:::ID:::WF001265', alternativeId: '503', sex: 'female', birthDate: '2003-01-16',
    description: "born on the 'farm'", father: 'ANIMAL:::ID:::WF60/B0811', mother: 'ANIMAL:::ID:::WF60/6532',
    birthLocationLatitude: 52.034505, birthLocationLongitude: 8.939664, birthLocationAccuracy: 'unknown accuracy level',
  },
];

const vessel = {
  description: null, collectionProtocol: null, collectionPlace: null, collectionPlaceLatitude: null, collectionPlaceLongitude: null,
  collectionPlaceAccuracy: 'missing geographic information', organismPart: 'semen', developmentalStage: null, physiologicalStage: null,
  availability: null, storage: null, storageProcessing: null, preparationInterval: null, preparationIntervalUnit: null,
  publicationDoi: null, accession: null,
};
const expectedSamples = [
  {
    ...vessel, name: 'MA_052_WF001265_13.01.04', alternativeId: '1451', animal: 'ANIMAL:::ID:::WF001265', collectionDate: '2004-01-13',
    description: 'Qualitätsrate 87,5 %', animalAgeAtCollection: 11, animalAgeAtCollectionUnit: 'months',
  },
  {
    ...vessel, name: 'MA_053_WF60B0811', alternativeId: '1452', animal: 'ANIMAL:::ID:::WF60/B0811', collectionDate: '2006-05-01',
    animalAgeAtCollection: 5, animalAgeAtCollectionUnit: 'years',
  },
];

let files = 0;
async function parse(dump: string): Promise<RecordingSink> {
  const sink = new RecordingSink();
  await parseCryoWeb(folder.file(`dump-${++files}.sql`, dump), parseContext('cryoweb.sql'), sink);
  return sink;
}

async function refusal(dump: string): Promise<UnreadableFileError> {
  const sink = new RecordingSink();
  const error = await parseCryoWeb(folder.file(`dump-${++files}.sql`, dump), parseContext('cryoweb.sql'), sink).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UnreadableFileError);
  expect(sink.animals.length + sink.samples.length).toBe(0);
  return error as UnreadableFileError;
}

const lineOf = (dump: string, text: string): number => dump.slice(0, dump.indexOf(text)).split('\n').length;

describe('a CryoWeb dump with column inserts', () => {
  test('gives the sink breeds, animals and vessels joined as the CryoWeb views joined them', async () => {
    const sink = await parse(COLUMN_INSERTS);
    expect(sink.breeds.map((b) => b.row)).toEqual(expectedBreeds);
    expect(sink.animals.map((a) => a.row)).toEqual(expectedAnimals);
    expect(sink.samples.map((s) => s.row)).toEqual(expectedSamples);
    expect(sink.animals.map((a) => a.at)).toEqual([
      { sheet: 'animal', row: lineOf(COLUMN_INSERTS, 'VALUES (501') },
      { sheet: 'animal', row: lineOf(COLUMN_INSERTS, 'VALUES (502') },
      { sheet: 'animal', row: lineOf(COLUMN_INSERTS, 'VALUES (503') },
    ]);
  });

  test('leaves placeholder parents empty with one warning per placeholder', async () => {
    const sink = await parse(COLUMN_INSERTS);
    expect(sink.messages('warning')).toEqual([
      "Table 'animal', column 'db_sire': 2 animals have the placeholder father 'unknown_sire' (an unknown parent); their father is left empty",
      "Table 'animal', column 'db_dam': 2 animals have the placeholder mother 'unknown_dam' (an unknown parent); their mother is left empty",
    ]);
    expect(sink.messages('error')).toEqual([]);
  });

  test('reports a sex code that is neither m nor f, naming the line', async () => {
    const dump = COLUMN_INSERTS.replace("VALUES ('f', 'SEX', 17", "VALUES ('x', 'SEX', 17");
    const sink = await parse(dump);
    expect(sink.animals.map((a) => a.row.sex)).toEqual(['male', null, null]);
    expect(sink.messages('error')[0]).toBe(`Table 'animal', line ${lineOf(dump, 'VALUES (502')}, column 'db_sex': the sex 'x' is neither m nor f`);
  });
});

describe('other forms pg_dump writes', () => {
  test('reads COPY blocks with \\N, escapes and tabs in values', async () => {
    const dump = `${PREAMBLE}
COPY apiis_admin.animal (db_animal, db_sire, db_dam, db_sex, db_breed, db_species, birth_dt, birth_year, latitude, longitude, image_id, db_org, la_rep, la_rep_dt, last_change_dt, last_change_user, dirty, chk_lvl, guid, owner, version, synch, db_hybrid, comment, file_id) FROM stdin;
501\t1\t2\t18\t30\t13\t2001-04-02\t\\N\t\\N\t\\N\t\\N\t112\t\\N\t\\N\t2007-06-14 14:54:36\tjmoos\t\\N\t\\N\t1959\tGermany\t1\t\\N\t\\N\tline one\\nline\\ttwo \\\\ end\t\\N
\\.

COPY apiis_admin.breeds_species (breed_id, db_breed, db_species, efabis_mcname, efabis_species, efabis_country, efabis_lang, chk_lvl, dirty, guid, last_change_dt, last_change_user, owner, synch, version) FROM stdin;
328\t30\t13\tOstfriesisches Milchschaf\tSheep\tGermany\ten\t\\N\t\\N\t7945\t2008-12-15 10:57:00\tmanager\tGermany\t\\N\t1
\\.

COPY apiis_admin.codes (ext_code, class, db_code, short_name, long_name, description, opening_dt, closing_dt, last_change_dt, last_change_user, dirty, chk_lvl, guid, owner, version, synch) FROM stdin;
m\tSEX\t18\tmaennlich\tmale\t\\N\t2007-04-26\t\\N\t2016-08-08 14:37:08\tmhenn\t\\N\t\\N\t496\tGermany\t3\t\\N
Sheep\tSPECIES\t13\tSchaf\tSheep\t\\N\t2007-04-26\t\\N\t2008-12-08 11:01:35\tmanager\t\\N\t\\N\t737\tGermany\t2\t\\N
\\.

COPY apiis_admin.nodes (nodename, address) FROM stdin;
Germany\t127.0.0.1
DROP TABLE animal; -- inside a COPY block this is data, never a statement
\\.

COPY apiis_admin.transfer (db_animal, ext_animal, db_unit, id_set, opening_dt, closing_dt, last_change_dt, last_change_user, dirty, chk_lvl, guid, owner, version, synch) FROM stdin;
501\tWF60/B0811\t100\t\\N\t2007-06-14\t\\N\t2007-06-14 14:54:36\tjmoos\t\\N\t\\N\t1958\tGermany\t1\t\\N
\\.

COPY apiis_admin.unit (db_unit, ext_unit, ext_id, db_contact, db_member, opening_dt, closing_dt, last_change_dt, last_change_user, dirty, chk_lvl, guid, owner, version, synch) FROM stdin;
100\tANIMAL\tID\t\\N\t\\N\t2007-04-26\t\\N\t2007-04-26 12:30:05\tcryo\t\\N\t\\N\t478\tGermany\t1\t\\N
\\.
`;
    const sink = await parse(dump);
    expect(sink.animals.map((a) => [a.row.name, a.row.sex, a.row.description, a.row.father])).toEqual([
      ['ANIMAL:::ID:::WF60/B0811', 'male', 'line one\nline\ttwo \\ end', null],
    ]);
    expect(sink.breeds).toHaveLength(1);
  });

  test('reads plain INSERTs without a column list, multi-row VALUES and strings spanning lines', async () => {
    const dump = `${PREAMBLE}
INSERT INTO animal VALUES (501, NULL, NULL, 18, 30, 13, '2001-04-02', NULL, NULL, NULL, NULL, 112, NULL, NULL, '2007-06-14 14:54:36', 'jmoos', NULL, NULL, 1959, 'Germany', 1, NULL, NULL, 'first line
second line', NULL);
INSERT INTO breeds_species VALUES (328, 30, 13, 'Ostfriesisches Milchschaf', 'Sheep', 'Germany', 'en', NULL, NULL, 7945, '2008-12-15 10:57:00', 'manager', 'Germany', NULL, 1);
INSERT INTO codes VALUES ('m', 'SEX', 18, 'maennlich', 'male', NULL, '2007-04-26', NULL, '2016-08-08 14:37:08', 'mhenn', NULL, NULL, 496, 'Germany', 3, NULL), ('Sheep', 'SPECIES', 13, 'Schaf', 'Sheep', NULL, '2007-04-26', NULL, '2008-12-08 11:01:35', 'manager', NULL, NULL, 737, 'Germany', 2, NULL);
INSERT INTO transfer VALUES (501, 'WF60/B0811', 100, NULL, '2007-06-14', NULL, '2007-06-14 14:54:36', 'jmoos', NULL, NULL, 1958, 'Germany', 1, NULL);
INSERT INTO unit VALUES (100, 'ANIMAL', 'ID', NULL, NULL, '2007-04-26', NULL, '2007-04-26 12:30:05', 'cryo', NULL, NULL, 478, 'Germany', 1, NULL);
`;
    const sink = await parse(dump);
    expect(sink.animals.map((a) => [a.row.name, a.row.sex, a.row.description])).toEqual([
      ['ANIMAL:::ID:::WF60/B0811', 'male', 'first line\nsecond line'],
    ]);
  });
});

describe('dumps that are refused', () => {
  test.each([
    ['CREATE TABLE animal (db_animal integer);', 'The dump holds the schema too: make it with pg_dump --data-only.'],
    ['DROP TABLE animal;', 'The dump holds the schema too'],
    ['ALTER TABLE apiis_admin.animal DISABLE TRIGGER ALL;', 'Make the dump without --disable-triggers.'],
    ["DO $$ BEGIN PERFORM pg_sleep(10); END $$;", 'Only INSERT and COPY data'],
    ['\\! rm -rf /', 'Only INSERT and COPY data'],
    ["UPDATE animal SET comment = 'x';", 'Only INSERT and COPY data'],
  ])('refuses %s naming its line', async (statement, hint) => {
    const dump = `${COLUMN_INSERTS.slice(0, COLUMN_INSERTS.indexOf('INSERT INTO apiis_admin.codes'))}${statement}\n${COLUMN_INSERTS.slice(COLUMN_INSERTS.indexOf('INSERT INTO apiis_admin.codes'))}`;
    const error = await refusal(dump);
    expect(error.message).toContain(`'cryoweb.sql' is not a data-only dump InjectTool accepts: line ${lineOf(dump, statement)} is '${statement.slice(0, 60)}`);
    expect(error.message).toContain(hint);
    expect(error.problems[0]).toMatchObject({ level: 'error', row: lineOf(dump, statement) });
  });

  test('refuses a SELECT of any function but set_config and setval', async () => {
    const dump = `${PREAMBLE}SELECT pg_catalog.pg_sleep(100);\n`;
    const error = await refusal(dump);
    expect(error.message).toBe(`'cryoweb.sql', line ${lineOf(dump, 'pg_sleep')}: pg_catalog.pg_sleep is not allowed; only set_config and setval are. Only literal values are accepted in a dump.`);
  });

  test.each([
    ['now()', "expected a value (a number, a quoted string, NULL, true or false) but found 'now());'"],
    ["(SELECT 'x')", "expected a value (a number, a quoted string, NULL, true or false) but found '(SELECT 'x'));'"],
    ['1 + 1', "expected ')' but found '+ 1);'"],
    ["lo_import('/etc/passwd')", "expected a value (a number, a quoted string, NULL, true or false) but found 'lo_import('/etc/passwd'));'"],
    ['12abc', "'12abc' is not a number"],
    ["'x'::text || 'y'", "expected ')' but found '|| 'y');'"],
  ])('refuses the value %s naming its line', async (value, reason) => {
    const dump = `${PREAMBLE}\nINSERT INTO unit (db_unit, ext_unit, ext_id) VALUES (100, 'ANIMAL', ${value});\n`;
    const error = await refusal(dump);
    expect(error.message).toBe(`'cryoweb.sql', line ${lineOf(dump, 'INSERT INTO unit')}: ${reason}. Only literal values are accepted in a dump.`);
  });

  test('refuses a truncated COPY block and a truncated INSERT', async () => {
    const copy = await refusal(`${PREAMBLE}COPY unit (db_unit, ext_unit, ext_id) FROM stdin;\n100\tANIMAL\tID\n`);
    expect(copy.message).toBe(`'cryoweb.sql' ends inside the COPY block of 'unit' that starts at line ${lineOf(PREAMBLE, 'SET search_path') + 1} (its closing \\. line is missing): the file is truncated.`);
    const insert = await refusal(`${PREAMBLE}INSERT INTO unit (db_unit, ext_unit, ext_id) VALUES (100, 'ANIM`);
    expect(insert.message).toContain('ends inside the INSERT statement that starts at line');
  });

  test('refuses a row whose values do not match its columns, and a dump without animals or vessels', async () => {
    const dump = `${PREAMBLE}INSERT INTO unit (db_unit, ext_unit, ext_id) VALUES (100, 'ANIMAL');\n`;
    expect((await refusal(dump)).message).toBe(`'cryoweb.sql', line ${lineOf(dump, 'INSERT INTO unit')}: a row of 'unit' has 2 values for 3 columns.`);
    expect((await refusal(PREAMBLE)).message).toBe("'cryoweb.sql' holds no CryoWeb animals or vessels: is it a data-only dump of a CryoWeb database?");
  });
});
