import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { useTestDatabase } from '../../test/database.js';
import { animalRow, sampleRow } from '../../test/import-rows.js';
import { StagingCopy, createStagingTable } from './staging.js';

const db = useTestDatabase();
let client: pg.Client;

beforeEach(async () => {
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  await createStagingTable(client);
});

afterEach(async () => {
  await client.query('ROLLBACK');
  await client.end();
});

async function staged(columns: string) {
  const { rows } = await client.query(`SELECT kind, seq, sheet, row, ${columns} FROM import_rows ORDER BY seq`);
  return rows;
}

describe('the staging COPY', () => {
  it('stores text exactly as the file holds it: tabs, line breaks, backslashes and any alphabet', async () => {
    const copy = new StagingCopy(client);
    await copy.push('a', 1, "animal's sheet", 2, animalRow('tab\there', {
      description: 'line one\nline two\r\nback\\slash \\N', birthLocation: 'Zürich – 北京 🐖', sex: 'female\u0000',
      alternativeId: '   ', breed: ' Large White ', birthLocationLatitude: 45.5, birthLocationLongitude: Number.NaN,
    }));
    await copy.end();
    expect(await staged('name, description, birth_location, sex, alternative_id, breed, latitude, longitude')).toEqual([{
      kind: 'a', seq: 1, sheet: "animal's sheet", row: 2, name: 'tab\there', description: 'line one\nline two\r\nback\\slash \\N',
      birth_location: 'Zürich – 北京 🐖', sex: 'female', alternative_id: null, breed: ' Large White ', latitude: 45.5, longitude: null,
    }]);
  });

  it('sends many rows and a value longer than a chunk without losing or splitting any', async () => {
    const copy = new StagingCopy(client);
    const long = 'é'.repeat(200_000) + 'x'.repeat(300_000);
    for (let i = 1; i <= 5000; i++) {
      await copy.push('s', i, 'sample', i + 1, sampleRow(`sample-${i}`, `animal-${i % 7}`, {
        description: i === 2500 ? long : `number ${i}`, animalAgeAtCollection: i / 4,
      }));
    }
    await copy.end();
    const { rows: [summary] } = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT name)::int AS names, sum(age)::float AS ages,
         bool_and(description = 'number ' || seq OR seq = 2500) AS descriptions, max(length(description))::int AS longest,
         bool_and(name = 'sample-' || seq AND animal = 'animal-' || (seq % 7) AND row = seq + 1) AS places
       FROM import_rows`,
    );
    expect(summary).toEqual({ n: 5000, names: 5000, ages: (5000 * 5001) / 2 / 4, descriptions: true, longest: 500_000, places: true });
    const { rows: [longRow] } = await client.query(`SELECT description = $1 AS same FROM import_rows WHERE seq = 2500`, [long]);
    expect(longRow.same).toBe(true);
  });
});
