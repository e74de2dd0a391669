import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { disconnectUser, publish } from '../core/events.js';
import { createApiToken, revokeApiToken } from '../core/users/tokens.js';
import {
  closeSockets, connectSocket, createSubmission, createUser, login, recordEvents, startTestWeb, subscribe, waitFor,
  type TestUser, type TestWeb,
} from '../jobs/test-kit.js';

let web: TestWeb | undefined;
let owner: TestUser;
let other: TestUser;
let admin: TestUser;
let submission: number;

// Declared before the database's hooks so that it runs before the database is dropped.
afterAll(async () => {
  await web?.close();
});
const db = useTestDatabase();

beforeAll(async () => {
  web = await startTestWeb();
  [owner, other, admin] = await Promise.all([createUser('curator'), createUser('curator'), createUser('admin')]);
  submission = await createSubmission(owner.id);
});
afterEach(closeSockets);

describe('live events socket', () => {
  it('lets the owner subscribe to their submission and delivers its events', async () => {
    const socket = await connectSocket(web!, { cookie: await login(web!, owner) });
    expect(await subscribe(socket, submission)).toEqual({ ok: true });
    const received = recordEvents(socket);
    publish('submission:progress', { id: submission, phase: 'import', done: 5, total: 10 });
    await waitFor(() => received.length > 0, 'the progress event');
    expect(received).toEqual([{ event: 'submission:progress', payload: { id: submission, phase: 'import', done: 5, total: 10 } }]);
  });

  it("refuses another curator's subscription to a submission that is not theirs, and sends them nothing", async () => {
    const socket = await connectSocket(web!, { cookie: await login(web!, other) });
    const reply = await subscribe(socket, submission);
    expect(reply).toEqual({ ok: false, error: `Submission ${submission} does not exist or is not yours` });
    const received = recordEvents(socket);
    const watcher = await connectSocket(web!, { cookie: await login(web!, owner) });
    await subscribe(watcher, submission);
    const seen = recordEvents(watcher);
    publish('submission:status', { id: submission, status: 'loaded', message: 'done' });
    await waitFor(() => seen.length > 0, 'the owner to get the event');
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toEqual([]);
  });

  it('answers the same refusal for a submission that does not exist', async () => {
    const socket = await connectSocket(web!, { cookie: await login(web!, other) });
    expect(await subscribe(socket, 987654)).toEqual({ ok: false, error: 'Submission 987654 does not exist or is not yours' });
    expect(await subscribe(socket, 'x' as unknown as number)).toEqual({ ok: false, error: 'subscribe needs {submissionId: <a submission id>}' });
  });

  it("lets an admin follow any curator's submission", async () => {
    const socket = await connectSocket(web!, { cookie: await login(web!, admin) });
    expect(await subscribe(socket, submission)).toEqual({ ok: true });
  });

  it('refuses a connection without a session or token', async () => {
    await expect(connectSocket(web!)).rejects.toThrow('not logged in');
    await expect(connectSocket(web!, { cookie: 'injecttool.sid=s%3Aforged.signature' })).rejects.toThrow('not logged in');
  });

  it('refuses a session-cookie connection opened by a page of another site', async () => {
    const cookie = await login(web!, owner);
    await expect(connectSocket(web!, { cookie, origin: 'https://evil.example' })).rejects.toThrow('cross-site connection refused');
    await expect(connectSocket(web!, { cookie, origin: web!.url })).resolves.toBeDefined();
  });

  it('accepts an API token, and stops accepting it once revoked', async () => {
    const token = await createApiToken(owner.id, 'socket test');
    const socket = await connectSocket(web!, { token: token.token });
    expect(await subscribe(socket, submission)).toEqual({ ok: true });
    await revokeApiToken(token.id, { id: owner.id, email: owner.email, role: 'curator' });
    expect(await subscribe(socket, submission)).toMatchObject({ ok: false });
    await expect(connectSocket(web!, { token: token.token })).rejects.toThrow('not logged in');
  });

  it('stops working for a user deactivated while connected: subscribe refused and the socket closed', async () => {
    const curator = await createUser('curator');
    const own = await createSubmission(curator.id);
    const cookie = await login(web!, curator);
    const socket = await connectSocket(web!, { cookie });
    expect(await subscribe(socket, own)).toEqual({ ok: true });
    const disconnected = new Promise((r) => socket.once('disconnect', r));
    await db.ds.query(`UPDATE users SET active = false WHERE id = $1`, [curator.id]);
    expect(await subscribe(socket, own)).toEqual({ ok: false, error: 'Not logged in: the session ended or the account was deactivated' });
    await disconnected;
    await expect(connectSocket(web!, { cookie })).rejects.toThrow('not logged in');
  });

  it('stops working after logout', async () => {
    const cookie = await login(web!, owner);
    const socket = await connectSocket(web!, { cookie });
    const res = await fetch(`${web!.url}/api/logout`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(204);
    expect(await subscribe(socket, submission)).toMatchObject({ ok: false });
  });

  it("closes every socket of a user at once with disconnectUser (used when an account is deactivated)", async () => {
    const curator = await createUser('curator');
    const cookie = await login(web!, curator);
    const sockets = await Promise.all([connectSocket(web!, { cookie }), connectSocket(web!, { cookie })]);
    const bystander = await connectSocket(web!, { cookie: await login(web!, owner) });
    const closed = sockets.map((s) => new Promise((r) => s.once('disconnect', r)));
    disconnectUser(curator.id);
    await Promise.all(closed);
    expect(bystander.connected).toBe(true);
  });
});
