import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { insertAnimal, insertBreed, insertCurator, insertSubmission } from '../test/validation-fixtures.js';
import { runHandler } from './test-kit.js';
import validateSubmission from './validate-submission.js';

const db = useTestDatabase();
let owner: number;
let breed: number;

beforeAll(async () => {
  owner = await insertCurator();
  breed = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
});

const statusOf = async (id: number) => (await db.ds.query(`SELECT status, message FROM submissions WHERE id = $1`, [id]))[0];

describe('the validate-submission job', () => {
  it('validates a waiting submission to the end', async () => {
    const id = await insertSubmission(owner, { status: 'waiting' });
    await insertAnimal(id, owner, { name: 'A1', breedId: breed });
    await runHandler(validateSubmission, { submissionId: id });
    expect(await statusOf(id)).toEqual({ status: 'ready', message: 'validated' });
  });

  it('leaves a submission that is not waiting as it is when run again', async () => {
    const id = await insertSubmission(owner, { status: 'ready' });
    await runHandler(validateSubmission, { submissionId: id });
    expect((await statusOf(id)).status).toBe('ready');
  });
});
