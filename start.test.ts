import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'start.ts'], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, SECRET_KEY: 'x'.repeat(40), LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start', () => {
  it('exits non-zero with one line naming DATABASE_URL when the database cannot be reached', () => {
    const run = start({ DATABASE_URL: 'postgres://injecttool:secret@127.0.0.1:1/injecttool' });
    expect(run.status).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL=postgres://injecttool:***@127.0.0.1:1/injecttool');
    expect(run.stderr).not.toContain('secret');
  });

  it('exits non-zero with one line naming an invalid setting', () => {
    const run = start({ PORT: 'three thousand', DATABASE_URL: 'postgres://127.0.0.1:1/x' });
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
  });
});
