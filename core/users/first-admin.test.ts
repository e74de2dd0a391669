import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { createUser } from '../../test/factories.js';
import { config, overrideConfig } from '../config.js';
import { ensureFirstAdmin } from './first-admin.js';
import { checkCredentials } from './accounts.js';

const db = useTestDatabase();
const original = { ...config().admin };

beforeEach(async () => {
  await db.ds.query(`DELETE FROM users`);
});
afterEach(() => {
  overrideConfig((c) => (c.admin = { ...original }));
  jest.restoreAllMocks();
});

function captureStdout(): () => string {
  const lines: string[] = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return () => lines.join('\n');
}

describe('the first admin', () => {
  it('is admin@localhost with a generated password, printed once, that logs in', async () => {
    overrideConfig((c) => (c.admin = { email: 'admin@localhost', password: undefined }));
    const printed = captureStdout();
    const created = await ensureFirstAdmin(db.ds);
    expect(created?.email).toBe('admin@localhost');
    const password = created!.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(printed()).toContain(password);
    expect(await checkCredentials('admin@localhost', password)).toMatchObject({ role: 'admin' });

    const again = captureStdout();
    expect(await ensureFirstAdmin(db.ds)).toBeUndefined();
    expect(again()).not.toContain(password);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM users`);
    expect(n).toBe(1);
  });

  it('honours ADMIN_EMAIL and ADMIN_PASSWORD and prints no password', async () => {
    overrideConfig((c) => (c.admin = { email: 'Boss@Example.org', password: 'chosen-password' }));
    const printed = captureStdout();
    const created = await ensureFirstAdmin(db.ds);
    expect(created).toEqual({ email: 'boss@example.org', generatedPassword: undefined });
    expect(printed()).not.toContain('chosen-password');
    expect(await checkCredentials('boss@example.org', 'chosen-password')).toMatchObject({ role: 'admin' });
  });

  it('is not created when an admin exists already', async () => {
    await createUser({ role: 'admin', email: 'existing@example.org' });
    overrideConfig((c) => (c.admin = { email: 'admin@localhost', password: undefined }));
    expect(await ensureFirstAdmin(db.ds)).toBeUndefined();
    const emails = (await db.ds.query(`SELECT email FROM users`)).map((r: { email: string }) => r.email);
    expect(emails).toEqual(['existing@example.org']);
  });

  it('is created once, with one password printed, when several processes start together', async () => {
    overrideConfig((c) => (c.admin = { email: 'admin@localhost', password: undefined }));
    const printed = captureStdout();
    const results = await Promise.all([1, 2, 3].map(() => ensureFirstAdmin(db.ds)));
    const created = results.filter((r) => r !== undefined);
    expect(created).toHaveLength(1);
    expect(printed().match(/password: /g)).toHaveLength(1);
    expect(await checkCredentials('admin@localhost', created[0]!.generatedPassword!)).toMatchObject({ role: 'admin' });
  });
});
