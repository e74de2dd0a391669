/**
 * The admins' tools in the panel, through AdminJS's own API as the panel's pages call it:
 * vocabulary curation (terms missing ontology ids) and records left at BioSamples by deleted
 * submissions. Who may reach them at all is in admin/policy-matrix.test.ts.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { overrideConfig } from '../../core/config.js';
import { createUser, ensureBreed, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { useTestApp, WebClient } from '../../test/web-client.js';

let fake: FakeBioSamples;
const { db, app } = useTestApp();
afterAll(async () => {
  await fake?.close();
});
let admin: TestUser;
let adminPanel: WebClient;
const WEBIN = { webinUsername: 'Webin-12345', webinPassword: 'webin-test-password' };

beforeAll(async () => {
  fake = await startFakeBioSamples();
  admin = await createUser({ role: 'admin' });
  adminPanel = new WebClient(app.url);
  await adminPanel.panelLogin(admin.email, TEST_PASSWORD);
});
beforeEach(() => {
  fake.resetCounters();
  overrideConfig((c) => {
    c.biosamples.url = fake.url;
    c.biosamples.webinAuthUrl = fake.webinAuthUrl;
  });
});

const unique = (prefix: string) => `${prefix} ${crypto.randomBytes(4).toString('hex')}`;
type Listed = { params: Record<string, string> };
const listed = (res: { json: { records: Listed[] } }) => res.json.records.map((r) => r.params);

describe('vocabulary curation (terms missing ontology ids)', () => {
  it('lists the terms still missing an id, with a breed\'s species and country, filtered by vocabulary', async () => {
    const breed = unique('Curation breed');
    const breedId = await ensureBreed(breed, 'Sus scrofa', 'Italy');
    const res = await adminPanel.get('/admin/api/resources/TermMissingId/actions/list?perPage=500&filters.vocabulary=breed');
    expect(res.status).toBe(200);
    expect(listed(res)).toContainEqual({ id: `breed-${breedId}`, vocabulary: 'breed', text: breed, species: 'Sus scrofa', country: 'Italy' });
    expect(listed(res).every((t) => t.vocabulary === 'breed')).toBe(true);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM breeds WHERE term IS NULL`);
    expect(res.json.meta.total).toBe(n);
    const searched = await adminPanel.get(`/admin/api/resources/TermMissingId/actions/list?filters.text=${encodeURIComponent(breed.toUpperCase())}`);
    expect(listed(searched).map((t) => t.id)).toEqual([`breed-${breedId}`]);
  });

  it('"Set term by hand" stores the id from an IRI, with the label and confidence "curated", and the term leaves the list', async () => {
    const breed = unique('Hand breed');
    const breedId = await ensureBreed(breed, 'Sus scrofa', 'Italy');
    const form = await adminPanel.get(`/admin/api/resources/TermMissingId/records/breed-${breedId}/setTermByHand`);
    expect(form.json.record.params.text).toBe(breed);
    const res = await adminPanel.post(`/admin/api/resources/TermMissingId/records/breed-${breedId}/setTermByHand`, {
      term: 'http://purl.obolibrary.org/obo/LBO_0000017', label: 'Large White',
    });
    expect(res.status).toBe(200);
    expect(res.json.notice).toEqual({ message: `${breed} is now http://purl.obolibrary.org/obo/LBO_0000017 (curated)`, type: 'success' });
    expect(await db.ds.query(`SELECT term, label, confidence FROM breeds WHERE id = $1`, [breedId]))
      .toEqual([{ term: 'LBO_0000017', label: 'Large White', confidence: 'curated' }]);
    const list = await adminPanel.get(`/admin/api/resources/TermMissingId/actions/list?perPage=500&filters.text=${encodeURIComponent(breed)}`);
    expect(list.json.records).toEqual([]);
  });

  it('"Set term by hand" refuses a term of the wrong ontology with its reason, and changes nothing', async () => {
    const [{ id }] = await db.ds.query(`INSERT INTO organism_parts (label) VALUES ($1) RETURNING id`, [unique('gland')]);
    const res = await adminPanel.post(`/admin/api/resources/TermMissingId/records/organismPart-${id}/setTermByHand`, { term: 'PATO_0000001' });
    expect(res.json.notice).toEqual({ message: 'PATO_0000001 is not a term of UBERON, which this vocabulary needs', type: 'error' });
    expect(await db.ds.query(`SELECT term, confidence FROM organism_parts WHERE id = $1`, [id])).toEqual([{ term: null, confidence: null }]);
  });

  it('a term that has an id already, or does not exist, is not found', async () => {
    const [{ id }] = await db.ds.query(`SELECT id FROM species WHERE term IS NOT NULL LIMIT 1`);
    for (const recordId of [`species-${id}`, 'species-2147483000', 'nonsense-1', 'breed']) {
      const res = await adminPanel.get(`/admin/api/resources/TermMissingId/records/${recordId}/show`);
      expect(res.status === 404 || res.json?.notice?.type === 'error').toBe(true);
    }
  });

  it('"Annotate with Zooma" queues the annotate-vocabularies job', async () => {
    const res = await adminPanel.post('/admin/api/resources/TermMissingId/actions/annotate');
    expect(res.status).toBe(200);
    expect(res.json.notice.type).toBe('success');
    expect(res.json.notice.message).toMatch(/Annotation with Zooma has started/);
    expect(await db.ds.query(`SELECT name FROM agenda_jobs WHERE name = 'annotate-vocabularies'`)).toEqual([{ name: 'annotate-vocabularies' }]);
  });
});

describe('records left at BioSamples (orphans)', () => {
  /** A sample the Webin account created at the fake BioSamples, and the orphan row a deleted submission left for it. */
  async function orphanAtBioSamples(): Promise<{ id: number; accession: string; name: string }> {
    const name = unique('orphan animal');
    const created = await fetch(`${fake.url}/samples`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.tokenFor(WEBIN.webinUsername)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, release: '2020-01-01T00:00:00Z', characteristics: { Species: [{ text: 'Sus scrofa' }] } }),
    });
    expect(created.status).toBe(201);
    const { accession } = await created.json();
    const [{ id }] = await db.ds.query(
      `INSERT INTO orphaned_records (accession, alias, name, record_type, species, species_term, owner_id, submission_title)
       VALUES ($1, $2, $3, 'animal', 'Sus scrofa', 'NCBITaxon_9823', $4, 'A deleted submission') RETURNING id`,
      [accession, crypto.randomUUID(), name, admin.id],
    );
    fake.resetCounters();
    return { id, accession, name };
  }

  it('lists them for an admin with the accession, name and deleted submission', async () => {
    const orphan = await orphanAtBioSamples();
    const res = await adminPanel.get('/admin/api/resources/OrphanedRecord/actions/list?perPage=500');
    expect(res.status).toBe(200);
    expect(listed(res)).toContainEqual(expect.objectContaining({
      id: orphan.id, accession: orphan.accession, name: orphan.name, submissionTitle: 'A deleted submission', reason: 'submission deleted',
    }));
  });

  it('"Suppress in BioSamples" refuses wrong Webin credentials before anything is sent, then suppresses with the right ones', async () => {
    const orphan = await orphanAtBioSamples();
    const path = `/admin/api/resources/OrphanedRecord/records/${orphan.id}/suppress`;
    const wrong = await adminPanel.post(path, { ...WEBIN, webinPassword: 'not-it' });
    expect(wrong.json.notice.type).toBe('error');
    expect(wrong.json.notice.message).toMatch(/Webin refused the username or password of 'Webin-12345'/);
    expect(fake.counters.requests.put ?? 0).toBe(0);
    const empty = await adminPanel.post(path, { webinUsername: '', webinPassword: '' });
    expect(empty.json.notice).toEqual({ message: 'Give the Webin username and password that submitted this record', type: 'error' });

    const res = await adminPanel.post(path, WEBIN);
    expect(res.json.notice.type).toBe('success');
    expect(res.json.notice.message).toMatch(new RegExp(`^Suppressed at BioSamples: ${orphan.accession} private until \\d{4}`));
    expect(fake.counters.puts.get(orphan.accession)).toBe(1);
    expect(new Date(fake.samples.get(orphan.accession)!.release).getUTCFullYear()).toBe(new Date().getUTCFullYear() + 100);
    expect(res.json.record.params.suppressedAt).toBeTruthy();
    const [row] = await db.ds.query(`SELECT suppressed_at IS NOT NULL AS suppressed FROM orphaned_records WHERE id = $1`, [orphan.id]);
    expect(row.suppressed).toBe(true);
    // Once suppressed, the action is gone.
    const again = await adminPanel.post(path, WEBIN);
    expect(again.status === 403 || again.json?.notice?.type === 'error').toBe(true);
    expect(fake.counters.puts.get(orphan.accession)).toBe(1);
  });

  it('orphans are kept: they cannot be created, edited or deleted in the panel', async () => {
    const orphan = await orphanAtBioSamples();
    for (const [method, path] of [
      ['POST', `/admin/api/resources/OrphanedRecord/records/${orphan.id}/delete`],
      ['POST', `/admin/api/resources/OrphanedRecord/records/${orphan.id}/edit`],
      ['POST', `/admin/api/resources/OrphanedRecord/bulk/bulkDelete?recordIds=${orphan.id}`],
      ['POST', '/admin/api/resources/OrphanedRecord/actions/new'],
    ] as const) {
      const res = await adminPanel.request(method, path, { form: { name: 'changed' } });
      expect(res.status === 403 || res.json?.notice?.type === 'error').toBe(true);
    }
    expect(await db.ds.query(`SELECT name FROM orphaned_records WHERE id = $1`, [orphan.id])).toEqual([{ name: orphan.name }]);
  });
});
