import fs from 'node:fs';
import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../core/paths.js';

/** Custom components live as .tsx sources in admin/components (bundled by scripts/bundle-admin.ts). */
export const componentsDir = path.join(projectRoot, 'admin', 'components');

export const componentLoader = new ComponentLoader();

/**
 * A deployment that ships only the prebuilt bundle has no sources: the component is then known by
 * name only, which is all a prebuilt bundle needs.
 */
function register(name: string): string {
  const source = path.join(componentsDir, name);
  return fs.existsSync(`${source}.tsx`) ? componentLoader.add(name, source) : name;
}

export const Components = {
  Dashboard: register('Dashboard'),
  ResetPassword: register('ResetPassword'),
  SubmissionShow: register('SubmissionShow'),
  NewSubmission: register('NewSubmission'),
  ReloadSubmission: register('ReloadSubmission'),
  SubmitToBioSamples: register('SubmitToBioSamples'),
};

export type PanelComponents = typeof Components;
