import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { createAnimal, createSample, createSubmission, createUser } from '../../test/factories.js';
import { deleteSubmission } from '../submissions/deletion.js';

const db = useTestDatabase();

async function accessioned(accession: string | null) {
  const owner = await createUser();
  const submission = await createSubmission(owner.id, { title: 'Cinta Senese semen', status: 'completed' });
  const animal = await createAnimal(submission.id);
  const sample = await createSample(animal.id);
  await db.ds.query(`UPDATE samples SET accession = $2 WHERE id = $1`, [sample.id, accession]);
  await db.ds.query(`UPDATE animals SET accession = $2 WHERE id = $1`, [animal.id, accession && accession.replace('SAMEA', 'SAMEA9')]);
  return { submission, animal, sample };
}

const orphans = (accession: string) => db.ds.query(
  `SELECT accession, name, record_type, species, species_term, submission_title, reason FROM orphaned_records WHERE accession LIKE $1 ORDER BY record_type`,
  [`%${accession.slice(5)}`],
);

describe('accessions of deleted records are kept for suppression at BioSamples', () => {
  it('keeps the accession of a record deleted on its own (panel delete, reload without it)', async () => {
    const { sample } = await accessioned('SAMEA100001');
    await db.ds.query(`DELETE FROM samples WHERE id = $1`, [sample.id]);
    expect(await orphans('SAMEA100001')).toEqual([{
      accession: 'SAMEA100001', name: sample.name, record_type: 'sample', species: 'Sus scrofa', species_term: 'NCBITaxon_9823',
      submission_title: 'Cinta Senese semen', reason: 'record deleted',
    }]);
  });

  it('notes nothing for a record that never reached BioSamples', async () => {
    const { sample } = await accessioned(null);
    const before = await db.ds.query(`SELECT count(*)::int AS n FROM orphaned_records`);
    await db.ds.query(`DELETE FROM samples WHERE id = $1`, [sample.id]);
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM orphaned_records`)).toEqual(before);
  });

  it('says a whole submission was deleted when that is what happened', async () => {
    const { submission } = await accessioned('SAMEA200002');
    expect(await deleteSubmission(submission.id)).toBe('deleted');
    const rows = await orphans('SAMEA200002');
    expect(rows.map((r: { record_type: string; reason: string }) => [r.record_type, r.reason])).toEqual([
      ['animal', 'submission deleted'], ['sample', 'submission deleted'],
    ]);
  });
});
