import { afterAll, describe, expect, test } from '@jest/globals';
import iconv from 'iconv-lite';
import { parseCrbAnim } from './crbanim.js';
import { UnreadableFileError, type AnimalRow, type SampleRow } from './rows.js';
import { RecordingSink, fixtureFolder, parseContext } from '../../test/recording-sink.js';

const folder = fixtureFolder();
afterAll(() => folder.remove());

const HEADER = [
  'BRC_identifier', 'sample_identifier', 'EBI_Biosample_identifier', 'sample_availability', 'sample_bibliographic_references',
  'animal_ID', 'sex', 'species_latin_name', 'breed_name', 'country_of_origin', 'sampling_protocol_url', 'sampling_date',
  'sample_type_name', 'body_part_name', 'animal_birth_date', 'sample_storage_temperature', 'sample_container_type',
];

type Line = Partial<Record<(typeof HEADER)[number], string>>;

const base: Line = {
  BRC_identifier: 'CRB-1', sample_identifier: 'S1', EBI_Biosample_identifier: '', sample_availability: 'mailto:crb@example.org',
  sample_bibliographic_references: 'doi:10.1139/o09-005', animal_ID: 'A1', sex: 'Female', species_latin_name: 'Capra hircus',
  breed_name: 'Alpine', country_of_origin: 'FR', sampling_protocol_url: 'https://crb.example.org/protocol', sampling_date: '2017-07-15',
  sample_type_name: 'tissue', body_part_name: 'bone marrow', animal_birth_date: '2015-05-16', sample_storage_temperature: '-80°C',
  sample_container_type: 'Tube 2-15ml',
};

function csv(lines: Line[], { delimiter = ',', header = HEADER, eol = '\n' } = {}): string {
  const quote = (v: string): string => (/[",;\t\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(delimiter), ...lines.map((l) => header.map((h) => quote(l[h] ?? '')).join(delimiter))].join(eol) + eol;
}

let files = 0;
async function parse(content: string | Buffer, limits = {}): Promise<RecordingSink> {
  const sink = new RecordingSink();
  await parseCrbAnim(folder.file(`crbanim-${++files}.csv`, content), parseContext('crbanim.csv', limits), sink);
  return sink;
}

async function refusal(content: string | Buffer): Promise<UnreadableFileError> {
  const error = await parse(content).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UnreadableFileError);
  return error as UnreadableFileError;
}

const animal = (over: Partial<AnimalRow>): AnimalRow => ({
  name: 'A1', alternativeId: 'A1', description: null, breed: 'Alpine', breedCountry: 'France', species: 'Capra hircus',
  sex: 'female', father: null, mother: null, birthDate: '2015-05-16', birthLocation: null, birthLocationLatitude: null,
  birthLocationLongitude: null, birthLocationAccuracy: 'missing geographic information', accession: null, ...over,
});
const sample = (over: Partial<SampleRow>): SampleRow => ({
  name: 'S1', alternativeId: 'S1', description: null, animal: 'A1', collectionProtocol: 'https://crb.example.org/protocol',
  collectionDate: '2017-07-15', collectionPlace: null, collectionPlaceLatitude: null, collectionPlaceLongitude: null,
  collectionPlaceAccuracy: 'missing geographic information', organismPart: 'bone marrow', developmentalStage: null,
  physiologicalStage: null, animalAgeAtCollection: 2, animalAgeAtCollectionUnit: 'years', availability: 'mailto:crb@example.org',
  storage: 'frozen, -80 degrees Celsius freezer', storageProcessing: null, preparationInterval: null, preparationIntervalUnit: null,
  publicationDoi: 'doi:10.1139/o09-005', accession: null, ...over,
});

describe('a good CRB-Anim file', () => {
  test('gives the sink breeds, animals and samples mapped as the original tool did', async () => {
    const sink = await parse(csv([
      base,
      { ...base, sample_identifier: 'S2', sampling_date: '2015-09-20', body_part_name: 'unknown', sample_type_name: 'Semen', sample_storage_temperature: '-196°C', EBI_Biosample_identifier: 'SAMEA7654321' },
      { ...base, sample_identifier: 'S3', animal_ID: 'A2', sex: 'unknown', species_latin_name: 'Sheep', breed_name: 'Lacaune', country_of_origin: 'it', animal_birth_date: '2017-07-01', body_part_name: 'Not relevant', sample_type_name: 'blood', sample_storage_temperature: '-20 °C', sample_bibliographic_references: '\\N' },
    ]));
    expect(sink.problems).toEqual([]);
    expect(sink.breeds.map((b) => b.row)).toEqual([
      { suppliedBreed: 'Alpine', country: 'France', species: 'Capra hircus', mappedBreed: null, mappedBreedTerm: null },
      { suppliedBreed: 'Lacaune', country: 'Italy', species: 'Sheep', mappedBreed: null, mappedBreedTerm: null },
    ]);
    expect(sink.animals.map((a) => a.row)).toEqual([
      animal({}),
      animal({ name: 'A2', alternativeId: 'A2', breed: 'Lacaune', breedCountry: 'Italy', species: 'Sheep', sex: 'record of unknown sex', birthDate: '2017-07-01' }),
    ]);
    expect(sink.samples.map((s) => s.row)).toEqual([
      sample({}),
      sample({ name: 'S2', alternativeId: 'S2', collectionDate: '2015-09-20', organismPart: 'semen', animalAgeAtCollection: 4, animalAgeAtCollectionUnit: 'months', storage: 'frozen, liquid nitrogen', accession: 'SAMEA7654321' }),
      sample({ name: 'S3', alternativeId: 'S3', animal: 'A2', organismPart: 'blood', animalAgeAtCollection: 14, animalAgeAtCollectionUnit: 'days', storage: 'frozen, -20 degrees Celsius freezer', publicationDoi: null }),
    ]);
    expect(sink.samples.map((s) => s.at)).toEqual([2, 3, 4].map((row) => ({ sheet: 'crbanim.csv', row })));
    expect(sink.animals[0].columns).toMatchObject({ name: 'animal_ID', sex: 'sex', breedCountry: 'country_of_origin' });
  });

  test('reads a file with a byte-order mark and Windows line ends', async () => {
    const sink = await parse(`\ufeff${csv([base], { eol: '\r\n' })}`);
    expect(sink.samples.map((s) => s.row)).toEqual([sample({})]);
  });

  test('reads a Latin-1 file with semicolons and accented values', async () => {
    const content = csv([{ ...base, breed_name: 'Chèvre des Fossés', sample_storage_temperature: '-196°C' }], { delimiter: ';' });
    const sink = await parse(iconv.encode(content, 'latin1'));
    expect(sink.breeds[0].row.suppliedBreed).toBe('Chèvre des Fossés');
    expect(sink.samples[0].row.storage).toBe('frozen, liquid nitrogen');
    expect(sink.problems).toEqual([]);
  });

  test('reads a UTF-16 file that starts with a byte-order mark', async () => {
    const content = csv([{ ...base, breed_name: 'Poitevine' }], { delimiter: '\t' });
    const sink = await parse(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(content, 'utf16le')]));
    expect(sink.breeds[0].row.suppliedBreed).toBe('Poitevine');
  });

  test('reads tab-separated files and quoted values holding delimiters and line breaks', async () => {
    const sink = await parse(csv([{ ...base, sampling_protocol_url: 'see "protocol";\nversion 2, 2019' }], { delimiter: '\t' }));
    expect(sink.samples[0].row.collectionProtocol).toBe('see "protocol";\nversion 2, 2019');
  });

  test('reads \\N as empty, and accepts a file without sample_availability and sample_bibliographic_references', async () => {
    const header = HEADER.filter((h) => h !== 'sample_availability' && h !== 'sample_bibliographic_references');
    const sink = await parse(csv([{ ...base, animal_birth_date: '\\N', sampling_protocol_url: '\\N' }], { header, delimiter: ';' }));
    expect(sink.samples.map((s) => s.row)).toEqual([
      sample({ availability: null, publicationDoi: null, collectionProtocol: null, animalAgeAtCollection: null, animalAgeAtCollectionUnit: null }),
    ]);
    expect(sink.animals[0].row.birthDate).toBeNull();
  });
});

describe('rows with problems', () => {
  test('keeps the first definition of an animal, warns about each conflicting field, and imports every sample', async () => {
    const sink = await parse(csv([base, { ...base, sample_identifier: 'S2', sex: 'Male', species_latin_name: 'Sheep' }]));
    expect(sink.animals.map((a) => a.row)).toEqual([animal({})]);
    expect(sink.breeds).toHaveLength(1);
    expect(sink.samples.map((s) => [s.row.name, s.row.animal])).toEqual([['S1', 'A1'], ['S2', 'A1']]);
    expect(sink.messages('warning')).toEqual([
      "File 'crbanim.csv', row 3, column 'sex': animal 'A1' was defined in row 2 with sex 'female', not 'male'; the first definition is kept",
      "File 'crbanim.csv', row 3, column 'species_latin_name': animal 'A1' was defined in row 2 with species_latin_name 'Capra hircus', not 'Sheep'; the first definition is kept",
    ]);
  });

  test('does not store a value that is not a BioSamples accession, and warns naming the row', async () => {
    const sink = await parse(csv([{ ...base, EBI_Biosample_identifier: 'FAKEA359353362' }]));
    expect(sink.samples[0].row.accession).toBeNull();
    expect(sink.problems).toEqual([expect.objectContaining({
      level: 'warning', row: 2, column: 'EBI_Biosample_identifier', value: 'FAKEA359353362',
      message: "File 'crbanim.csv', row 2, column 'EBI_Biosample_identifier': 'FAKEA359353362' is not a BioSamples accession (SAMEA, SAMN or SAMD followed by digits); it is not stored",
    })]);
  });

  test('reports an unknown country code naming row, column and value, and imports the other rows', async () => {
    const sink = await parse(csv([{ ...base, country_of_origin: 'XX' }, { ...base, sample_identifier: 'S2', animal_ID: 'A2' }]));
    expect(sink.animals.map((a) => a.row.name)).toEqual(['A2']);
    expect(sink.messages('error')).toEqual([
      "File 'crbanim.csv', row 2, column 'country_of_origin': 'XX' is not an ISO 3166 two-letter country code (such as IT or FR); the row is not imported",
    ]);
  });

  test('warns about a storage temperature without mapping, a birth after sampling and a bad date', async () => {
    const sink = await parse(csv([{ ...base, sample_storage_temperature: '+4°C', animal_birth_date: '2018-01-01', sampling_date: '2017-07-15' }, { ...base, sample_identifier: 'S2', animal_ID: 'A2', sampling_date: '15/13/2017' }]));
    expect(sink.samples.map((s) => [s.row.storage, s.row.animalAgeAtCollection, s.row.collectionDate])).toEqual([[null, null, '2017-07-15'], ['frozen, -80 degrees Celsius freezer', null, null]]);
    expect(sink.messages('warning')).toEqual([
      "File 'crbanim.csv', row 2, column 'animal_birth_date': the animal's birth date 2018-01-01 is after the sampling date 2017-07-15; the age at collection is left empty",
      "File 'crbanim.csv', row 2, column 'sample_storage_temperature': no IMAGE sample storage is known for '+4°C' (known: -196°C, -80°C, -30°C, -20°C); 'Sample storage' is left empty",
    ]);
    expect(sink.messages('error')).toEqual([
      "File 'crbanim.csv', row 3, column 'sampling_date': '15/13/2017' is not a date (write YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY)",
    ]);
  });

  test('reports a sample id used twice and a row with a wrong number of values', async () => {
    const good = csv([base, base]);
    const sink = await parse(`${good}CRB-1,S9,,too,few\n`);
    expect(sink.samples).toHaveLength(1);
    expect(sink.messages('error')).toEqual([
      "File 'crbanim.csv', row 3, column 'sample_identifier': 'S1' is already the sample_identifier of row 2; ids must be unique",
      `File 'crbanim.csv', row 4: the row has 5 values but the header has ${HEADER.length} columns; the row is not imported`,
    ]);
  });
});

describe('files that cannot be imported', () => {
  test('lists every missing mandatory column at once', async () => {
    const header = HEADER.filter((h) => !['sex', 'animal_ID', 'sampling_date'].includes(h));
    const error = await refusal(csv([base], { header }));
    expect(error.message).toBe("'crbanim.csv' is not a CRB-Anim export: it lacks the columns 'sex', 'animal_ID' and 'sampling_date'.");
  });

  test('refuses UTF-16 without byte-order mark and binary files, naming the encoding problem', async () => {
    const utf16 = await refusal(iconv.encode(csv([base]), 'utf16le'));
    expect(utf16.message).toBe("'crbanim.csv' is not a CSV file in a known encoding: it holds NUL or control bytes, as a binary file or UTF-16 text without a byte-order mark does. Save it as CSV in UTF-8.");
    const binary = await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect(binary.message).toContain('is not a CSV file in a known encoding');
    const zip = await refusal(Buffer.from('PK\x03\x04rest of a workbook', 'latin1'));
    expect(zip.message).toBe("'crbanim.csv' is not a CSV file: it is a zip archive.");
  });

  test('refuses an empty file and a file with only its header', async () => {
    expect((await refusal('')).message).toBe("'crbanim.csv' is not a CSV file: the file is empty.");
    expect((await refusal(csv([]))).message).toBe("'crbanim.csv' has no data rows, only its header.");
  });

  test('refuses a file with more rows than MAX_ROWS', async () => {
    const error = await parse(csv([base, { ...base, sample_identifier: 'S2' }, { ...base, sample_identifier: 'S3' }]), { maxRows: 2 }).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe("'crbanim.csv' has more than 2 rows, the limit set by MAX_ROWS.");
  });
});
