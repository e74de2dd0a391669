import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../paths.js';
import { freePort } from '../../test/global-setup.js';

/**
 * The embedded PostgreSQL of `npm start` across crashes: started in a child process as start.ts does
 * (startEmbeddedPostgres), with the child killed or stopped as a user would.
 */
const children = new Set<ChildProcess>();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-embedded-'));
fs.chmodSync(dir, 0o755);
const dataDir = path.join(dir, 'postgres');

/** Starts the server on `port`, prints READY once it answers a query, then stops it on "stop" (stdin) or dies with the process. */
function startInChild(port: number): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const script = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(path.join(projectRoot, 'core/db/embedded.ts'))});
    const pg = (await import('pg')).default;
    const server = await startEmbeddedPostgres({ dir: ${JSON.stringify(dataDir)}, port: ${port}, database: 'injecttool' });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query('SELECT 1 AS one');
    await client.end();
    console.log('READY ' + rows[0].one);
    process.stdin.on('data', async () => { await server.stop(); console.log('STOPPED'); process.exit(0); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: projectRoot, env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('READY 1')) onReady();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { children.delete(child); resolve(code); }));
  return { child, output: () => output, ready: Promise.race([ready, exited.then(() => { throw new Error(`exited before ready:\n${output}`); })]), exited };
}

async function stop(run: ReturnType<typeof startInChild>): Promise<void> {
  run.child.stdin!.write('stop\n');
  expect(await run.exited).toBe(0);
}

const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
/** Running, not gone or a zombie (an orphaned server is not always reaped where pid 1 is not an init). */
const alive = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (fs.existsSync(path.join(dataDir, 'postmaster.pid')) && alive(postmasterPid())) process.kill(postmasterPid(), 'SIGINT');
  await new Promise((r) => setTimeout(r, 1000));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL of npm start', () => {
  it('starts again after a kill -9 of InjectTool left its server running, and after a stale postmaster.pid', async () => {
    const port = await freePort();
    const first = startInChild(port);
    await first.ready;
    first.child.kill('SIGKILL');
    await first.exited;
    const leftover = postmasterPid();
    expect(alive(leftover)).toBe(true);

    const second = startInChild(port);
    await second.ready;
    expect(second.output()).toContain('stopping a PostgreSQL left running by a previous start');
    expect(alive(leftover)).toBe(false);
    await stop(second);

    // A pid file naming a process that is gone (the machine crashed with the server running).
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `999999\n${dataDir}\n`);
    const third = startInChild(port);
    await third.ready;
    expect(third.output()).toContain('removing stale postmaster.pid');
    await stop(third);
  }, 120_000);
});
