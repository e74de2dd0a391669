import { afterEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { useEventTransport } from '../events.js';
import { transition } from './state-machine.js';

const db = useTestDatabase();

interface Emitted { room: string; event: string; payload: unknown }

function recordEvents(): Emitted[] {
  const emitted: Emitted[] = [];
  useEventTransport({ to: (room) => ({ emit: (event, payload) => emitted.push({ room, event, payload }) }) });
  return emitted;
}

async function newSubmission(status: string): Promise<number> {
  const [user] = await db.ds.query(`INSERT INTO users (email, password_hash, role) VALUES ('sm-' || gen_random_uuid() || '@x.org', 'x', 'curator') RETURNING id`);
  const [sub] = await db.ds.query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id, progress)
     VALUES ('t', 'bank', (SELECT id FROM countries WHERE label = 'Italy'), 'template', gen_random_uuid()::text, $1, $2, '{"phase":"import","done":1,"total":2}') RETURNING id`,
    [status, user.id],
  );
  return sub.id;
}

const statusOf = async (id: number) => (await db.ds.query(`SELECT status, message, progress FROM submissions WHERE id = $1`, [id]))[0];

afterEach(() => useEventTransport(undefined));

describe('submission state machine', () => {
  it('moves a submission and tells its room, clearing the progress of the finished job', async () => {
    const emitted = recordEvents();
    const id = await newSubmission('waiting');
    expect(await transition(id, 'loaded', { from: ['waiting'], message: '3 animals and 3 samples imported' })).toBe(true);
    expect(await statusOf(id)).toEqual({ status: 'loaded', message: '3 animals and 3 samples imported', progress: null });
    expect(emitted).toEqual([{ room: `submission:${id}`, event: 'submission:status', payload: { id, status: 'loaded', message: '3 animals and 3 samples imported' } }]);
  });

  it('refuses a change from a status not allowed and announces nothing', async () => {
    const emitted = recordEvents();
    const id = await newSubmission('submitted');
    expect(await transition(id, 'waiting', { from: ['loaded', 'need_revision'], message: 'validating' })).toBe(false);
    expect((await statusOf(id)).status).toBe('submitted');
    expect(emitted).toEqual([]);
  });

  it('lets only one of two racing requests win', async () => {
    const id = await newSubmission('loaded');
    const results = await Promise.all([1, 2, 3].map(() => transition(id, 'waiting', { from: ['loaded'] })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
