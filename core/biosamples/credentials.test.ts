import { beforeAll, describe, expect, test } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { config, overrideConfig } from '../config.js';
import { HeldCredentialsUnreadable, holdCredentials, readHeldCredentials, releaseCredentials } from './credentials.js';

const db = useTestDatabase();
const password = 'Sécret webin pässword 42!';

async function newSubmission(key: string): Promise<number> {
  const [user] = await db.ds.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, [`${key}@example.org`]);
  const [country] = await db.ds.query(`SELECT id FROM countries WHERE label = 'Italy'`);
  const [submission] = await db.ds.query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, owner_id)
     VALUES ($1, 'Cryoweb IT', $2, 'template', '0.3', $3) RETURNING id`,
    [key, country.id, user.id],
  );
  return submission.id;
}

/** Every row of every table, as text, that contains `needle`. */
async function rowsContaining(needle: string): Promise<string[]> {
  const tables: Array<{ table_name: string }> = await db.ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows: Array<{ row: string }> = await db.ds.query(`SELECT t::text AS row FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`, [needle]);
    found.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return found;
}

let submissionId: number;
beforeAll(async () => {
  submissionId = await newSubmission('held');
});

describe('held Webin credentials', () => {
  test('are read back as they were given', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    expect(await readHeldCredentials(submissionId)).toEqual({ username: 'Webin-12345', password });
  });

  test('never put the password in the database in plain text or plain base64', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    expect(await rowsContaining(password)).toEqual([]);
    expect(await rowsContaining(Buffer.from(password).toString('base64'))).toEqual([]);
    expect(await rowsContaining('Webin-12345')).toHaveLength(1);
  });

  test('encrypt the same password differently each time', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    const [first] = await db.ds.query(`SELECT encrypted_password FROM held_credentials WHERE submission_id = $1`, [submissionId]);
    await holdCredentials(submissionId, 'Webin-12345', password);
    const [second] = await db.ds.query(`SELECT encrypted_password FROM held_credentials WHERE submission_id = $1`, [submissionId]);
    expect(second.encrypted_password).not.toBe(first.encrypted_password);
  });

  test('are gone once released', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    await releaseCredentials(submissionId);
    expect(await readHeldCredentials(submissionId)).toBeNull();
    expect(await db.ds.query(`SELECT 1 FROM held_credentials`)).toEqual([]);
  });

  test('cannot be read when copied onto another submission', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    const otherId = await newSubmission('other');
    await db.ds.query(
      `INSERT INTO held_credentials (submission_id, webin_username, encrypted_password) SELECT $2, webin_username, encrypted_password FROM held_credentials WHERE submission_id = $1`,
      [submissionId, otherId],
    );
    await expect(readHeldCredentials(otherId)).rejects.toBeInstanceOf(HeldCredentialsUnreadable);
  });

  test('cannot be read after SECRET_KEY changed', async () => {
    await holdCredentials(submissionId, 'Webin-12345', password);
    const original = config().secretKey;
    overrideConfig((c) => {
      c.secretKey = 'another-secret-key-another-secret-key-another';
    });
    try {
      await expect(readHeldCredentials(submissionId)).rejects.toThrow(/cannot be decrypted/);
    } finally {
      overrideConfig((c) => {
        c.secretKey = original;
      });
    }
  });
});
