import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import cleanupSessions from './cleanup-sessions.js';
import { createUser, runHandler } from './test-kit.js';

const db = useTestDatabase();

const sessionIds = async (): Promise<string[]> => (await db.ds.query(`SELECT sid FROM session ORDER BY sid`)).map((r: { sid: string }) => r.sid);
const tokenNames = async (): Promise<string[]> => (await db.ds.query(`SELECT name FROM api_tokens ORDER BY name`)).map((r: { name: string }) => r.name);

describe('clean-up of sessions and tokens', () => {
  it('removes expired sessions and keeps live ones', async () => {
    await db.ds.query(`INSERT INTO session (sid, sess, expire) VALUES
      ('expired-yesterday', '{}', now() - interval '1 day'), ('expired-a-second-ago', '{}', now() - interval '1 second'),
      ('live', '{}', now() + interval '1 hour')`);
    await runHandler(cleanupSessions);
    expect(await sessionIds()).toEqual(['live']);
  });

  it('removes expired tokens and tokens revoked more than 30 days ago, keeps live and recently revoked ones', async () => {
    const user = await createUser('curator');
    const token = (name: string, expires: string | null, revoked: string | null) => db.ds.query(
      `INSERT INTO api_tokens (name, token_hash, prefix, user_id, expires_at, revoked_at)
       VALUES ($1::varchar, md5($1::text) || md5($1::text), 'itk_', $2, now() + $3::interval, now() + $4::interval)`,
      [name, user.id, expires, revoked],
    );
    await token('expired', '-1 minute', null);
    await token('revoked-long-ago', null, '-31 days');
    await token('revoked-yesterday', null, '-1 day');
    await token('never-expires', null, null);
    await token('expires-tomorrow', '1 day', null);
    await runHandler(cleanupSessions);
    expect(await tokenNames()).toEqual(['expires-tomorrow', 'never-expires', 'revoked-yesterday']);
  });

  it('removes login failures older than the throttle window and keeps recent ones', async () => {
    await db.ds.query(`INSERT INTO login_failures (email, address, at) VALUES
      ('old@example.org', '192.0.2.1', now() - interval '16 minutes'), ('recent@example.org', '192.0.2.1', now() - interval '1 minute')`);
    await runHandler(cleanupSessions);
    expect((await db.ds.query(`SELECT email FROM login_failures`)).map((r: { email: string }) => r.email)).toEqual(['recent@example.org']);
  });
});
