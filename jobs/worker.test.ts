import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import type { JobName } from './agenda.js';
import { closeQueue, enqueue } from './queue.js';
import {
  closeSockets, connectSocket, createSubmission, createUser, killChildren, login, recordEvents, spawnJobProcess, startTestWeb,
  subscribe, waitFor, type TestWeb,
} from './test-kit.js';

/** 3-second locks, so expiry can be watched in a test. */
const LOCK = { JOB_LOCK_MINUTES: '0.05', INJECTTOOL_TEST_JOBS: 'probes' };
const LOCK_MS = 3_000;

let web: TestWeb | undefined;
afterAll(async () => {
  await killChildren();
  await closeQueue();
  await web?.close();
});
const db = useTestDatabase();

beforeAll(async () => {
  await db.ds.query(`CREATE TABLE test_job_runs (id serial PRIMARY KEY, job_id text NOT NULL, pid int NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz)`);
});
afterEach(async () => {
  closeSockets();
  await killChildren();
});

const runsOf = (jobId: string): Promise<{ pid: number; started_at: Date; finished_at: Date | null }[]> =>
  db.ds.query(`SELECT pid, started_at, finished_at FROM test_job_runs WHERE job_id = $1 ORDER BY id`, [jobId]);

const jobRow = async (jobId: string) =>
  (await db.ds.query(`SELECT locked_at, last_finished_at, failed_at, fail_reason FROM agenda_jobs WHERE id = $1`, [jobId]))[0];

describe('worker process', () => {
  it("runs a job enqueued by the web process; the status event reaches the owner's socket and no other curator's", async () => {
    web = await startTestWeb();
    const [owner, other] = await Promise.all([createUser('curator'), createUser('curator')]);
    const submission = await createSubmission(owner.id, 'waiting');
    const otherSubmission = await createSubmission(other.id, 'waiting');
    const ownerSocket = await connectSocket(web, { cookie: await login(web, owner) });
    const otherSocket = await connectSocket(web, { cookie: await login(web, other) });
    expect(await subscribe(ownerSocket, submission)).toEqual({ ok: true });
    expect(await subscribe(otherSocket, submission)).toMatchObject({ ok: false });
    expect(await subscribe(otherSocket, otherSubmission)).toEqual({ ok: true });
    const ownerGot = recordEvents(ownerSocket);
    const otherGot = recordEvents(otherSocket);

    const worker = spawnJobProcess('worker', db.url, LOCK);
    await enqueue('test-mark-loaded' as JobName, { submissionId: submission });

    await waitFor(() => ownerGot.length > 0, () => `the status event (worker output: ${worker.output()})`);
    expect(ownerGot).toEqual([{
      event: 'submission:status',
      payload: { id: submission, status: 'loaded', message: `loaded by worker ${worker.child.pid}` },
    }]);
    expect(worker.child.pid).not.toBe(process.pid);
    await new Promise((r) => setTimeout(r, 500));
    expect(otherGot).toEqual([]);
  }, 60_000);

  it('keeps the lock of a job running longer than its lock lifetime: a second worker does not run it again', async () => {
    const first = spawnJobProcess('worker', db.url, LOCK);
    const second = spawnJobProcess('worker', db.url, LOCK);
    await Promise.all([first.started, second.started]);
    const jobId = await enqueue('test-slow' as JobName, { ms: 3 * LOCK_MS });

    await waitFor(async () => !!(await jobRow(jobId))?.last_finished_at, 'the slow job to finish', 45_000);
    const runs = await runsOf(jobId);
    expect(runs).toHaveLength(1);
    expect(runs[0].finished_at).not.toBeNull();
    expect(await jobRow(jobId)).toMatchObject({ locked_at: null, failed_at: null, fail_reason: null });
  }, 60_000);

  it('gives the job of a killed worker to another worker once its lock has expired', async () => {
    const workers = [spawnJobProcess('worker', db.url, LOCK), spawnJobProcess('worker', db.url, LOCK)];
    await Promise.all(workers.map((w) => w.started));
    const jobId = await enqueue('test-slow' as JobName, { ms: 4_000 });
    await waitFor(async () => (await runsOf(jobId)).length === 1, 'a worker to start the job');
    const [{ pid: firstPid }] = await runsOf(jobId);
    const doomed = workers.find((w) => w.child.pid === firstPid)!;
    const survivor = workers.find((w) => w !== doomed)!;
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const [{ killed_at: killedAt }] = await db.ds.query(`SELECT clock_timestamp() AS killed_at`);

    await waitFor(async () => !!(await jobRow(jobId))?.last_finished_at, 'the job to be taken over and finished', 45_000);
    const runs = await runsOf(jobId);
    expect(runs.map((r) => r.pid)).toEqual([doomed.child.pid, survivor.child.pid]);
    expect(runs[0].finished_at).toBeNull();
    expect(runs[1].finished_at).not.toBeNull();
    // Not before the dead worker's lock expired (it renewed it at most LOCK_MS / 3 before dying).
    expect(runs[1].started_at.getTime() - killedAt.getTime()).toBeGreaterThanOrEqual((2 / 3) * LOCK_MS - 200);
    expect(await jobRow(jobId)).toMatchObject({ locked_at: null, failed_at: null });
  }, 60_000);

  it('stops on SIGTERM after letting its running job finish, and exits 0', async () => {
    const worker = spawnJobProcess('worker', db.url, LOCK);
    await worker.started;
    const jobId = await enqueue('test-slow' as JobName, { ms: 2_000 });
    await waitFor(async () => (await runsOf(jobId)).length === 1, 'the job to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect((await runsOf(jobId))[0].finished_at).not.toBeNull();
    expect(await jobRow(jobId)).toMatchObject({ locked_at: null, failed_at: null });
    expect((await jobRow(jobId)).last_finished_at).not.toBeNull();
  }, 60_000);

  it('refuses to start when a job has two handlers, naming it, and exits non-zero', async () => {
    const worker = spawnJobProcess('worker', db.url, { INJECTTOOL_TEST_JOBS: 'duplicate' });
    expect(await worker.exited).toBe(1);
    expect(worker.output().trim().split('\n').at(-1)).toBe(
      "worker: Job registry is wrong (jobs/registry.ts): job 'cleanup-sessions' has 2 handlers",
    );
  }, 30_000);
});
