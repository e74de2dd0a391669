/**
 * Builds the panel's browser bundles into public/admin-assets/ (`npm run build:admin`): the custom
 * components (admin/components/*.tsx) and copies of AdminJS's production scripts, for a proxy to serve.
 * Works in a private temporary folder and renames at the end, so two builds at once cannot mix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/paths.js';

// Read by adminjs when it is imported, so set before the dynamic imports below.
process.env.NODE_ENV = 'production';
process.chdir(projectRoot);
const work = path.join('adminjs-tmp', `build-${process.pid}`);
process.env.ADMIN_JS_TMP_DIR = work;

const { bundle } = await import('@adminjs/bundler');
const { componentLoader } = await import('../admin/panel/components.js');
const { adminAssetsDir } = await import('../admin/panel/bundle.js');

const staging = path.join(path.relative(projectRoot, adminAssetsDir), `.build-${process.pid}`);
try {
  const files = await bundle({ componentLoader, destinationDir: staging, adminJsLocalDir: work });
  for (const file of files) fs.renameSync(file.destinationPath, path.join(adminAssetsDir, path.basename(file.destinationPath)));
  console.log(`panel bundles written to ${path.relative(projectRoot, adminAssetsDir)}/`);
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
  if (!fs.readdirSync('adminjs-tmp').length) fs.rmdirSync('adminjs-tmp');
}
