import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { projectRoot } from '../../core/paths.js';
import { logger } from '../../core/logger.js';
import { componentsDir } from './components.js';

/** Where `npm run build:admin` puts the panel's bundles (git-ignored). */
export const adminAssetsDir = path.join(projectRoot, 'public', 'admin-assets');
export const componentsBundle = path.join(adminAssetsDir, 'components.bundle.js');

function newestSource(): number | undefined {
  if (!fs.existsSync(componentsDir)) return undefined;
  const times = fs.readdirSync(componentsDir)
    .filter((f) => /\.(tsx|ts|jsx)$/.test(f))
    .map((f) => fs.statSync(path.join(componentsDir, f)).mtimeMs);
  return times.length ? Math.max(...times) : undefined;
}

/** True when the components bundle is missing or older than a component source. */
export function adminBundleIsStale(): boolean {
  const newest = newestSource();
  if (newest === undefined) return false; // a deployment with the prebuilt bundle only
  return !fs.existsSync(componentsBundle) || fs.statSync(componentsBundle).mtimeMs < newest;
}

/**
 * Builds the panel's components bundle when it is missing or stale (about 10 s), in a child
 * process: the bundler switches NODE_ENV to production for the process it runs in.
 */
export async function ensureAdminBundle(): Promise<boolean> {
  if (!adminBundleIsStale()) return false;
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fromSource ? ['--import', 'tsx', 'scripts/bundle-admin.ts'] : [path.join('dist', 'scripts', 'bundle-admin.js')];
  logger.info('building the panel components bundle');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, script, {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the panel bundle failed (${code}):\n${output}`))));
  });
  return true;
}
