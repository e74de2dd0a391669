/**
 * Who may do what, through real HTTP: admin, the owning curator and another curator (and nobody
 * logged in, and a deactivated user with a session opened before and an API token) against every
 * AdminJS action and every API route. Each row says what each of them observes; add rows as
 * resources, actions and routes are added: the completeness tests below walk the panel's resources
 * and the API's Express router and fail for anything without a row.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Router as AdminRouter, type BaseResource } from 'adminjs';
import pLimit from 'p-limit';
import { apiRouter } from './api/index.js';
import { createPanel } from './panel/admin.js';
import { db } from '../core/db/data-source.js';
import {
  createAnimal, createSample, createSubmission, createSubmissionWithRecords, createToken, createUser, createValidationResult,
  ensureBreed, TEST_PASSWORD, type TestUser,
} from '../test/factories.js';
import { useTestApp, WebClient, type Answer } from '../test/web-client.js';

const { app } = useTestApp();

type Who = 'admin' | 'owner' | 'other';
type Outcome = 'allowed' | 'denied';
const PEOPLE: Who[] = ['admin', 'owner', 'other'];
const DESCRIBE: Record<Who, string> = { admin: 'an admin', owner: 'the owning curator', other: 'another curator' };

const users = {} as Record<Who, TestUser>;
const panel = {} as Record<Who, WebClient>;
const api = {} as Record<Who, WebClient>;

beforeAll(async () => {
  for (const who of PEOPLE) {
    users[who] = await createUser({ role: who === 'admin' ? 'admin' : 'curator' });
    panel[who] = new WebClient(app.url);
    await panel[who].panelLogin(users[who].email, TEST_PASSWORD);
    api[who] = new WebClient(app.url);
    const res = await api[who].post('/api/login', { email: users[who].email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  }
});

/**
 * A deactivated user: an admin until now (the most a leak could show), who logged in to the panel
 * and the API and made an API token before an admin deactivated them.
 */
const gone = {} as { user: TestUser; panel: WebClient; api: WebClient; spare: WebClient; token: WebClient };
beforeAll(async () => {
  gone.user = await createUser({ role: 'admin' });
  gone.panel = new WebClient(app.url);
  await gone.panel.panelLogin(gone.user.email, TEST_PASSWORD);
  for (const key of ['api', 'spare'] as const) {
    gone[key] = new WebClient(app.url);
    expect((await gone[key].post('/api/login', { email: gone.user.email, password: TEST_PASSWORD })).status).toBe(200);
  }
  gone.token = new WebClient(app.url);
  gone.token.bearer = (await createToken(gone.user.id, 'deactivated user token')).token;
  for (const client of [gone.api, gone.token]) expect((await client.get('/api/users')).status).toBe(200);
  expect((await gone.panel.get('/admin/api/resources/User/actions/list')).status).toBe(200);
  const deactivated = await panel.admin.get(`/admin/api/resources/User/records/${gone.user.id}/deactivate`);
  expect(deactivated.status).toBe(200);
  expect((await db().query(`SELECT active FROM users WHERE id = $1`, [gone.user.id]))[0].active).toBe(false);
});

const unique = (prefix: string) => `${prefix} ${crypto.randomBytes(4).toString('hex')}`;
const count = async (table: string, where = 'true', params: unknown[] = []): Promise<number> =>
  (await db().query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n;

/** A fresh record the owning curator owns (or a shared row), and what must never leak to others. */
interface Target {
  id: number;
  /** A record of it, when a route needs one (a fix names the records it sets). */
  recordId?: number;
  /** Strings naming the owner's data: they must not appear in what another curator gets. */
  secrets: string[];
  /** Acts as "owner" when the record is a person (a user row acting on itself). */
  self?: WebClient;
  /** The panel's record id when it is not the row's id (terms missing ids: `breed-12`). */
  key?: string;
}

async function ownerSecrets(): Promise<string[]> {
  return [users.owner.email, users.owner.firstName, users.owner.lastName];
}

const TARGETS = {
  async Submission(status: 'loaded' | 'waiting' = 'loaded'): Promise<Target> {
    const s = await createSubmission(users.owner.id, { status, title: unique('Owner submission') });
    return { id: s.id, secrets: [s.title, ...(await ownerSecrets())] };
  },
  async Animal(): Promise<Target> {
    const { submission, animals } = await createSubmissionWithRecords(users.owner.id, 1, 0, { title: unique('Owner submission') });
    return { id: animals[0].id, secrets: [animals[0].name, submission.title, ...(await ownerSecrets())] };
  },
  async Sample(): Promise<Target> {
    const { submission, samples } = await createSubmissionWithRecords(users.owner.id, 1, 1, { title: unique('Owner submission') });
    return { id: samples[0].id, secrets: [samples[0].name, submission.title, ...(await ownerSecrets())] };
  },
  async ValidationResult(): Promise<Target> {
    const { animals } = await createSubmissionWithRecords(users.owner.id, 1, 0);
    const v = await createValidationResult({ animalId: animals[0].id }, 'error', [
      { field: 'Sex', level: 'error', message: `secret message ${animals[0].name}`, key: 'k' },
    ]);
    return { id: v.id, secrets: [animals[0].name, ...(await ownerSecrets())] };
  },
  async ApiToken(): Promise<Target> {
    const t = await createToken(users.owner.id, unique('owner token'));
    return { id: t.id, secrets: [t.name, ...(await ownerSecrets())] };
  },
  async SubmissionWithFile(): Promise<Target> {
    const secret = unique('secret file content');
    const s = await createSubmission(users.owner.id, { title: unique('Owner submission'), file: { name: 'owner.csv', content: Buffer.from(secret), mimeType: 'text/csv' } });
    return { id: s.id, secrets: [s.title, secret, ...(await ownerSecrets())] };
  },
  /** A record of the owner's deleted submission left at BioSamples (admins only). */
  async OrphanedRecord(): Promise<Target> {
    const name = unique('orphan animal');
    const title = unique('Deleted submission');
    const accession = `SAMEA${crypto.randomInt(1e8, 1e9)}`;
    const [{ id }] = await db().query(
      `INSERT INTO orphaned_records (accession, alias, name, record_type, species, owner_id, submission_title)
       VALUES ($1, $2, $3, 'animal', 'Sus scrofa', $4, $5) RETURNING id`,
      [accession, crypto.randomUUID(), name, users.owner.id, title],
    );
    return { id, secrets: [name, title, accession, ...(await ownerSecrets())] };
  },
  /** A breed still missing its ontology id (vocabulary curation; vocabularies are not secret). */
  async TermMissingId(): Promise<Target> {
    const id = await ensureBreed(unique('Uncurated breed'));
    return { id, key: `breed-${id}`, secrets: [] };
  },
  /** A user of their own: "owner" is that user acting on their own row. */
  async User(active = true): Promise<Target> {
    const u = await createUser({ active: true });
    const self = new WebClient(app.url);
    await self.panelLogin(u.email, TEST_PASSWORD);
    if (!active) await db().query(`UPDATE users SET active = false WHERE id = $1`, [u.id]);
    return { id: u.id, secrets: [u.email, u.firstName, u.lastName], self };
  },
};

/** A new row of a shared table (vocabularies, organizations), so that changing it disturbs nothing else. */
async function sharedRow(resource: string): Promise<Target> {
  const label = unique('Term');
  const simple: Record<string, string> = {
    Country: 'countries', Sex: 'sexes', Role: 'roles', OrganismPart: 'organism_parts',
    DevelopmentalStage: 'developmental_stages', PhysiologicalStage: 'physiological_stages', Species: 'species',
  };
  let id: number;
  if (simple[resource]) [{ id }] = await db().query(`INSERT INTO ${simple[resource]} (label) VALUES ($1) RETURNING id`, [label]);
  else if (resource === 'Breed') id = await ensureBreed(label);
  else if (resource === 'Organization') [{ id }] = await db().query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [label]);
  else if (resource === 'SpeciesSynonym') {
    [{ id }] = await db().query(
      `INSERT INTO species_synonyms (word, species_id, language_id) SELECT $1, (SELECT min(id) FROM species), (SELECT min(id) FROM countries) RETURNING id`,
      [label],
    );
  } else throw new Error(`no shared row for ${resource}`);
  return { id, secrets: [] };
}

const TABLES: Record<string, string> = {
  Submission: 'submissions', Animal: 'animals', Sample: 'samples', ValidationResult: 'validation_results', ApiToken: 'api_tokens',
  User: 'users', Country: 'countries', Sex: 'sexes', Role: 'roles', OrganismPart: 'organism_parts',
  DevelopmentalStage: 'developmental_stages', PhysiologicalStage: 'physiological_stages', Species: 'species',
  SpeciesSynonym: 'species_synonyms', Breed: 'breeds', Organization: 'organizations', OrphanedRecord: 'orphaned_records',
};
const exists = async (resource: string, id: number) => (await count(TABLES[resource], 'id = $1', [id])) === 1;
const column = async (resource: string, id: number, name: string) =>
  (await db().query(`SELECT ${name} AS v FROM ${TABLES[resource]} WHERE id = $1`, [id]))[0]?.v;

// ───────────────────────────── the panel ─────────────────────────────

interface PanelRow {
  resource: string;
  action: string;
  kind: 'record' | 'bulk' | 'resource';
  method: 'GET' | 'POST';
  /** Short words for the test name. */
  what?: string;
  payload?: () => Record<string, string>;
  target?: () => Promise<Target>;
  expect: Record<Who, Outcome>;
  /** What the database shows after the request, given whether it was allowed. */
  check?: (target: Target, outcome: Outcome, payload: Record<string, string>) => Promise<void>;
}

const ALL: Record<Who, Outcome> = { admin: 'allowed', owner: 'allowed', other: 'allowed' };
const NONE: Record<Who, Outcome> = { admin: 'denied', owner: 'denied', other: 'denied' };
const OWNER_AND_ADMIN: Record<Who, Outcome> = { admin: 'allowed', owner: 'allowed', other: 'denied' };
const ADMIN_ONLY: Record<Who, Outcome> = { admin: 'allowed', owner: 'denied', other: 'denied' };

const deletedIfAllowed = (resource: string) => async (t: Target, outcome: Outcome) => {
  expect(await exists(resource, t.id)).toBe(outcome === 'denied');
};
const changedIfAllowed = (resource: string, field: string, payloadKey = field) =>
  async (t: Target, outcome: Outcome, payload: Record<string, string>) => {
    const value = await column(resource, t.id, field);
    if (outcome === 'allowed') expect(value).toBe(payload[payloadKey]);
    else expect(value).not.toBe(payload[payloadKey]);
  };

function ownedDataRows(resource: 'Submission' | 'Animal' | 'Sample', editField: string, editColumn: string): PanelRow[] {
  const target = () => TARGETS[resource]();
  const edit = () => ({ [editField]: unique('Edited') });
  return [
    { resource, action: 'show', kind: 'record', method: 'GET', target, expect: OWNER_AND_ADMIN },
    { resource, action: 'edit', kind: 'record', method: 'GET', target, expect: OWNER_AND_ADMIN },
    { resource, action: 'edit', kind: 'record', method: 'POST', target, payload: edit, expect: OWNER_AND_ADMIN, check: changedIfAllowed(resource, editColumn, editField) },
    { resource, action: 'delete', kind: 'record', method: 'GET', target, expect: OWNER_AND_ADMIN, check: async (t) => expect(await exists(resource, t.id)).toBe(true) },
    { resource, action: 'delete', kind: 'record', method: 'POST', target, expect: OWNER_AND_ADMIN, check: deletedIfAllowed(resource) },
    { resource, action: 'bulkDelete', kind: 'bulk', method: 'GET', target, expect: OWNER_AND_ADMIN },
    { resource, action: 'bulkDelete', kind: 'bulk', method: 'POST', target, expect: OWNER_AND_ADMIN, check: deletedIfAllowed(resource) },
    {
      resource, action: 'new', kind: 'resource', method: 'POST', what: 'create (records come from imports)',
      payload: () => ({ name: unique('forged'), title: unique('forged') }), expect: NONE,
      check: async () => expect(await count(TABLES[resource], `coalesce(to_jsonb(${TABLES[resource]})->>'name', to_jsonb(${TABLES[resource]})->>'title') LIKE 'forged%'`)).toBe(0),
    },
  ];
}

const sharedResources = ['Species', 'SpeciesSynonym', 'Breed', 'Country', 'Sex', 'OrganismPart', 'DevelopmentalStage', 'PhysiologicalStage', 'Role', 'Organization'];
const titleField: Record<string, string> = { SpeciesSynonym: 'word', Breed: 'suppliedBreed', Organization: 'name' };
const titleColumn: Record<string, string> = { SpeciesSynonym: 'word', Breed: 'supplied_breed', Organization: 'name' };

function sharedRows(resource: string): PanelRow[] {
  const target = () => sharedRow(resource);
  const field = titleField[resource] ?? 'label';
  const col = titleColumn[resource] ?? 'label';
  const newPayload = async (): Promise<Record<string, string>> => {
    const [species] = await db().query(`SELECT min(id) AS id FROM species`);
    const [country] = await db().query(`SELECT min(id) AS id FROM countries`);
    const extra: Record<string, string> = resource === 'SpeciesSynonym' ? { species: String(species.id), language: String(country.id) }
      : resource === 'Breed' ? { species: String(species.id), country: String(country.id) } : {};
    return { [field]: unique('New term'), ...extra };
  };
  let prepared: Record<string, string> = {};
  return [
    { resource, action: 'show', kind: 'record', method: 'GET', target, expect: ALL },
    { resource, action: 'edit', kind: 'record', method: 'POST', target, payload: () => ({ [field]: unique('Renamed') }), expect: ADMIN_ONLY, check: changedIfAllowed(resource, col, field) },
    { resource, action: 'delete', kind: 'record', method: 'POST', target, expect: ADMIN_ONLY, check: deletedIfAllowed(resource) },
    { resource, action: 'bulkDelete', kind: 'bulk', method: 'POST', target, expect: ADMIN_ONLY, check: deletedIfAllowed(resource) },
    {
      resource, action: 'new', kind: 'resource', method: 'POST', expect: ADMIN_ONLY,
      target: async () => {
        prepared = await newPayload();
        return { id: 0, secrets: [] };
      },
      payload: () => prepared,
      check: async (_t, outcome, payload) => expect(await count(TABLES[resource], `${col} = $1`, [payload[field]])).toBe(outcome === 'allowed' ? 1 : 0),
    },
  ];
}

const PANEL_ROWS: PanelRow[] = [
  ...ownedDataRows('Submission', 'title', 'title'),
  ...ownedDataRows('Animal', 'description', 'description'),
  ...ownedDataRows('Sample', 'collectionProtocol', 'collection_protocol'),
  {
    resource: 'Submission', action: 'edit', kind: 'record', method: 'POST', what: 'edit while a job works on it',
    target: () => TARGETS.Submission('waiting'), payload: () => ({ title: unique('Edited') }), expect: NONE,
    check: changedIfAllowed('Submission', 'title'),
  },
  {
    resource: 'Submission', action: 'delete', kind: 'record', method: 'POST', what: 'delete while a job works on it',
    target: () => TARGETS.Submission('waiting'), expect: NONE, check: deletedIfAllowed('Submission'),
  },
  ...['show', 'edit'].map((action): PanelRow => ({
    resource: 'ValidationResult', action, kind: 'record', method: 'GET', target: TARGETS.ValidationResult,
    expect: action === 'show' ? OWNER_AND_ADMIN : NONE,
  })),
  { resource: 'ValidationResult', action: 'delete', kind: 'record', method: 'POST', target: TARGETS.ValidationResult, expect: NONE, check: deletedIfAllowed('ValidationResult') },
  { resource: 'ValidationResult', action: 'bulkDelete', kind: 'bulk', method: 'POST', target: TARGETS.ValidationResult, expect: NONE, check: deletedIfAllowed('ValidationResult') },
  { resource: 'ApiToken', action: 'show', kind: 'record', method: 'GET', target: TARGETS.ApiToken, expect: OWNER_AND_ADMIN },
  { resource: 'ApiToken', action: 'edit', kind: 'record', method: 'GET', target: TARGETS.ApiToken, expect: NONE },
  { resource: 'ApiToken', action: 'delete', kind: 'record', method: 'POST', target: TARGETS.ApiToken, expect: OWNER_AND_ADMIN, check: deletedIfAllowed('ApiToken') },
  { resource: 'ApiToken', action: 'bulkDelete', kind: 'bulk', method: 'POST', target: TARGETS.ApiToken, expect: OWNER_AND_ADMIN, check: deletedIfAllowed('ApiToken') },
  { resource: 'User', action: 'show', kind: 'record', method: 'GET', target: () => TARGETS.User(), expect: OWNER_AND_ADMIN },
  { resource: 'User', action: 'edit', kind: 'record', method: 'GET', target: () => TARGETS.User(), expect: OWNER_AND_ADMIN },
  {
    resource: 'User', action: 'edit', kind: 'record', method: 'POST', what: 'edit the person fields', target: () => TARGETS.User(),
    payload: () => ({ firstName: unique('Renamed') }), expect: OWNER_AND_ADMIN, check: changedIfAllowed('User', 'first_name', 'firstName'),
  },
  {
    resource: 'User', action: 'edit', kind: 'record', method: 'POST', what: 'make the user an admin', target: () => TARGETS.User(),
    payload: () => ({ role: 'admin', email: `${unique('x').replace(' ', '')}@example.org`, active: 'true' }),
    // The owner's own form is accepted, but role and e-mail are not theirs to change.
    expect: OWNER_AND_ADMIN,
    check: async (t, outcome, payload) => {
      const isAdmin = (await column('User', t.id, 'role')) === 'admin';
      expect(isAdmin).toBe(outcome === 'allowed' && payload.__who === 'admin');
      expect((await column('User', t.id, 'email')) === payload.email).toBe(isAdmin);
    },
  },
  {
    resource: 'User', action: 'new', kind: 'resource', method: 'POST', expect: ADMIN_ONLY,
    payload: () => ({ email: `${unique('new').replace(' ', '')}@example.org`, password: 'long-enough-1', role: 'curator', firstName: 'New', lastName: 'User' }),
    check: async (_t, outcome, payload) => expect(await count('users', 'email = $1', [payload.email])).toBe(outcome === 'allowed' ? 1 : 0),
  },
  { resource: 'User', action: 'delete', kind: 'record', method: 'POST', target: () => TARGETS.User(), expect: NONE, check: deletedIfAllowed('User') },
  { resource: 'User', action: 'bulkDelete', kind: 'bulk', method: 'POST', target: () => TARGETS.User(), expect: NONE, check: deletedIfAllowed('User') },
  {
    resource: 'User', action: 'deactivate', kind: 'record', method: 'GET', target: () => TARGETS.User(), expect: ADMIN_ONLY,
    check: async (t, outcome) => expect(await column('User', t.id, 'active')).toBe(outcome === 'denied'),
  },
  {
    resource: 'User', action: 'activate', kind: 'record', method: 'GET', target: () => TARGETS.User(false), expect: ADMIN_ONLY,
    check: async (t, outcome) => expect(await column('User', t.id, 'active')).toBe(outcome === 'allowed'),
  },
  {
    resource: 'User', action: 'resetPassword', kind: 'record', method: 'POST', target: () => TARGETS.User(), expect: ADMIN_ONLY,
    payload: () => ({ password: 'reset-password-1' }),
    check: async (t, outcome) => {
      const [{ email }] = await db().query(`SELECT email FROM users WHERE id = $1`, [t.id]);
      const res = await new WebClient(app.url).post('/api/login', { email, password: 'reset-password-1' });
      expect(res.status).toBe(outcome === 'allowed' ? 200 : 401);
    },
  },
  ...sharedResources.flatMap(sharedRows),
  // The Submission's own pages (new submission, reload, submit): forms whose work goes through the API.
  { resource: 'Submission', action: 'newSubmission', kind: 'resource', method: 'GET', expect: ALL },
  { resource: 'Submission', action: 'newSubmission', kind: 'resource', method: 'POST', what: 'POST the new submission form page (it only describes the form)', expect: ALL },
  ...['reload', 'submitToBioSamples', 'overview'].map((action): PanelRow => ({
    resource: 'Submission', action, kind: 'record', method: 'GET', target: () => TARGETS.Submission(), expect: OWNER_AND_ADMIN,
  })),
  // The Animal and Sample pages: the record's details, bulk edit of selected records, edit of every matching record.
  ...(['Animal', 'Sample'] as const).flatMap((resource): PanelRow[] => [
    { resource, action: 'details', kind: 'record', method: 'GET', target: () => TARGETS[resource](), expect: OWNER_AND_ADMIN },
    { resource, action: 'bulkEdit', kind: 'bulk', method: 'GET', target: () => TARGETS[resource](), expect: OWNER_AND_ADMIN },
    { resource, action: 'editMatching', kind: 'resource', method: 'GET', expect: ALL },
  ]),
  // Validation results come from validation, tokens from POST /api/tokens (the only place that shows them).
  ...(['ValidationResult', 'ApiToken'] as const).map((resource): PanelRow => ({
    resource, action: 'new', kind: 'resource', method: 'POST', payload: () => ({ name: unique('forged') }), expect: NONE,
    check: async () => expect(await count(TABLES[resource], `to_jsonb(${TABLES[resource]})->>'name' LIKE 'forged%'`)).toBe(0),
  })),
  ...adminToolRows(),
];


/** Vocabulary curation and the records left at BioSamples: admins only; their rows are kept, never edited. */
function adminToolRows(): PanelRow[] {
  const stillThere = (resource: 'TermMissingId' | 'OrphanedRecord') => async (t: Target) =>
    expect(await exists(resource === 'TermMissingId' ? 'Breed' : resource, t.id)).toBe(true);
  const rows: PanelRow[] = [];
  for (const resource of ['TermMissingId', 'OrphanedRecord'] as const) {
    const target = () => TARGETS[resource]();
    rows.push(
      { resource, action: 'list', kind: 'resource', method: 'GET', expect: ADMIN_ONLY },
      { resource, action: 'search', kind: 'resource', method: 'GET', expect: ADMIN_ONLY },
      { resource, action: 'show', kind: 'record', method: 'GET', target, expect: ADMIN_ONLY },
      { resource, action: 'new', kind: 'resource', method: 'POST', payload: () => ({ name: unique('forged') }), expect: NONE },
      { resource, action: 'edit', kind: 'record', method: 'POST', target, payload: () => ({ name: unique('forged'), text: unique('forged') }), expect: NONE },
      { resource, action: 'delete', kind: 'record', method: 'POST', target, expect: NONE, check: stillThere(resource) },
      { resource, action: 'bulkDelete', kind: 'bulk', method: 'POST', target, expect: NONE, check: stillThere(resource) },
    );
  }
  const breedTerm = async (t: Target) => (await db().query(`SELECT term, confidence FROM breeds WHERE id = $1`, [t.id]))[0];
  const annotateJobs = async () => ((await db().query(`SELECT to_regclass('agenda_jobs') AS t`))[0].t
    ? count('agenda_jobs', `name = 'annotate-vocabularies'`) : 0);
  let jobsBefore = 0;
  rows.push(
    { resource: 'TermMissingId', action: 'setTermByHand', kind: 'record', method: 'GET', target: TARGETS.TermMissingId, expect: ADMIN_ONLY },
    {
      resource: 'TermMissingId', action: 'setTermByHand', kind: 'record', method: 'POST', target: TARGETS.TermMissingId,
      payload: () => ({ term: 'LBO_0000017' }), expect: ADMIN_ONLY,
      check: async (t, outcome) => expect(await breedTerm(t)).toEqual(outcome === 'allowed' ? { term: 'LBO_0000017', confidence: 'curated' } : { term: null, confidence: null }),
    },
    {
      resource: 'TermMissingId', action: 'annotate', kind: 'resource', method: 'POST', what: 'start annotation with Zooma', expect: ADMIN_ONLY,
      target: async () => {
        jobsBefore = await annotateJobs();
        return { id: 0, secrets: [] };
      },
      check: async (_t, outcome) => expect(await annotateJobs()).toBe(jobsBefore + (outcome === 'allowed' ? 1 : 0)),
    },
    { resource: 'OrphanedRecord', action: 'suppress', kind: 'record', method: 'GET', target: TARGETS.OrphanedRecord, expect: ADMIN_ONLY },
    {
      // Without credentials nothing is sent anywhere: an admin gets the form's error, a curator a refusal.
      resource: 'OrphanedRecord', action: 'suppress', kind: 'record', method: 'POST', what: 'suppress without Webin credentials',
      target: TARGETS.OrphanedRecord, payload: () => ({ webinUsername: '', webinPassword: '' }), expect: NONE,
      check: async (t) => expect(await column('OrphanedRecord', t.id, 'suppressed_at')).toBeNull(),
    },
  );
  return rows;
}

function panelPath(row: PanelRow, target: Target | undefined): string {
  const base = `/admin/api/resources/${row.resource}`;
  if (row.kind === 'record') return `${base}/records/${target!.key ?? target!.id}/${row.action}`;
  if (row.kind === 'bulk') return `${base}/bulk/${row.action}?recordIds=${target!.key ?? target!.id}`;
  return `${base}/actions/${row.action}`;
}

/**
 * What a person observes: the action ran, or it was refused (403/404, back to the login page, or
 * AdminJS's error notice). A refusal of someone who may not see the record carries none of its data.
 */
function outcomeOf(res: Answer, hidesRecord: boolean): Outcome {
  if (res.status === 403 || res.status === 404) return 'denied';
  if (res.status === 302 && res.headers.get('location') === '/admin/login') return 'denied';
  expect(res.status).toBe(200);
  if (res.json?.notice?.type === 'error') {
    if (hidesRecord) {
      expect(res.json.record?.params ?? {}).toEqual({});
      expect(res.json.records ?? []).toEqual([]);
    }
    return 'denied';
  }
  return 'allowed';
}

function sentence(row: PanelRow, who: Who, outcome: Outcome): string {
  const what = row.what ?? `${row.method} ${row.action}`;
  const whose = row.target && !['User', 'TermMissingId'].includes(row.resource) && !sharedResources.includes(row.resource) ? "the owner's " : '';
  return `${DESCRIBE[who]} ${outcome === 'allowed' ? 'may' : 'may not'} ${what} on ${whose}${row.resource}`;
}

describe('panel actions', () => {
  for (const row of PANEL_ROWS) {
    for (const who of PEOPLE) {
      it(sentence(row, who, row.expect[who]), async () => {
        const target = row.target ? await row.target() : undefined;
        const payload = { ...(row.payload?.() ?? {}) };
        const client = who === 'owner' && target?.self ? target.self : panel[who];
        const path = panelPath(row, target);
        const res = row.method === 'GET' ? await client.get(path) : await client.post(path, payload);
        const outcome = outcomeOf(res, who === 'other' && !!target?.secrets.length);
        expect(outcome).toBe(row.expect[who]);
        if (who === 'other') for (const secret of target?.secrets ?? []) expect(res.text).not.toContain(secret);
        if (outcome === 'allowed' && row.kind === 'record' && row.method === 'GET') expect(res.json.record.params.id).toBe(target!.key ?? target!.id);
        await row.check?.(target!, outcome, { ...payload, __who: who });
      });
    }
    it(`a deactivated user's panel session and API token are sent to the login page for ${row.what ?? `${row.method} ${row.action}`} on ${row.resource}`, async () => {
      const target = row.target ? await row.target() : undefined;
      const payload = { ...(row.payload?.() ?? {}) };
      const path = panelPath(row, target);
      for (const client of [gone.panel, gone.token]) {
        const res = row.method === 'GET' ? await client.get(path) : await client.post(path, payload);
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/admin/login');
        for (const secret of target?.secrets ?? []) expect(res.text).not.toContain(secret);
      }
      await row.check?.(target!, 'denied', { ...payload, __who: 'deactivated' });
    });
    it(`nobody logged in is sent to the login page for ${row.method} ${row.action} on ${row.resource}`, async () => {
      const target = row.target ? await row.target() : undefined;
      const client = new WebClient(app.url);
      const path = panelPath(row, target);
      const res = row.method === 'GET' ? await client.get(path) : await client.post(path, row.payload?.() ?? {});
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/admin/login');
    });
  }
});

// ───────────────────────────── every panel action and route ─────────────────────────────

/** Lists and searches checked by the list tests below rather than by PANEL_ROWS. */
const listedElsewhere = (resource: string, action: string) =>
  ['list', 'search'].includes(action) && (LIST_ROWS.some((r) => r.resource === resource) || sharedResources.includes(resource));

describe('the matrix covers the whole panel', () => {
  it('has an expectation for every action of every resource of the panel', () => {
    const missing: string[] = [];
    for (const resource of createPanel().resources) {
      const id = resource.decorate().id();
      for (const action of Object.keys(resource.decorate().actions)) {
        if (!PANEL_ROWS.some((r) => r.resource === id && r.action === action) && !listedElsewhere(id, action)) missing.push(`${id} ${action}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

interface PanelRequest {
  method: 'GET' | 'POST';
  path: string;
}

/** One record per resource to put into its routes: the owner's (or a shared one), with the owner's data to look out for. */
async function sweepTargets(resources: BaseResource[]): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (const resource of resources) {
    const id = resource.id();
    const make = (TARGETS as Record<string, (() => Promise<Target>) | undefined>)[id];
    if (make) targets.set(id, await make());
    else if (id === 'User') targets.set(id, { id: users.owner.id, secrets: await ownerSecrets() });
    else if (sharedResources.includes(id)) targets.set(id, await sharedRow(id));
    else {
      // A resource this file does not know yet: still swept, with any record it has.
      const [any] = await resource.find({ filters: {} } as never, { limit: 1 });
      targets.set(id, { id: any ? Number(any.id()) || 0 : 0, key: any ? String(any.id()) : '0', secrets: [] });
    }
  }
  return targets;
}

/**
 * Every route AdminJS serves (adminjs's own route table), with every resource and every action of
 * the right kind put in: pages and their API, GET and POST.
 */
function everyPanelRequest(resources: BaseResource[], targets: Map<string, Target>): PanelRequest[] {
  const requests: PanelRequest[] = [];
  for (const route of AdminRouter.routes) {
    if (route.action === 'bundleComponents') continue; // the components' code, the same for everyone
    const method = route.method as 'GET' | 'POST';
    const pattern = `/admin${route.path}`;
    if (!pattern.includes('{resourceId}')) {
      requests.push({ method, path: pattern.replace('{pageName}', 'nothing') });
      continue;
    }
    for (const resource of resources) {
      const id = resource.id();
      const target = targets.get(id)!;
      const query = encodeURIComponent(target.secrets[0] ?? 'a');
      const kind = pattern.includes('/records/') ? 'record' : pattern.includes('/bulk/') ? 'bulk' : 'resource';
      const withTarget = (path: string) => path
        .replace('{resourceId}', id)
        .replace('{recordId}', String(target.key ?? target.id))
        .replace('{query}', query) + (kind === 'bulk' ? `?recordIds=${target.key ?? target.id}` : '');
      if (!pattern.includes('{action}')) {
        requests.push({ method, path: withTarget(pattern) });
        continue;
      }
      for (const action of Object.values(resource.decorate().actions)) {
        // ActionDecorator keeps the action's options to itself.
        const actionType = (action as unknown as { action: { actionType: string } }).action.actionType;
        if (actionType === kind) requests.push({ method, path: withTarget(pattern).replace('{action}', action.name) });
      }
    }
  }
  return requests;
}

describe('every AdminJS route', () => {
  let requests: PanelRequest[];
  let targets: Map<string, Target>;
  beforeAll(async () => {
    const resources = createPanel().resources;
    targets = await sweepTargets(resources);
    requests = everyPanelRequest(resources, targets);
  });

  /** Sends every request with `limit` at a time; returns what went wrong, one line each. */
  async function sweep(client: () => WebClient, judge: (res: Answer) => string | null): Promise<string[]> {
    const limit = pLimit(4);
    const problems = await Promise.all(requests.map((r) => limit(async () => {
      const res = r.method === 'GET' ? await client().get(r.path) : await client().post(r.path, {});
      const problem = judge(res);
      return problem && `${r.method} ${r.path}: ${problem}`;
    })));
    return problems.filter((p): p is string => !!p);
  }

  const ownerData = () => [...new Set([...targets.values()].flatMap((t) => t.secrets))];
  const toLogin = (res: Answer) => (res.status === 302 && res.headers.get('location') === '/admin/login' ? null : `answered ${res.status} ${res.headers.get('location') ?? ''}`);
  const leaks = (res: Answer) => {
    const shown = ownerData().filter((secret) => res.text.includes(secret));
    return shown.length ? `shows ${shown.join(', ')}` : null;
  };

  it('is a route table the sweep recognises (pages, records, bulk actions and the dashboard are all in it)', () => {
    expect(requests.length).toBeGreaterThan(300);
    for (const part of ['/admin/api/dashboard', '/records/', '/bulk/', '/actions/search/', '/admin/pages/nothing']) {
      expect(requests.some((r) => r.path.includes(part))).toBe(true);
    }
  });

  it('sends nobody logged in to the login page, for every resource and action', async () => {
    expect(await sweep(() => new WebClient(app.url), toLogin)).toEqual([]);
  });

  it("sends a deactivated user's panel session and API token to the login page, for every resource and action", async () => {
    expect(await sweep(() => gone.panel, (res) => toLogin(res) ?? leaks(res))).toEqual([]);
    expect(await sweep(() => gone.token, (res) => toLogin(res) ?? leaks(res))).toEqual([]);
  });

  it("shows another curator none of the owner's data on any route, and changes none of it", async () => {
    expect(await sweep(() => panel.other, leaks)).toEqual([]);
    for (const [resource, target] of targets) {
      if (TABLES[resource] && target.id) expect(await exists(resource, target.id)).toBe(true);
    }
    expect((await db().query(`SELECT active FROM users WHERE id = $1`, [users.owner.id]))[0].active).toBe(true);
  });
});

// ───────────────────────────── panel lists and search ─────────────────────────────

interface ListRow {
  resource: string;
  /** One record of each curator: [owner's, other's]. */
  make: () => Promise<[Target, Target]>;
}

async function pairOf(make: (ownerId: number) => Promise<{ id: number; secrets: string[] }>): Promise<[Target, Target]> {
  return [await make(users.owner.id), await make(users.other.id)];
}

const LIST_ROWS: ListRow[] = [
  { resource: 'Submission', make: () => pairOf(async (o) => { const s = await createSubmission(o, { title: unique('List submission') }); return { id: s.id, secrets: [s.title] }; }) },
  { resource: 'Animal', make: () => pairOf(async (o) => { const a = await createAnimal((await createSubmission(o)).id, { name: unique('list animal') }); return { id: a.id, secrets: [a.name] }; }) },
  { resource: 'Sample', make: () => pairOf(async (o) => { const a = await createAnimal((await createSubmission(o)).id); const s = await createSample(a.id, { name: unique('list sample') }); return { id: s.id, secrets: [s.name] }; }) },
  { resource: 'ValidationResult', make: () => pairOf(async (o) => { const a = await createAnimal((await createSubmission(o)).id, { name: unique('validated animal') }); const v = await createValidationResult({ animalId: a.id }); return { id: v.id, secrets: [a.name] }; }) },
  { resource: 'ApiToken', make: () => pairOf(async (o) => { const t = await createToken(o, unique('list token')); return { id: t.id, secrets: [t.name] }; }) },
  { resource: 'User', make: async () => [{ id: users.owner.id, secrets: [users.owner.email] }, { id: users.other.id, secrets: [users.other.email] }] },
];

const VISIBLE: Record<Who, [boolean, boolean]> = { admin: [true, true], owner: [true, false], other: [false, true] };
const ids = (res: Answer): number[] => (res.json.records as { params: { id: number } }[]).map((r) => r.params.id);

describe('panel lists and search', () => {
  for (const row of LIST_ROWS) {
    for (const who of PEOPLE) {
      it(`${DESCRIBE[who]} lists and searches ${who === 'admin' ? "everyone's" : 'only their own'} ${row.resource} records`, async () => {
        const pair = await row.make();
        for (const path of [`/admin/api/resources/${row.resource}/actions/list?perPage=500`, `/admin/api/resources/${row.resource}/actions/search?perPage=500`]) {
          const res = await panel[who].get(path);
          expect(res.status).toBe(200);
          pair.forEach((t, i) => {
            expect(ids(res).includes(t.id)).toBe(VISIBLE[who][i]);
            if (!VISIBLE[who][i]) for (const secret of t.secrets) expect(res.text).not.toContain(secret);
          });
        }
      });
    }
    it(`a curator's forged owner filter on ${row.resource} shows nothing of another curator`, async () => {
      const pair = await row.make();
      const field = row.resource === 'User' ? 'id' : row.resource === 'ApiToken' ? 'user' : 'owner';
      const res = await panel.other.get(`/admin/api/resources/${row.resource}/actions/list?perPage=500&filters.${field}=${users.owner.id}`);
      expect(res.status).toBe(200);
      expect(ids(res)).not.toContain(pair[0].id);
      for (const secret of pair[0].secrets) expect(res.text).not.toContain(secret);
    });
  }

  it("another curator's list filtered by the owner's submission is empty", async () => {
    const { submission, samples } = await createSubmissionWithRecords(users.owner.id, 1, 2);
    const res = await panel.other.get(`/admin/api/resources/Sample/actions/list?filters.submission=${submission.id}`);
    expect(res.status).toBe(200);
    expect(res.json.records).toEqual([]);
    expect(res.json.meta.total).toBe(0);
    for (const s of samples) expect(res.text).not.toContain(s.name);
    const own = await panel.owner.get(`/admin/api/resources/Sample/actions/list?filters.submission=${submission.id}`);
    expect(ids(own).sort()).toEqual(samples.map((s) => s.id).sort());
  });

  it("a bulk action naming the owner's and the other curator's records touches only the other curator's own", async () => {
    const mine = await createSubmissionWithRecords(users.other.id, 1, 1);
    const theirs = await createSubmissionWithRecords(users.owner.id, 1, 1);
    const res = await panel.other.post(`/admin/api/resources/Sample/bulk/bulkDelete?recordIds=${mine.samples[0].id},${theirs.samples[0].id}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(theirs.samples[0].name);
    expect(await exists('Sample', mine.samples[0].id)).toBe(false);
    expect(await exists('Sample', theirs.samples[0].id)).toBe(true);
  });

  it('everyone logged in lists every vocabulary and the organizations', async () => {
    for (const resource of sharedResources) {
      const row = await sharedRow(resource);
      for (const who of PEOPLE) {
        for (const action of ['list', 'search']) {
          const res = await panel[who].get(`/admin/api/resources/${resource}/actions/${action}?perPage=500&sortBy=id&direction=desc`);
          expect(res.status).toBe(200);
          expect(ids(res)).toContain(row.id);
        }
      }
    }
  });

  it("the panel's pages for another curator's records carry none of their data", async () => {
    const { submission, animals, samples } = await createSubmissionWithRecords(users.owner.id, 1, 1, { title: unique('Page title') });
    const pages = [
      `/admin/resources/Sample/records/${samples[0].id}/show`,
      `/admin/resources/Sample/records/${samples[0].id}/edit`,
      `/admin/resources/Animal/records/${animals[0].id}/show`,
      `/admin/resources/Submission/records/${submission.id}/show`,
      `/admin/resources/Sample/bulk/bulkDelete?recordIds=${samples[0].id}`,
      `/admin/resources/Sample?filters.submission=${submission.id}`,
    ];
    for (const page of pages) {
      const res = await panel.other.get(page);
      expect(res.status).toBe(200);
      for (const secret of [samples[0].name, animals[0].name, submission.title, users.owner.email]) expect(res.text).not.toContain(secret);
    }
  });

  it('an unknown resource or action is a 404, not a crash', async () => {
    expect((await panel.admin.get('/admin/api/resources/UploadedFile/actions/list')).status).toBe(404);
    expect((await panel.admin.get('/admin/api/resources/Sample/actions/nope')).status).toBe(404);
  });
});

// ───────────────────────────── the JSON API ─────────────────────────────

interface ApiRow {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The route as API.md writes it, for the test's name. */
  route: string;
  path: (t: Target | undefined) => string;
  body?: (t: Target | undefined) => unknown;
  target?: () => Promise<Target>;
  /** Status each person gets. */
  expect: Record<Who, number>;
  /** Status for nobody logged in and for a deactivated user (their session or token); 401 unless the route is open. */
  anonymous?: number;
  /** Each person sends it from a session of its own (logout ends the session it is sent with). */
  fresh?: boolean;
}

const API_ROWS: ApiRow[] = [
  { method: 'GET', route: '/api/me', path: () => '/api/me', expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'PATCH', route: '/api/me', path: () => '/api/me', body: () => ({ initials: 'XY' }), expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'GET', route: '/api/tokens', path: () => '/api/tokens', expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'POST', route: '/api/tokens', path: () => '/api/tokens', body: () => ({ name: unique('token') }), expect: { admin: 201, owner: 201, other: 201 } },
  { method: 'DELETE', route: '/api/tokens/:id of the owner', path: (t) => `/api/tokens/${t!.id}`, target: TARGETS.ApiToken, expect: { admin: 204, owner: 204, other: 404 } },
  { method: 'GET', route: '/api/submissions', path: () => '/api/submissions', expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'GET', route: '/api/submissions/:id of the owner', path: (t) => `/api/submissions/${t!.id}`, target: () => TARGETS.Submission(), expect: { admin: 200, owner: 200, other: 404 } },
  { method: 'GET', route: '/api/submissions/:id that does not exist', path: () => '/api/submissions/2147483000', expect: { admin: 404, owner: 404, other: 404 } },
  { method: 'GET', route: '/api/users', path: () => '/api/users', expect: { admin: 200, owner: 403, other: 403 } },
  { method: 'GET', route: '/api/users/:id', path: () => `/api/users/${users.owner.id}`, expect: { admin: 200, owner: 403, other: 403 } },
  {
    method: 'POST', route: '/api/users', path: () => '/api/users', expect: { admin: 201, owner: 403, other: 403 },
    body: () => ({ email: `${unique('api').replace(' ', '')}@example.org`, password: 'long-enough-1', role: 'curator', firstName: 'A', lastName: 'B' }),
  },
  { method: 'PATCH', route: '/api/users/:id', path: (t) => `/api/users/${t!.id}`, target: () => TARGETS.User(), body: () => ({ role: 'admin' }), expect: { admin: 200, owner: 403, other: 403 } },
  // Open routes: a login without credentials is malformed for everyone, logging out always works.
  { method: 'POST', route: '/api/login without credentials', path: () => '/api/login', body: () => ({}), expect: { admin: 400, owner: 400, other: 400 }, anonymous: 400 },
  { method: 'POST', route: '/api/logout', path: () => '/api/logout', fresh: true, expect: { admin: 204, owner: 204, other: 204 }, anonymous: 204 },
  // Submissions: another curator gets what a submission that does not exist gets.
  { method: 'POST', route: '/api/submissions without a file', path: () => '/api/submissions', body: () => ({ title: unique('No file') }), expect: { admin: 400, owner: 400, other: 400 } },
  { method: 'POST', route: '/api/submissions/:id/reload of the owner without a file', path: (t) => `/api/submissions/${t!.id}/reload`, target: () => TARGETS.Submission(), expect: { admin: 400, owner: 400, other: 400 } },
  { method: 'DELETE', route: '/api/submissions/:id of the owner', path: (t) => `/api/submissions/${t!.id}`, target: () => TARGETS.Submission(), expect: { admin: 204, owner: 204, other: 404 } },
  { method: 'GET', route: '/api/submissions/:id/file of the owner', path: (t) => `/api/submissions/${t!.id}/file`, target: TARGETS.SubmissionWithFile, expect: { admin: 200, owner: 200, other: 404 } },
  { method: 'GET', route: '/api/submissions/:id/file that does not exist', path: () => '/api/submissions/2147483000/file', expect: { admin: 404, owner: 404, other: 404 } },
  ...(['animals', 'samples'] as const).flatMap((records): ApiRow[] => [
    { method: 'GET', route: `/api/submissions/:id/${records} of the owner`, path: (t) => `/api/submissions/${t!.id}/${records}`, target: ownerSubmissionWithRecords, expect: { admin: 200, owner: 200, other: 404 } },
    { method: 'GET', route: `/api/${records}/:id of the owner`, path: (t) => `/api/${records}/${t!.id}`, target: records === 'animals' ? TARGETS.Animal : TARGETS.Sample, expect: { admin: 200, owner: 200, other: 404 } },
    {
      method: 'PATCH', route: `/api/${records}/:id of the owner`, path: (t) => `/api/${records}/${t!.id}`, target: records === 'animals' ? TARGETS.Animal : TARGETS.Sample,
      body: () => ({ description: unique('Edited') }), expect: { admin: 200, owner: 200, other: 404 },
    },
  ]),
  // Validation, fixes and workbooks.
  { method: 'POST', route: '/api/submissions/:id/validate of the owner', path: (t) => `/api/submissions/${t!.id}/validate`, target: () => TARGETS.Submission(), expect: { admin: 202, owner: 202, other: 404 } },
  { method: 'GET', route: '/api/submissions/:id/validation of the owner', path: (t) => `/api/submissions/${t!.id}/validation`, target: ownerSubmissionWithRecords, expect: { admin: 200, owner: 200, other: 404 } },
  {
    method: 'POST', route: '/api/submissions/:id/fix of the owner', path: (t) => `/api/submissions/${t!.id}/fix`, target: ownerSubmissionWithRecords,
    body: (t) => ({ recordType: 'animal', field: 'description', value: 'fixed', ids: [t!.recordId] }), expect: { admin: 202, owner: 202, other: 404 },
  },
  { method: 'GET', route: '/api/editable-fields', path: () => '/api/editable-fields', expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'GET', route: '/api/template.xlsx', path: () => '/api/template.xlsx', expect: { admin: 200, owner: 200, other: 200 } },
  { method: 'GET', route: '/api/submissions/:id/workbook.xlsx of the owner', path: (t) => `/api/submissions/${t!.id}/workbook.xlsx`, target: ownerSubmissionWithRecords, expect: { admin: 200, owner: 200, other: 404 } },
  // BioSamples: a submission that is not ready is refused before Webin is asked anything.
  {
    method: 'POST', route: '/api/submissions/:id/submit of the owner, not ready', path: (t) => `/api/submissions/${t!.id}/submit`, target: () => TARGETS.Submission(),
    body: () => ({ webinUsername: 'Webin-12345', webinPassword: 'webin-test-password' }), expect: { admin: 409, owner: 409, other: 404 },
  },
  { method: 'GET', route: '/api/orphans', path: () => '/api/orphans', expect: { admin: 200, owner: 403, other: 403 } },
  {
    method: 'POST', route: '/api/orphans/:id/suppress that does not exist', path: () => '/api/orphans/2147483000/suppress',
    body: () => ({ webinUsername: 'Webin-12345', webinPassword: 'webin-test-password' }), expect: { admin: 404, owner: 403, other: 403 },
  },
];

/** A session of its own for a request that ends it. */
async function freshSession(user: TestUser): Promise<WebClient> {
  const client = new WebClient(app.url);
  expect((await client.post('/api/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  return client;
}

/** The owner's submission with an animal and a sample; `recordId` is the animal's. */
async function ownerSubmissionWithRecords(): Promise<Target> {
  const { submission, animals, samples } = await createSubmissionWithRecords(users.owner.id, 1, 1, { title: unique('Owner submission') });
  return { id: submission.id, recordId: animals[0].id, secrets: [submission.title, animals[0].name, samples[0].name, ...(await ownerSecrets())] };
}

/** `METHOD /api/path` of every route of the API's Express router (each topic's routes, as mounted). */
function everyApiRoute(): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] } };
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} /api${layer.route.path}`);
      else if (layer.handle.stack) walk(layer.handle.stack);
    }
  };
  walk((apiRouter() as unknown as { stack: Layer[] }).stack);
  return routes;
}

describe('API routes', () => {
  for (const row of API_ROWS) {
    for (const who of PEOPLE) {
      it(`${DESCRIBE[who]} gets ${row.expect[who]} for ${row.method} ${row.route}`, async () => {
        const target = row.target ? await row.target() : undefined;
        const client = row.fresh ? await freshSession(users[who]) : who === 'owner' && target?.self ? target.self : api[who];
        const res = await client.request(row.method, row.path(target), { json: row.body?.(target) });
        expect(res.status).toBe(row.expect[who]);
        if (res.status >= 400) expect(res.json).toEqual({ error: expect.any(String), message: expect.any(String), ...(res.json.details ? { details: expect.any(Array) } : {}) });
        if (who === 'other') for (const secret of target?.secrets ?? []) expect(res.text).not.toContain(secret);
      });
    }
    const anonymous = row.anonymous ?? 401;
    it(`nobody logged in gets ${anonymous} for ${row.method} ${row.route}`, async () => {
      const target = row.target ? await row.target() : undefined;
      const res = await new WebClient(app.url).request(row.method, row.path(target), { json: row.body?.(target) });
      expect(res.status).toBe(anonymous);
      if (anonymous === 401) expect(res.json.error).toBe('not_logged_in');
      for (const secret of target?.secrets ?? []) expect(res.text).not.toContain(secret);
    });
    it(`a deactivated user gets ${anonymous} for ${row.method} ${row.route}, with the session opened before and with their token`, async () => {
      for (const [client, error] of [[row.fresh ? gone.spare : gone.api, 'not_logged_in'], [gone.token, 'invalid_token']] as const) {
        const target = row.target ? await row.target() : undefined;
        const res = await client.request(row.method, row.path(target), { json: row.body?.(target) });
        expect(res.status).toBe(anonymous);
        if (anonymous === 401) expect(res.json.error).toBe(error);
        for (const secret of [...(target?.secrets ?? []), ...(await ownerSecrets())]) expect(res.text).not.toContain(secret);
      }
    });
  }

  it('has a row for every route of the API router', () => {
    const covered = (route: string) => API_ROWS.some((row) => `${row.method} ${row.route.split(' ')[0]}` === route);
    const routes = everyApiRoute();
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((route) => !covered(route))).toEqual([]);
  });

  it('GET /api/submissions lists a curator\'s own submissions only, and all of them for an admin', async () => {
    const mine = await createSubmission(users.owner.id, { title: unique('Mine') });
    const theirs = await createSubmission(users.other.id, { title: unique('Theirs') });
    const listed = async (who: Who) => {
      const res = await api[who].get('/api/submissions?perPage=500');
      expect(res.status).toBe(200);
      return { ids: (res.json.items as { id: number }[]).map((s) => s.id), text: res.text, total: res.json.total };
    };
    const owner = await listed('owner');
    expect(owner.ids).toContain(mine.id);
    expect(owner.ids).not.toContain(theirs.id);
    expect(owner.text).not.toContain(theirs.title);
    expect(owner.total).toBe(await count('submissions', 'owner_id = $1', [users.owner.id]));
    const other = await listed('other');
    expect(other.ids).toContain(theirs.id);
    expect(other.ids).not.toContain(mine.id);
    expect(other.text).not.toContain(mine.title);
    const admin = await listed('admin');
    expect(admin.ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('GET /api/tokens shows a curator only their own tokens', async () => {
    const theirs = await createToken(users.other.id, unique('their token'));
    const res = await api.owner.get('/api/tokens');
    expect(res.text).not.toContain(theirs.name);
  });
});
